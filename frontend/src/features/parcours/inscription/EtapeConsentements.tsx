/** Enrolment, step 2: what the person agreed to at the first meeting (recorded with the parcours). */
import { Anchor, Checkbox, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router';

import { useStructuresParType } from '../../identity/useIdentity';
import { aujourdhui } from '../domain';
import type { Consentements } from './brouillon';

export function EtapeConsentements({
  consentements,
  onChange,
  errors,
}: {
  consentements: Consentements;
  onChange: (value: Consentements) => void;
  errors: Record<string, string>;
}) {
  const partenaires = useStructuresParType('partenaire');
  const set = <K extends keyof Consentements>(name: K, value: Consentements[K]) => onChange({ ...consentements, [name]: value });
  return (
    <Stack gap="md">
      <Text>
        Remettez la{' '}
        <Anchor component={Link} to="/notice-information" target="_blank" className="cell-link">
          notice d'information
        </Anchor>{' '}
        et recueillez les accords de la personne. Chacun reste révocable à tout moment, depuis sa fiche.
      </Text>
      <TextInput
        label="Date de recueil"
        type="date"
        required
        value={consentements.date}
        max={aujourdhui()}
        onChange={(e) => set('date', e.currentTarget.value)}
        error={errors.date}
        maw={260}
      />
      <Checkbox
        className="touch-checkbox"
        label="La notice d'information a été remise et expliquée à la personne"
        checked={consentements.notice}
        onChange={(e) => set('notice', e.currentTarget.checked)}
        error={errors.notice}
      />
      <MultiSelect
        label="Partenaires avec qui la personne accepte de partager ses informations"
        description="Une orientation vers un partenaire demande cet accord ; il peut aussi être recueilli plus tard."
        placeholder={consentements.partenaires.length === 0 ? 'Aucun pour l’instant' : undefined}
        data={(partenaires.data ?? []).map((p) => ({ value: p.id, label: p.nom }))}
        value={consentements.partenaires}
        onChange={(value) => set('partenaires', value)}
        searchable
        clearable
        error={errors.consentements}
      />
      {consentements.partenaires.length > 0 && (
        <Checkbox
          className="touch-checkbox"
          label="Le partage inclut les informations de santé"
          checked={consentements.sante}
          onChange={(e) => set('sante', e.currentTarget.checked)}
        />
      )}
      <Checkbox
        className="touch-checkbox"
        label="La personne accepte l'usage pseudonymisé de ses données pour l'évaluation du programme"
        checked={consentements.evaluation}
        onChange={(e) => set('evaluation', e.currentTarget.checked)}
      />
    </Stack>
  );
}
