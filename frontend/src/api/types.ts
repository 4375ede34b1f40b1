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
export type Permission = Schemas['Permission'];
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

// --- network: territoires (detail, writes), structures, conventions --------------------------
export type TerritoireDetail = Schemas['TerritoireDetail'];
export type TerritoireCreate = Schemas['TerritoireCreate'];
export type TerritoireUpdate = Schemas['TerritoireUpdate'];
export type Evenement = Schemas['Evenement'];
export type StructureCreate = Schemas['StructureCreate'];
export type StructureUpdate = Schemas['StructureUpdate'];
export type Contact = Schemas['Contact'];
export type Engagement = Schemas['Engagement'];
export type Convention = Schemas['ConventionOut'];
export type ConventionCreate = Schemas['ConventionCreate'];
export type ConventionUpdate = Schemas['ConventionUpdate'];
export type ConventionListQuery = NonNullable<operations['conventions_list_conventions']['parameters']['query']>;
export type TypeConvention = Schemas['TypeConvention'];
export type StatutConvention = Schemas['StatutConvention'];
export type RolePartie = Schemas['RolePartie'];
export type PartieIn = Schemas['PartieIn'];
export type ObjectifConvention = Schemas['Objectif'];
export type DocumentConvention = Schemas['DocumentOut'];

// --- parcours: people, parcours, freins, diagnostics -----------------------------------------
export type Salarie = Schemas['SalarieOut'];
export type SalarieCreate = Schemas['SalarieCreate'];
export type SalarieUpdate = Schemas['SalarieUpdate'];
export type Consentement = Schemas['ConsentementOut'];
export type ConsentementCreate = Schemas['ConsentementCreate'];
export type ReferentExterne = Schemas['ReferentOut'];
export type ReferentCreate = Schemas['ReferentCreate'];
export type Parcours = Schemas['ParcoursOut'];
export type Synthese = Schemas['SyntheseOut'];
export type InscriptionIn = Schemas['InscriptionIn'];
export type ParcoursCreate = Schemas['ParcoursCreate'];
export type ParcoursUpdate = Schemas['ParcoursUpdate'];
export type CaseloadRow = Schemas['CaseloadRow'];
export type CaseloadQuery = NonNullable<operations['parcours_list_parcours']['parameters']['query']>;
export type StatutParcours = Schemas['StatutParcours'];
export type Contrat = Schemas['ContratOut'];
export type ContratCreate = Schemas['ContratCreate'];
export type Suivi = Schemas['SuiviOut'];
export type SuiviResultatIn = Schemas['SuiviResultatIn'];
export type TransitionIn = Schemas['TransitionIn'];
export type SortieIn = Schemas['SortieIn'];
export type MotifSortie = Schemas['MotifSortie'];
export type CategorieSortie = Schemas['CategorieSortie'];
export type SituationLogement = Schemas['SituationLogement'];
export type GroupeLogement = Schemas['GroupeLogement'];
export type JournalEntree = Schemas['JournalOut'];
export type TypeJournal = Schemas['TypeJournal'];
export type TypeEntretien = Schemas['TypeEntretien'];
export type EntretienIn = Schemas['EntretienIn'];
export type NoteIn = Schemas['NoteIn'];
export type SyntheseIn = Schemas['SyntheseIn'];
export type AFaireItem = Schemas['AFaireItem'];
export type AFaireOut = Schemas['AFaireOut'];
export type AFairePersonne = Schemas['AFairePersonne'];
export type Referentiel = Schemas['ReferentielOut'];
export type DomaineReferentiel = Schemas['DomaineReferentiel'];
export type ValeurReferentiel = Schemas['ValeurOut'];
export type Diagnostic = Schemas['DiagnosticOut'];
export type DiagnosticIn = Schemas['DiagnosticIn'];
export type DomaineIn = Schemas['DomaineIn'];
export type EtapeDiagnostic = Schemas['EtapeDiagnostic'];
export type Frein = Schemas['FreinOut'];
export type FreinUpdate = Schemas['FreinUpdate'];
export type ActionFrein = Schemas['ActionOut'];
export type ActionCreate = Schemas['ActionCreate'];
export type ActionUpdate = Schemas['ActionUpdate'];
export type Evolution = Schemas['EvolutionOut'];
export type EvolutionDomaine = Schemas['EvolutionDomaine'];
export type EtatDomaine = Schemas['Etat'];
export type Prescripteur = Schemas['Prescripteur'];
export type Sexe = Schemas['Sexe'];
export type TypeContrat = Schemas['TypeContrat'];
export type Confidentialite = Schemas['Confidentialite'];
export type Orientation = Schemas['OrientationOut'];
export type OrientationPartenaire = Schemas['OrientationPartenaireOut'];
export type OrientationCreate = Schemas['OrientationCreate'];
export type OrientationUpdate = Schemas['OrientationUpdate'];
export type DonneesPartagees = Schemas['DonneesPartagees'];
export type StatutOrientation = Schemas['StatutOrientation'];
export type Urgence = Schemas['Urgence'];
export type MotifRefus = Schemas['MotifRefus'];
export type ElementPartage = Schemas['ElementPartage'];
export type MessageOrientation = Schemas['MessageOut'];
export type StatistiquesOrientations = Schemas['StatistiquesOut'];
export type StatPartenaire = Schemas['StatPartenaire'];
export type ConsentementOut = Schemas['ConsentementOut'];
export type StatutLivraison = Schemas['StatutLivraison'];

// --- indicateurs -------------------------------------------------------------------------------
export type IndicateursOut = Schemas['IndicateursOut'];
export type Cellule = Schemas['Cellule'];
export type Indicateur = Schemas['Indicateur'];
export type Masquage = Schemas['Masquage'];
export type CodeIndicateur = Schemas['CodeIndicateur'];
export type GroupePar = Schemas['GroupePar'];
export type TypeCellule = Schemas['TypeCellule'];
export type MotifCompte = Schemas['MotifCompte'];
export type DomaineCompte = Schemas['DomaineCompte'];
export type IndicateursQuery = NonNullable<operations['indicateurs_get_indicateurs']['parameters']['query']>;
// --- personal data (RGPD) ---------------------------------------------------------------------
export type DonneesPersonnelles = Schemas['DonneesPersonnellesOut'];
export type Acces = Schemas['AccesOut'];
export type AccesPage = Schemas['AccesPage'];
export type ApercuEffacement = Schemas['ApercuEffacementOut'];
export type EffacementIn = Schemas['EffacementIn'];
export type Effacement = Schemas['EffacementOut'];
export type MotifEffacement = Schemas['MotifEffacement'];
export type ElementRestant = Schemas['ElementRestant'];
export type Restant = Schemas['RestantOut'];
export type FormatDonnees = Schemas['FormatDonnees'];
export type Retention = Schemas['RetentionOut'];
export type RetentionTerritoire = Schemas['RetentionTerritoire'];

// --- connectors: Les emplois de l'inclusion, data·inclusion ----------------------------------
export type ConnexionEmplois = Schemas['ConnexionOut'];
export type ConnexionEmploisIn = Schemas['ConnexionIn'];
export type RapportSynchro = Schemas['RapportSynchro'];
export type TestConnexion = Schemas['TestConnexionOut'];
export type IssueSynchro = Schemas['IssueSynchro'];
export type ArriveeEmplois = Schemas['ArriveeOut'];
export type AccueilIn = Schemas['AccueilIn'];

// --- import of the programme's history, evaluation --------------------------------------------
export type ImportHistorique = Schemas['ImportOut'];
export type LigneImport = Schemas['LigneOut'];
export type ActionLigne = Schemas['ActionLigne'];
export type StatutImport = Schemas['StatutImport'];
export type GabaritImport = Schemas['GabaritOut'];
export type ColonneGabarit = Schemas['ColonneGabarit'];
export type SyntheseEvaluation = Schemas['SyntheseEvaluationOut'];
export type SelectionEvaluation = NonNullable<operations['exports_synthese_evaluation']['parameters']['query']>;

// --- data·inclusion directory import ----------------------------------------------------------
export type ImportDataInclusion = Schemas['ImportDataInclusionOut'];
export type LigneRapportImport = Schemas['LigneRapport'];
export type ImportDataInclusionForm = Schemas['Body_data_inclusion_preparer_import'];

// --- candidatures -----------------------------------------------------------------------------
export type Candidature = Schemas['CandidatureOut'];
export type CandidatureDetail = Schemas['CandidatureDetail'];
export type CandidatureSaisie = Schemas['CandidatureSaisie'];
export type CandidaturePublique = Schemas['CandidaturePublique'];
export type CompteursCandidatures = Schemas['CompteursOut'];
export type IndicateursCandidatures = Schemas['IndicateursCandidaturesOut'];
export type StatutCandidature = Schemas['StatutCandidature'];
export type VoieCandidature = Schemas['VoieCandidature'];
export type TerritoireCandidature = Schemas['TerritoireCandidature'];
