import { Button, Group, NativeSelect, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';

import type { GroupeLogement, Parcours, Suivi } from '../../../api/types';
import { groupeLogementLabels, resultatSuiviLabels } from '../../../i18n/parcours';
import { EmptyState } from '../../../ui/EmptyState';
import { DateFr, optionsOf } from '../components';
import { aujourdhui, MOIS_DE_SUIVI } from '../domain';
import { FormAlert, orNull, useFormFeedback } from '../forms';
import { useEnregistrerSuivi } from '../useParcours';

export function SuivisTab({ parcours }: { parcours: Parcours }) {
  const suivis = [...(parcours.suivis ?? [])].sort((a, b) => a.echeance_mois - b.echeance_mois);
  const [ouvert, setOuvert] = useState<string | null>(null);
  const today = aujourdhui();

  return (
    <Stack gap="md">
      <Title order={2}>Suivis après la sortie</Title>
      {suivis.length === 0 ? (
        <EmptyState
          title="Aucun suivi prévu"
          description={`Une sortie vers un emploi ou un logement durable ouvre des suivis à ${MOIS_DE_SUIVI}.`}
        />
      ) : (
        <Stack gap="sm" component="ul" className="plain-list" aria-label="Suivis prévus">
          {suivis.map((suivi) => {
            const du = suivi.date_realisee === null && suivi.date_prevue <= today;
            return (
              <li key={suivi.id} className="caseload-card">
                <Stack gap={4}>
                  <Text fw={700}>Suivi à {suivi.echeance_mois} mois</Text>
                  <Text size="sm">
                    Prévu le <DateFr value={suivi.date_prevue} />
                    {suivi.date_realisee !== null ? (
                      <>
                        {' '}
                        · réalisé le <DateFr value={suivi.date_realisee} /> : {suivi.resultat !== null ? resultatSuiviLabels[suivi.resultat] : ''}
                        {suivi.en_emploi !== null && (suivi.en_emploi ? ', en emploi' : ', sans emploi')}
                        {suivi.groupe_logement !== null && `, ${groupeLogementLabels[suivi.groupe_logement]}`}
                      </>
                    ) : du ? (
                      <Text span fw={700}>
                        {' '}
                        · à faire
                      </Text>
                    ) : null}
                  </Text>
                  {suivi.commentaire !== null && <Text size="sm">{suivi.commentaire}</Text>}
                  {suivi.date_realisee !== null && parcours.statut === 'sorti' && (
                    <Text size="sm">
                      <Link to={`/parcours/${parcours.id}/diagnostics/nouveau?etape=post_sortie&suivi_id=${suivi.id}`}>
                        Diagnostic après la sortie (suivi à {suivi.echeance_mois} mois)
                      </Link>
                    </Text>
                  )}
                  {suivi.date_realisee === null && parcours.statut === 'sorti' && ouvert !== suivi.id && (
                    <div>
                      <Button variant={du ? 'filled' : 'outline'} onClick={() => setOuvert(suivi.id)}>
                        Enregistrer le suivi à {suivi.echeance_mois} mois
                      </Button>
                    </div>
                  )}
                  {ouvert === suivi.id && <SuiviForm parcours={parcours} suivi={suivi} onDone={() => setOuvert(null)} />}
                </Stack>
              </li>
            );
          })}
        </Stack>
      )}
      {parcours.statut === 'sorti' && (
        <Text size="sm">
          Un diagnostic après la sortie peut accompagner chaque suivi :{' '}
          <Link to={`/parcours/${parcours.id}?onglet=diagnostics`}>voir les diagnostics</Link>.
        </Text>
      )}
    </Stack>
  );
}

function SuiviForm({ parcours, suivi, onDone }: { parcours: Parcours; suivi: Suivi; onDone: () => void }) {
  const enregistrer = useEnregistrerSuivi(parcours.id);
  const feedback = useFormFeedback();
  const [date, setDate] = useState(aujourdhui());
  const [resultat, setResultat] = useState<'joint' | 'non_joint' | ''>('');
  const [enEmploi, setEnEmploi] = useState<'oui' | 'non' | ''>('');
  const [typeContrat, setTypeContrat] = useState('');
  const [groupe, setGroupe] = useState<GroupeLogement | ''>('');
  const [commentaire, setCommentaire] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    feedback.reset();
    if (resultat === '') {
      feedback.setErrors({ resultat: 'Indiquez si la personne a été jointe.' });
      return;
    }
    const joint = resultat === 'joint';
    enregistrer.mutate(
      {
        suiviId: suivi.id,
        body: {
          date_realisee: date,
          resultat,
          en_emploi: joint && enEmploi !== '' ? enEmploi === 'oui' : null,
          type_contrat: joint ? orNull(typeContrat) : null,
          groupe_logement: joint && groupe !== '' ? groupe : null,
          commentaire: orNull(commentaire),
        },
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Suivi enregistré', message: `Suivi à ${suivi.echeance_mois} mois enregistré.` });
          onDone();
        },
        onError: feedback.fromError,
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label={`Suivi à ${suivi.echeance_mois} mois`} noValidate>
      <Stack gap="sm" maw={560}>
        <FormAlert title="Le suivi n'a pas été enregistré" message={feedback.formError} />
        <TextInput label="Date du suivi" type="date" required value={date} max={aujourdhui()} onChange={(e) => setDate(e.currentTarget.value)} error={feedback.errors.date_realisee} />
        <Radio.Group label="Résultat" required value={resultat} onChange={(value) => setResultat(value as 'joint' | 'non_joint')} error={feedback.errors.resultat}>
          <Group gap="lg" mt="xs" className="touch-choice">
            <Radio value="joint" label={resultatSuiviLabels.joint} />
            <Radio value="non_joint" label={resultatSuiviLabels.non_joint} />
          </Group>
        </Radio.Group>
        {resultat === 'joint' && (
          <>
            <Radio.Group label="En emploi ?" value={enEmploi} onChange={(value) => setEnEmploi(value as 'oui' | 'non')} error={feedback.errors.en_emploi}>
              <Group gap="lg" mt="xs" className="touch-choice">
                <Radio value="oui" label="Oui" />
                <Radio value="non" label="Non" />
              </Group>
            </Radio.Group>
            {enEmploi === 'oui' && (
              <TextInput label="Type de contrat" description="Par exemple CDI, CDD de 8 mois" value={typeContrat} onChange={(e) => setTypeContrat(e.currentTarget.value)} error={feedback.errors.type_contrat} />
            )}
            <NativeSelect
              label="Logement"
              data={[{ value: '', label: 'Non renseigné' }, ...optionsOf(groupeLogementLabels)]}
              value={groupe}
              onChange={(e) => setGroupe(e.currentTarget.value as GroupeLogement | '')}
              error={feedback.errors.groupe_logement}
            />
          </>
        )}
        <Textarea label="Commentaire" autosize minRows={2} value={commentaire} onChange={(e) => setCommentaire(e.currentTarget.value)} error={feedback.errors.commentaire} />
        <Group gap="sm">
          <Button type="submit" loading={enregistrer.isPending}>
            Enregistrer le suivi
          </Button>
          <Button variant="default" onClick={onDone}>
            Annuler
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
