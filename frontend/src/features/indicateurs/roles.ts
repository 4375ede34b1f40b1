/** Who sees what of the indicators and exports (the API decides for real). */
import type { Role } from '../../api/types';

/** Exact figures in their perimeter. */
export const INDICATEURS_EXACTS: readonly Role[] = ['admin_national', 'coordinateur', 'direction_chantier'];

/** Figures under statistical secrecy (counts from 1 to 10 masked). */
export const INDICATEURS_MASQUES: readonly Role[] = ['fas', 'financeur', 'charge_partenariat'];

/** Everyone who reads the indicators page. */
export const INDICATEURS_ROLES: readonly Role[] = [...INDICATEURS_EXACTS, ...INDICATEURS_MASQUES];

/** The nominative list of parcours (CSV), in the reader's perimeter. */
export const EXPORT_PARCOURS_ROLES: readonly Role[] = ['admin_national', 'coordinateur', 'direction_chantier', 'accompagnateur'];

/** The pseudonymised evaluation dataset. */
export const EVALUATION_ROLES: readonly Role[] = ['evaluateur'];

/** Under statistical secrecy the API wants a year, and never shows "all years" at once. */
export function estMasque(role: Role): boolean {
  return INDICATEURS_MASQUES.includes(role);
}
