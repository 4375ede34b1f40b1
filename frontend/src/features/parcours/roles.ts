/** Who sees what of people and parcours (DOMAIN.md role matrix). The API decides for real. */
import type { Role } from '../../api/types';

/** The caseload and the person pages ("Salariés"). */
export const PARCOURS_ROLES: readonly Role[] = ['admin_national', 'coordinateur', 'direction_chantier', 'accompagnateur', 'encadrant_technique'];

/** Read and write everything of a parcours: journal, diagnostics, freins, consents. */
export const PARCOURS_WRITERS: readonly Role[] = ['admin_national', 'coordinateur', 'direction_chantier', 'accompagnateur'];

/** Roles that choose among several chantiers (the others belong to one). */
export const MULTI_CHANTIER_ROLES: readonly Role[] = ['admin_national', 'coordinateur'];

export function canWriteParcours(role: Role | null | undefined): boolean {
  return role != null && PARCOURS_WRITERS.includes(role);
}
