/**
 * French labels of every enum the API exposes, in one place. Components never
 * spell an enum value: they look it up here. `Record<Enum, string>` makes the
 * compiler reject a missing value once the schema is regenerated.
 */
import { indicateursEnumLabels } from './indicateurs';
import { networkEnumLabels } from './network';
import { orientationsEnumLabels } from './orientations';
import { parcoursEnumLabels } from './parcours';
import { rgpdEnumLabels } from './rgpd';
import type { Densite, Domaine, Role, Scope, StructureType, TerritoireStatut, TypePartenaire } from '../api/types';

export const territoireStatutLabels: Record<TerritoireStatut, string> = {
  preparation: 'En préparation',
  operationnel: 'Opérationnel',
  suspendu: 'Suspendu',
};

export const densiteLabels: Record<Densite, string> = {
  dense: 'Territoire dense',
  peu_dense: 'Territoire peu dense',
};

export const structureTypeLabels: Record<StructureType, string> = {
  convergence_france: 'Convergence France',
  fas: 'FAS (Fédération des acteurs de la solidarité)',
  chantier: "Chantier d'insertion",
  partenaire: 'Partenaire',
  financeur: 'Financeur',
  evaluateur: 'Évaluateur',
};

export const typePartenaireLabels: Record<TypePartenaire, string> = {
  france_travail: 'France Travail',
  mission_locale: 'Mission locale',
  cap_emploi: 'Cap emploi',
  ccas: "CCAS (centre communal d'action sociale)",
  chrs: "CHRS (centre d'hébergement et de réinsertion sociale)",
  chu: "CHU (centre d'hébergement d'urgence)",
  siao: "SIAO (service intégré d'accueil et d'orientation)",
  csapa: 'CSAPA (centre de soins en addictologie)',
  cmp: 'CMP (centre médico-psychologique)',
  pass_hospitaliere: 'PASS hospitalière',
  cpam: 'CPAM (Assurance maladie)',
  caf: "CAF (Caisse d'allocations familiales)",
  bailleur_social: 'Bailleur social',
  spip: "SPIP (service pénitentiaire d'insertion et de probation)",
  association: 'Association',
  autre: 'Autre',
};

/** Domaines of freins and orientations (DOMAIN.md). */
export const domaineLabels: Record<Domaine, string> = {
  logement: 'Logement',
  sante: 'Santé',
  droits: 'Accès aux droits',
  emploi: 'Emploi et formation',
  mobilite: 'Mobilité',
  finances: 'Ressources et dettes',
  justice: 'Justice',
  famille: 'Famille',
  langue: 'Langue',
  numerique: 'Numérique',
};

/** Roles of people and API clients (DOMAIN.md, role matrix). */
export const roleLabels: Record<Role, string> = {
  admin_national: 'Administration nationale',
  coordinateur: 'Coordinateur·rice de territoire',
  charge_partenariat: 'Chargé·e de partenariat',
  direction_chantier: 'Direction de chantier',
  accompagnateur: 'Accompagnateur·rice (CIP)',
  encadrant_technique: 'Encadrant·e technique',
  partenaire: 'Partenaire',
  fas: 'FAS régionale',
  evaluateur: 'Évaluateur',
  financeur: 'Financeur',
};

/** Permissions granted to API clients (partner systems, FAS scripts). */
export const scopeLabels: Record<Scope, string> = {
  'orientations:read': 'Consulter les orientations',
  'orientations:write': 'Répondre aux orientations',
  'indicateurs:read': 'Consulter les indicateurs',
  'exports:read': 'Télécharger les exports',
  'referentiel:read': 'Consulter le référentiel (territoires et structures)',
};

/**
 * Actions of the audit trail. The API sends them as free strings (new actions
 * may appear before the SPA knows them): look them up with `auditActionLabel`.
 */
export const auditActionLabels = {
  read: 'Consultation',
  create: 'Création',
  update: 'Modification',
  login: 'Connexion',
  login_failed: 'Connexion échouée',
  login_refused: 'Connexion refusée (trop de tentatives)',
  logout: 'Déconnexion',
  export: 'Export',
  refresh_reuse: 'Réutilisation d’un jeton de session (session fermée)',
  password_change: 'Changement de mot de passe',
  totp_enable: 'Activation de la double authentification',
  secret_rotation: 'Renouvellement de secret',
  revoke: 'Révocation',
  list: 'Recherche',
  disclosure: 'Transmission à un partenaire',
  erase: 'Effacement à la demande de la personne',
  anonymise: 'Anonymisation (fin de conservation)',
} as const satisfies Record<string, string>;

/** Kinds of objects named in the audit trail. */
export const auditObjectTypeLabels: Record<string, string> = {
  user_account: 'Compte utilisateur',
  api_client: "Client d'API",
  refresh_family: 'Session',
  audit_event: "Journal d'audit",
  territoire: 'Territoire',
  structure: 'Structure',
  salarie: 'Identité de la personne',
  parcours: 'Parcours',
  consentement: 'Consentement',
  referent_externe: 'Référent externe',
  contrat: 'Contrat',
  journal_entree: 'Entrée du journal',
  journal: 'Journal',
  suivi_post_sortie: 'Suivi après sortie',
  diagnostic: 'Diagnostic',
  frein: 'Frein',
  action: 'Action',
  orientation: 'Orientation',
  orientation_message: "Message d'orientation",
  donnees_personnelles: 'Données personnelles (export)',
  acces: 'Historique des accès',
  convention: 'Convention',
  convention_document: 'Document de convention',
  referentiel_valeur: 'Référentiel',
  webhook_endpoint: 'Webhook',
  webhook_delivery: 'Livraison de webhook',
  // Exports (object_type names what was exported).
  indicateurs: 'Indicateurs (export)',
  evaluation: "Données d'évaluation (export)",
};

/** Who acted, in the audit trail. */
export const auditActorTypeLabels: Record<string, string> = {
  user: 'Utilisateur',
  client: "Client d'API",
  anonyme: 'Anonyme',
  systeme: 'Système',
};

/** A label for a free-form value, falling back on the value itself when unknown. */
export function labelOf(labels: Readonly<Record<string, string>>, value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return Object.prototype.hasOwnProperty.call(labels, value) ? (labels[value] ?? value) : value;
}

/** Account state (UtilisateurOut.actif). */
export const compteStatutLabels = {
  actif: 'Actif',
  desactive: 'Désactivé',
} as const;

/** API client state (ClientApiOut.actif / revoked_at). */
export const clientApiStatutLabels = {
  actif: 'Actif',
  revoque: 'Révoqué',
} as const;

/**
 * The same label maps, keyed by the name of the enum in openapi.yaml, so a
 * test can check them against the contract.
 */
export const enumLabels = {
  ...networkEnumLabels,
  ...parcoursEnumLabels,
  ...orientationsEnumLabels,
  ...indicateursEnumLabels,
  ...rgpdEnumLabels,
  StatutTerritoire: territoireStatutLabels,
  Densite: densiteLabels,
  TypeStructure: structureTypeLabels,
  TypePartenaire: typePartenaireLabels,
  Domaine: domaineLabels,
  Role: roleLabels,
  Scope: scopeLabels,
} as const;

/** Values of an enum in the order of its label map (for selects and filters). */
export function enumValues<K extends string>(labels: Record<K, string>): K[] {
  return Object.keys(labels) as K[];
}

/** Whether an untrusted string (URL parameter) is a value of the enum. */
export function isEnumValue<K extends string>(labels: Record<K, string>, value: string | null | undefined): value is K {
  return value !== null && value !== undefined && Object.prototype.hasOwnProperty.call(labels, value);
}
