/** Enrolment, step 3: the entry in the parcours. The housing situation is asked here, once. */
import { Checkbox, NativeSelect, NumberInput, Radio, Group, Stack, TextInput } from '@mantine/core';

import type { Prescripteur, SituationLogement } from '../../../api/types';
import { useMoi } from '../../../app/auth/AuthProvider';
import { peutEtreReferent } from '../../../app/permissions';
import { prescripteurLabels } from '../../../i18n/parcours';
import { optionsOf } from '../components';
import { aujourdhui } from '../domain';
import { situationLogementOptions } from '../logement';
import type { EntreeParcours } from './brouillon';

export function EtapeParcours({ parcours, onChange, errors }: { parcours: EntreeParcours; onChange: (value: EntreeParcours) => void; errors: Record<string, string> }) {
  const moi = useMoi();
  const set = <K extends keyof EntreeParcours>(name: K, value: EntreeParcours[K]) => onChange({ ...parcours, [name]: value });
  return (
    <Stack gap="md">
      <TextInput
        label="Date d'entrée"
        type="date"
        required
        value={parcours.date_entree}
        max={aujourdhui()}
        onChange={(e) => set('date_entree', e.currentTarget.value)}
        error={errors.date_entree}
      />
      <NativeSelect
        label="Prescripteur"
        required
        data={[{ value: '', label: 'Choisir' }, ...optionsOf(prescripteurLabels)]}
        value={parcours.prescripteur}
        onChange={(e) => set('prescripteur', e.currentTarget.value as Prescripteur | '')}
        error={errors.prescripteur}
      />
      <TextInput
        label="Précision sur le prescripteur"
        description="Par exemple le nom de la maraude ou de l'accueil de jour"
        value={parcours.precision}
        onChange={(e) => set('precision', e.currentTarget.value)}
        error={errors.prescripteur_precision}
      />
      <Radio.Group
        label="Parcours de rue"
        description="La personne a-t-elle vécu à la rue ?"
        value={parcours.rue}
        onChange={(value) => set('rue', value as 'oui' | 'non')}
        error={errors.parcours_de_rue}
      >
        <Group gap="md" mt="xs" className="touch-choice">
          <Radio value="oui" label="Oui" />
          <Radio value="non" label="Non" />
        </Group>
      </Radio.Group>
      {parcours.rue === 'oui' && (
        <NumberInput
          label="Durée à la rue (en mois)"
          min={0}
          max={600}
          allowDecimal={false}
          value={parcours.duree_rue}
          onChange={(value) => set('duree_rue', value)}
          error={errors.duree_rue_mois}
        />
      )}
      <NativeSelect
        label="Logement à l'entrée"
        description="Repris dans le diagnostic d'entrée : il n'est demandé qu'une fois."
        required
        data={[{ value: '', label: 'Choisir une situation' }, ...situationLogementOptions()]}
        value={parcours.logement}
        onChange={(e) => set('logement', e.currentTarget.value as SituationLogement | '')}
        error={errors.logement_entree}
      />
      {peutEtreReferent(moi) && (
        <Checkbox
          className="touch-checkbox"
          label="Je suis la ou le référent·e de ce parcours"
          checked={parcours.referent}
          onChange={(e) => set('referent', e.currentTarget.checked)}
          error={errors.referent_id}
        />
      )}
    </Stack>
  );
}
