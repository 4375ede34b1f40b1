/**
 * Friendly names for the generated schema types. The only file that knows
 * the component names of openapi.yaml, so a rename there is fixed here once.
 */
import type { components, operations } from './schema';

type Schemas = components['schemas'];

export type Territoire = Schemas['TerritoireOut'];
export type TerritoireStatut = Schemas['StatutTerritoire'];
export type Densite = Schemas['Densite'];

export type Structure = Schemas['StructureOut'];
export type StructureType = Schemas['TypeStructure'];
export type TypePartenaire = Schemas['TypePartenaire'];
export type Domaine = Schemas['Domaine'];

export type Role = Schemas['Role'];
export type Scope = Schemas['Scope'];

export type ProblemBody = Schemas['Problem'];

export type TerritoireListQuery = NonNullable<operations['territoires_list_territoires']['parameters']['query']>;
export type StructureListQuery = NonNullable<operations['structures_list_structures']['parameters']['query']>;

export type Moi = Schemas['MoiOut'];
export type TokenOut = Schemas['TokenOut'];
export type TokenRequest = Schemas['Body_auth_token'];

export type Utilisateur = Schemas['UtilisateurOut'];
export type UtilisateurCreate = Schemas['UtilisateurCreate'];
export type UtilisateurUpdate = Schemas['UtilisateurUpdate'];
export type UtilisateurListQuery = NonNullable<operations['utilisateurs_list_utilisateurs']['parameters']['query']>;

export type ClientApi = Schemas['ClientApiOut'];
export type ClientApiCreate = Schemas['ClientApiCreate'];
export type ClientApiSecret = Schemas['ClientApiSecretOut'];

export type AuditEvent = Schemas['AuditOut'];
export type AuditListQuery = NonNullable<operations['audit_list_audit']['parameters']['query']>;

export type TotpEnrolment = Schemas['TotpEnrolmentOut'];
export type MotDePasseChange = Schemas['MotDePasseChange'];
