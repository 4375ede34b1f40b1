import type { Role, Scope, StructureType } from '../../api/types';

/** Which structures may have an API client, the role it gets, and the scopes it may hold (same rule as the API). */
export const clientRoleByStructureType: Partial<Record<StructureType, Role>> = {
  partenaire: 'partenaire',
  fas: 'fas',
};

export const clientScopesByRole: Partial<Record<Role, readonly Scope[]>> = {
  partenaire: ['orientations:read', 'orientations:write'],
  fas: ['indicateurs:read', 'exports:read'],
};

export function scopesForStructureType(type: StructureType | null | undefined): readonly Scope[] {
  if (type == null) return [];
  const role = clientRoleByStructureType[type];
  return role === undefined ? [] : (clientScopesByRole[role] ?? []);
}
