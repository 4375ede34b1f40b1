import { Checkbox, NativeSelect, Stack, Text } from '@mantine/core';
import type { ChangeEvent } from 'react';

import type { Role } from '../../api/types';
import { useMoi } from '../../app/auth/AuthProvider';
import { rolesAttribuables, TERRITORIAL_ROLES } from '../../app/permissions';
import { roleLabels, structureTypeLabels } from '../../i18n/labels';
import { ROLE_STRUCTURE } from '../../i18n/referentiel.generated';
import { useStructuresParType, useTousTerritoires } from './useIdentity';

export interface Affectation {
  role: Role | '';
  structure_id: string;
  territoire_ids: string[];
}

interface AffectationFieldsProps {
  value: Affectation;
  onChange: (value: Affectation) => void;
  errors: Record<string, string>;
}

/**
 * Role, structure and territoires of an account: the structure list follows
 * the type the role needs; territoires only for the roles that carry them.
 */
export function AffectationFields({ value, onChange, errors }: AffectationFieldsProps) {
  const structureType = value.role === '' ? null : ROLE_STRUCTURE[value.role];
  const structures = useStructuresParType(structureType);
  const territorial = value.role !== '' && TERRITORIAL_ROLES.includes(value.role);
  const territoires = useTousTerritoires({ enabled: territorial });

  // The roles the caller may hand out (the API's table); an account's current role stays listed.
  const attribuables = rolesAttribuables(useMoi());
  const roles = value.role === '' || attribuables.includes(value.role) ? attribuables : [value.role, ...attribuables];
  const roleOptions = [{ value: '', label: 'Choisir un rôle' }, ...roles.map((role) => ({ value: role, label: roleLabels[role] }))];
  const structureOptions = [
    {
      value: '',
      label:
        structureType === null
          ? "Choisissez d'abord un rôle"
          : structures.isPending
            ? 'Chargement des structures…'
            : `Choisir une structure (${structureTypeLabels[structureType]})`,
    },
    ...(structures.data ?? []).map((structure) => ({ value: structure.id, label: structure.nom })),
  ];

  const setRole = (role: Role | '') => {
    const keepStructure =
      role !== '' && value.role !== '' && ROLE_STRUCTURE[role] === ROLE_STRUCTURE[value.role] ? value.structure_id : '';
    const keepTerritoires = role !== '' && TERRITORIAL_ROLES.includes(role) ? value.territoire_ids : [];
    onChange({ role, structure_id: keepStructure, territoire_ids: keepTerritoires });
  };

  return (
    <Stack gap="md">
      <NativeSelect
        label="Rôle"
        required
        data={roleOptions}
        value={value.role}
        error={errors.role}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => setRole(event.currentTarget.value as Role | '')}
      />
      <NativeSelect
        label="Structure"
        required
        disabled={structureType === null}
        data={structureOptions}
        value={value.structure_id}
        error={errors.structure_id ?? (structures.isError ? 'Impossible de charger les structures.' : undefined)}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange({ ...value, structure_id: event.currentTarget.value })}
      />
      {territorial && (
        <Checkbox.Group
          label="Territoires"
          description="Le périmètre de ce rôle : au moins un territoire."
          withAsterisk
          value={value.territoire_ids}
          error={errors.territoire_ids}
          onChange={(territoire_ids) => onChange({ ...value, territoire_ids })}
        >
          <Stack gap={4} mt="xs">
            {territoires.isPending && <Text size="sm">Chargement des territoires…</Text>}
            {(territoires.data ?? []).map((territoire) => (
              <Checkbox key={territoire.id} value={territoire.id} label={territoire.nom} className="touch-checkbox" />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
    </Stack>
  );
}
