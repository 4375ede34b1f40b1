/** Who sees what of the orientations (the API decides for real). */
import type { Role } from '../../api/types';

/** Caseworkers: prepare, send and cancel orientations. */
export const ORIENTATION_SENDERS: readonly Role[] = ['admin_national', 'coordinateur', 'direction_chantier', 'accompagnateur'];

/** Everyone who reads orientations (partners: those addressed to them). */
export const ORIENTATION_READERS: readonly Role[] = [...ORIENTATION_SENDERS, 'charge_partenariat', 'partenaire'];

/** The partner table (answers, delays). */
export const PARTENAIRES_STATS_ROLES: readonly Role[] = ['admin_national', 'coordinateur', 'charge_partenariat'];
