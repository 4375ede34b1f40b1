import type { Role, Scope, StructureType } from '../../api/types';
import { CLIENT_ROLE, ROLE_CLIENT_SCOPES } from '../../i18n/referentiel.generated';

/**
 * The scopes an API client of a structure may hold: the role the API gives a client of
 * that type of structure, then that role's scopes (both tables generated from the API).
 */
export function scopesForStructureType(type: StructureType | null | undefined): readonly Scope[] {
  if (type == null) return [];
  const role: Role | undefined = (CLIENT_ROLE as Partial<Record<StructureType, Role>>)[type];
  if (role === undefined) return [];
  return (ROLE_CLIENT_SCOPES as Partial<Record<Role, readonly Scope[]>>)[role] ?? [];
}
