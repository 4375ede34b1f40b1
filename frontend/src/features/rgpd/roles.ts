/** Who handles personal data in the SPA (the API decides for real: 403/404). */
import type { Role } from '../../api/types';

/** Hand the person their data, read the access history. */
export const DONNEES_ROLES: readonly Role[] = ['admin_national', 'coordinateur', 'accompagnateur'];

/** Erase a person's data at their request; watch the retention of the files. */
export const EFFACEMENT_ROLES: readonly Role[] = ['admin_national', 'coordinateur'];
export const RETENTION_ROLES: readonly Role[] = EFFACEMENT_ROLES;

/** The information notice: every caseworker may print it. */
export const NOTICE_ROLES: readonly Role[] = ['admin_national', 'coordinateur', 'direction_chantier', 'accompagnateur', 'encadrant_technique'];
