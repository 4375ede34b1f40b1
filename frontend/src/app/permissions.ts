/**
 * What the signed-in caller may do: the API's one table of permissions, as `/moi` lists
 * them. The SPA shows a door only when `can()` says it opens; the API decides for real.
 * No role list is written in the SPA (the tables it needs are generated from the API).
 */
import type { Moi, Permission, Role } from '../api/types';
import { PERIMETRES } from '../i18n/referentiel.generated';

export function can(moi: Pick<Moi, 'permissions'> | null | undefined, permission: Permission): boolean {
  return moi != null && moi.permissions.includes(permission);
}

/** Roles whose perimeter is a set of territoires (the others take theirs from their structure). */
export const TERRITORIAL_ROLES: readonly Role[] = PERIMETRES.territoire;

/** Whether a role works within one chantier (the others choose among several). */
export function inChantier(role: Role | null | undefined): boolean {
  return role != null && (PERIMETRES.chantier as readonly Role[]).includes(role);
}
