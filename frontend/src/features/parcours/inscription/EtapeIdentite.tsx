/** Enrolment, step 1: who the person is (nothing is written yet). */
import { NativeSelect, Stack, Text, TextInput } from '@mantine/core';

import type { Sexe } from '../../../api/types';
import { useMoi } from '../../../app/auth/AuthProvider';
import { sexeLabels } from '../../../i18n/parcours';
import { useStructuresParType } from '../../identity/useIdentity';
import { optionsOf } from '../components';
import { aujourdhui } from '../domain';
import type { Identite } from './brouillon';

export function EtapeIdentite({
  identite,
  onChange,
  multiChantier,
  errors,
}: {
  identite: Identite;
  onChange: (value: Identite) => void;
  multiChantier: boolean;
  errors: Record<string, string>;
}) {
  const moi = useMoi();
  const chantiers = useStructuresParType(multiChantier ? 'chantier' : null);
  const set = <K extends keyof Identite>(name: K, value: Identite[K]) => onChange({ ...identite, [name]: value });
  return (
    <Stack gap="md">
      {multiChantier ? (
        <NativeSelect
          label="Chantier"
          required
          data={[{ value: '', label: 'Choisir un chantier' }, ...(chantiers.data ?? []).map((c) => ({ value: c.id, label: c.nom }))]}
          value={identite.chantier_id}
          onChange={(event) => set('chantier_id', event.currentTarget.value)}
          error={errors.chantier_id}
        />
      ) : (
        <Text>
          Chantier : <strong>{moi.structure_nom}</strong>
        </Text>
      )}
      <TextInput label="Nom" required value={identite.nom} onChange={(e) => set('nom', e.currentTarget.value)} error={errors.nom} autoComplete="off" />
      <TextInput label="Prénoms" required value={identite.prenoms} onChange={(e) => set('prenoms', e.currentTarget.value)} error={errors.prenoms} autoComplete="off" />
      <TextInput label="Nom d'usage" value={identite.nom_usage} onChange={(e) => set('nom_usage', e.currentTarget.value)} error={errors.nom_usage} />
      <TextInput
        label="Date de naissance"
        type="date"
        required
        value={identite.date_naissance}
        onChange={(e) => set('date_naissance', e.currentTarget.value)}
        error={errors.date_naissance}
        max={aujourdhui()}
      />
      <NativeSelect
        label="Sexe"
        data={[{ value: '', label: 'Non renseigné' }, ...optionsOf(sexeLabels)]}
        value={identite.sexe}
        onChange={(e) => set('sexe', e.currentTarget.value as Sexe | '')}
        error={errors.sexe}
      />
      <TextInput label="Téléphone" type="tel" value={identite.telephone} onChange={(e) => set('telephone', e.currentTarget.value)} error={errors.telephone} />
      <TextInput label="Courriel" type="email" value={identite.courriel} onChange={(e) => set('courriel', e.currentTarget.value)} error={errors.courriel} />
      <TextInput label="Adresse" value={identite.adresse} onChange={(e) => set('adresse', e.currentTarget.value)} error={errors.adresse} />
      <TextInput
        label="Domiciliation"
        description="Organisme qui reçoit le courrier, le cas échéant"
        value={identite.domiciliation}
        onChange={(e) => set('domiciliation', e.currentTarget.value)}
        error={errors.domiciliation}
      />
      <TextInput
        label="Langues parlées"
        description="Séparées par des virgules"
        value={identite.langues}
        onChange={(e) => set('langues', e.currentTarget.value)}
        error={errors.langues}
      />
    </Stack>
  );
}
