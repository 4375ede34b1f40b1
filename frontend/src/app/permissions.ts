/**
 * What the signed-in caller may do: the API's one table of permissions, as `/moi` lists
 * them. The SPA shows a door only when `can()` says it opens; the API decides for real.
 * No role list is written in the SPA (the tables it needs are generated from the API).
 */
import type { Moi, Permission, Role, StructureType, TypeConvention } from '../api/types';
import { enumValues, roleLabels } from '../i18n/labels';
import {
  CONVENTIONS_GEREES,
  PERIMETRES,
  ROLES_ATTRIBUABLES_TERRITOIRE,
  ROLES_REFERENT,
  STRUCTURES_GEREES,
} from '../i18n/referentiel.generated';

type WithPermissions = Pick<Moi, 'permissions'> | null | undefined;

export function can(moi: WithPermissions, permission: Permission): boolean {
  return moi != null && moi.permissions.includes(permission);
}

/** Roles whose perimeter is a set of territoires (the others take theirs from their structure). */
export const TERRITORIAL_ROLES: readonly Role[] = PERIMETRES.territoire;

/** Whether a role works within one chantier (the others choose among several). */
export function inChantier(role: Role | null | undefined): boolean {
  return role != null && (PERIMETRES.chantier as readonly Role[]).includes(role);
}

/** The types of structure the caller creates and edits (the API's table, generated). */
export function structureTypesFor(moi: Pick<Moi, 'role'> | null | undefined): readonly StructureType[] {
  if (moi == null) return [];
  const gerees: Partial<Record<Role, readonly StructureType[]>> = STRUCTURES_GEREES;
  return gerees[moi.role] ?? [];
}

/** The types of convention the caller's permissions manage (the API's table, generated). */
export function conventionTypesFor(moi: WithPermissions): readonly TypeConvention[] {
  if (moi == null) return [];
  const gerees: Partial<Record<Permission, readonly TypeConvention[]>> = CONVENTIONS_GEREES;
  const types = new Set<TypeConvention>();
  for (const permission of moi.permissions) for (const type of gerees[permission] ?? []) types.add(type);
  return [...types];
}

/**
 * The roles the caller may give an account: every role for the national team, those the
 * API lets a territoire hand out for the others (generated table).
 */
export function rolesAttribuables(moi: Pick<Moi, 'perimetre'> | null | undefined): readonly Role[] {
  if (moi == null) return [];
  return moi.perimetre.national ? enumValues(roleLabels) : ROLES_ATTRIBUABLES_TERRITOIRE;
}

/** Whether the caller may be the référent of a parcours (the API's table). */
export function peutEtreReferent(moi: Pick<Moi, 'role'> | null | undefined): boolean {
  return moi != null && (ROLES_REFERENT as readonly Role[]).includes(moi.role);
}
