/**
 * What each role may see in the SPA. The API decides for real (403/404):
 * this only avoids showing doors that will not open.
 */
import type { Moi, Role, StructureType } from '../api/types';
import { enumValues, roleLabels } from '../i18n/labels';

export const ALL_ROLES: readonly Role[] = enumValues(roleLabels);

/** Account and API client administration, audit trail. */
export const ADMIN_ROLES: readonly Role[] = ['admin_national', 'coordinateur'];

/** The territoires directory: everyone but partners (their inbox comes with orientations). */
export const TERRITOIRES_ROLES: readonly Role[] = ALL_ROLES.filter((role) => role !== 'partenaire');

/** Roles that carry territoires (the others take theirs from their structure). */
export const TERRITORIAL_ROLES: readonly Role[] = ['coordinateur', 'charge_partenariat', 'fas'];

/** The type of structure an account of each role belongs to (same rule as the API). */
export const roleStructureType: Record<Role, StructureType> = {
  admin_national: 'convergence_france',
  coordinateur: 'chantier',
  charge_partenariat: 'chantier',
  direction_chantier: 'chantier',
  accompagnateur: 'chantier',
  encadrant_technique: 'chantier',
  partenaire: 'partenaire',
  fas: 'fas',
  evaluateur: 'evaluateur',
  financeur: 'financeur',
};

export function hasRole(moi: Pick<Moi, 'role'> | null | undefined, roles: readonly Role[]): boolean {
  return moi != null && roles.includes(moi.role);
}

/** The first page of each person (UI.md); TOTP enrolment first when the role requires it. */
export function homePathFor(moi: {
  role: Role;
  totp_requis?: boolean | null;
  perimetre?: { territoire_ids: readonly string[] } | null;
}): string {
  if (moi.totp_requis === true) return '/mon-compte';
  // A coordinateur steers its territoire: its page shows the conventions to renew.
  const territoire = moi.perimetre?.territoire_ids[0];
  if (moi.role === 'coordinateur' && territoire !== undefined) return `/territoires/${territoire}`;
  return HOME_BY_ROLE[moi.role] ?? '/territoires';
}

/** UI.md, "Home page by role": the caseworkers' to-do list, the partners' inbox... */
const HOME_BY_ROLE: Partial<Record<Role, string>> = {
  accompagnateur: '/a-faire',
  direction_chantier: '/parcours',
  encadrant_technique: '/parcours',
  partenaire: '/orientations',
  charge_partenariat: '/orientations/partenaires',
  fas: '/indicateurs',
  financeur: '/indicateurs',
  evaluateur: '/evaluation',
};

/**
 * The page to go back to after login, from the `retour` parameter. Only paths
 * of this site: never another origin ("//evil.example", "https://…").
 */
export function safeReturnPath(value: string | null | undefined): string | null {
  if (value == null || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.startsWith('/connexion')) return null;
  return value;
}

/** The login address that brings back to `path` afterwards. */
export function loginPathFor(path: string): string {
  return path === '/' || path === '' ? '/connexion' : `/connexion?retour=${encodeURIComponent(path)}`;
}
