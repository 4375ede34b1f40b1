/**
 * Where each person lands, and the way back after login. The first page of each role is
 * UI.md's screen design ("Home page by role"), not a permission: what a person may open is
 * decided by the permissions `/moi` lists (see permissions.ts).
 */
import type { Role } from '../api/types';

/** The first page of each person (UI.md); TOTP enrolment first when the role requires it. */
export function homePathFor(moi: {
  role: Role;
  totp_requis?: boolean | null;
  perimetre?: { territoire_ids: readonly string[] } | null;
}): string {
  if (moi.totp_requis === true) return '/mon-compte';
  const home = HOME_BY_ROLE[moi.role];
  if (home === TERRITOIRE) {
    const territoire = moi.perimetre?.territoire_ids[0];
    return territoire === undefined ? '/territoires' : `/territoires/${territoire}`;
  }
  return home ?? '/territoires';
}

/** The page of one's own territoire (a coordinateur steers it: conventions to renew…). */
const TERRITOIRE = Symbol('territoire');

/** UI.md, "Home page by role": the caseworkers' to-do list, the partners' inbox... */
const HOME_BY_ROLE: Partial<Record<Role, string | typeof TERRITOIRE>> = {
  coordinateur: TERRITOIRE,
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
  return path === '/' || path === '/espace' || path === '' ? '/connexion' : `/connexion?retour=${encodeURIComponent(path)}`;
}
