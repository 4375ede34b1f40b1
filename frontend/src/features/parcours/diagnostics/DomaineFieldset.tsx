/** One domaine of a diagnostic: its level, situations and comment. */
import { Button, Checkbox, Group, Radio, Stack, Text, Textarea, Title } from '@mantine/core';

import type { Domaine, Referentiel, SituationLogement } from '../../../api/types';
import { domaineLabels } from '../../../i18n/labels';
import { niveauLabels, situationLogementLabels } from '../../../i18n/parcours';
import { NIVEAUX } from '../domain';
import { libelleDe, valeursProposees } from '../freins/referentiel';
import type { DomaineSaisi } from './draft';

export function DomaineFieldset({
  domaine,
  valeur,
  referentiel,
  erreurs,
  onChange,
  logementEntree,
}: {
  domaine: Domaine;
  /** At entry, the housing situation was asked with the parcours: shown, not asked again. */
  logementEntree?: SituationLogement | null;
  valeur: DomaineSaisi;
  referentiel: Referentiel;
  erreurs: Record<string, string>;
  onChange: (changes: Partial<DomaineSaisi>) => void;
}) {
  const label = domaineLabels[domaine];
  const proposees = valeursProposees(referentiel, domaine, 'situations');
  // Retired values already stored stay visible (and can be unticked).
  const anciennes = valeur.situations.filter((code) => !proposees.some((v) => v.code === code));
  const options = [...proposees.map((v) => ({ value: v.code, label: v.libelle })), ...anciennes.map((code) => ({ value: code, label: libelleDe(referentiel, domaine, 'situations', code) }))];
  const titreId = `domaine-${domaine}-titre`;
  return (
    <section id={`domaine-${domaine}`} className="domaine-section" aria-labelledby={titreId}>
      <Stack gap="sm">
        <Title order={2} id={titreId}>
          {label}
        </Title>
        <Radio.Group
          label={`Niveau de frein : ${label}`}
          value={valeur.niveau === null ? '' : String(valeur.niveau)}
          onChange={(value) => onChange({ niveau: Number(value) })}
          error={erreurs.niveau}
        >
          <Group gap="md" mt="xs" className="touch-choice">
            {NIVEAUX.map((niveau) => (
              <Radio key={niveau} value={String(niveau)} label={`${niveauLabels[niveau]} (${niveau})`} />
            ))}
          </Group>
        </Radio.Group>
        {valeur.niveau !== null && (
          <Button variant="subtle" size="compact-sm" onClick={() => onChange({ niveau: null, situations: [], commentaire: '' })} style={{ alignSelf: 'flex-start' }}>
            Ne pas évaluer {label.toLowerCase()}
          </Button>
        )}
        {domaine === 'logement' && logementEntree != null ? (
          <Text size="sm">
            Situation de logement à l'entrée : <strong>{situationLogementLabels[logementEntree]}</strong> (indiquée à l'ouverture du parcours).
          </Text>
        ) : options.length > 0 &&
          (domaine === 'logement' ? (
            <Radio.Group
              label="Situation de logement (une seule)"
              value={valeur.situations[0] ?? ''}
              onChange={(value) => onChange({ situations: [value] })}
              error={erreurs.situations}
            >
              <Stack gap={0} mt="xs" className="touch-choice">
                {options.map((option) => (
                  <Radio key={option.value} value={option.value} label={option.label} />
                ))}
              </Stack>
            </Radio.Group>
          ) : (
            <Checkbox.Group label={`Situations : ${label}`} value={valeur.situations} onChange={(situations) => onChange({ situations })} error={erreurs.situations}>
              <Stack gap={0} mt="xs" className="touch-choice">
                {options.map((option) => (
                  <Checkbox key={option.value} value={option.value} label={option.label} />
                ))}
              </Stack>
            </Checkbox.Group>
          ))}
        <Textarea
          label={`Commentaire : ${label}`}
          autosize
          minRows={2}
          value={valeur.commentaire}
          onChange={(e) => onChange({ commentaire: e.currentTarget.value })}
          error={erreurs.commentaire}
        />
      </Stack>
    </section>
  );
}
