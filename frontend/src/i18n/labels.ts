/**
 * French labels of every enum the API exposes, in one place. Components never
 * spell an enum value: they look it up here. `Record<Enum, string>` makes the
 * compiler reject a missing value once the schema is regenerated.
 */
import type { Densite, Domaine, Role, Scope, StructureType, TerritoireStatut, TypePartenaire } from '../api/types';
import { LIBELLES, LIBELLES_LIBRES } from './referentiel.generated';

export const territoireStatutLabels: Record<TerritoireStatut, string> = LIBELLES.StatutTerritoire;

export const densiteLabels: Record<Densite, string> = LIBELLES.Densite;

export const structureTypeLabels: Record<StructureType, string> = LIBELLES.TypeStructure;

export const typePartenaireLabels: Record<TypePartenaire, string> = LIBELLES.TypePartenaire;

/** Domaines of freins and orientations (DOMAIN.md). */
export const domaineLabels: Record<Domaine, string> = LIBELLES.Domaine;

/** Roles of people and API clients (DOMAIN.md, role matrix). */
export const roleLabels: Record<Role, string> = LIBELLES.Role;

/** Permissions granted to API clients (partner systems, FAS scripts). */
export const scopeLabels: Record<Scope, string> = LIBELLES.Scope;

/**
 * Actions of the audit trail. The API sends them as free strings (new actions
 * may appear before the SPA knows them): look them up with `auditActionLabel`.
 */
export const auditActionLabels = LIBELLES_LIBRES.audit_action satisfies Record<string, string>;

/** Kinds of objects named in the audit trail. */
export const auditObjectTypeLabels: Record<string, string> = LIBELLES_LIBRES.audit_objet;

/** Who acted, in the audit trail. */
export const auditActorTypeLabels: Record<string, string> = LIBELLES_LIBRES.audit_acteur;

/** A label for a free-form value, falling back on the value itself when unknown. */
export function labelOf(labels: Readonly<Record<string, string>>, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return Object.prototype.hasOwnProperty.call(labels, value) ? (labels[value] ?? value) : value;
}

/** Account state (UtilisateurOut.actif). */
export const compteStatutLabels = LIBELLES_LIBRES.compte_statut;

/** API client state (ClientApiOut.actif / revoked_at). */
export const clientApiStatutLabels = LIBELLES_LIBRES.client_api_statut;

/**
 * The same label maps, keyed by the name of the enum in openapi.yaml, so a
 * test can check them against the contract.
 */
export const invitationStatutLabels = LIBELLES.StatutInvitation;
export const invitationActionLabels = LIBELLES.ActionInvitation;

/** Every enum of the contract with its labels: the API's own vocabulary (api/referentiel). */
export const enumLabels = LIBELLES;

/** Values of an enum in the order of its label map (for selects and filters). */
export function enumValues<K extends string>(labels: Record<K, string>): K[] {
  return Object.keys(labels) as K[];
}

/** Whether an untrusted string (URL parameter) is a value of the enum. */
export function isEnumValue<K extends string>(labels: Record<K, string>, value: string | null | undefined): value is K {
  return value !== null && value !== undefined && Object.prototype.hasOwnProperty.call(labels, value);
}
