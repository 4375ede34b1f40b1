/** French labels of the enums of people, parcours, freins and diagnostics. Merged into enumLabels. */
import type { components } from '../api/schema';
import { LIBELLES, LIBELLES_LIBRES } from './referentiel.generated';

type S = components['schemas'];

export const categorieSortieLabels: Record<S['CategorieSortie'], string> = LIBELLES.CategorieSortie;

export const confidentialiteLabels: Record<S['Confidentialite'], string> = LIBELLES.Confidentialite;

export const etapeDiagnosticLabels: Record<S['EtapeDiagnostic'], string> = LIBELLES.EtapeDiagnostic;

export const fonctionReferentLabels: Record<S['FonctionReferent'], string> = LIBELLES.FonctionReferent;

export const groupeLogementLabels: Record<S['GroupeLogement'], string> = LIBELLES.GroupeLogement;

export const kindReferentielLabels: Record<S['KindReferentiel'], string> = LIBELLES.KindReferentiel;

export const motifSortieLabels: Record<S['MotifSortie'], string> = LIBELLES.MotifSortie;

export const prescripteurLabels: Record<S['Prescripteur'], string> = LIBELLES.Prescripteur;

export const resultatSuiviLabels: Record<S['ResultatSuivi'], string> = LIBELLES.ResultatSuivi;

export const sexeLabels: Record<S['Sexe'], string> = LIBELLES.Sexe;

export const situationLogementLabels: Record<S['SituationLogement'], string> = LIBELLES.SituationLogement;

export const statutActionLabels: Record<S['StatutAction'], string> = LIBELLES.StatutAction;

export const statutDiagnosticLabels: Record<S['StatutDiagnostic'], string> = LIBELLES.StatutDiagnostic;

export const statutFreinLabels: Record<S['StatutFrein'], string> = LIBELLES.StatutFrein;

export const statutParcoursLabels: Record<S['StatutParcours'], string> = LIBELLES.StatutParcours;

export const typeConsentementLabels: Record<S['TypeConsentement'], string> = LIBELLES.TypeConsentement;

export const typeContratLabels: Record<S['TypeContrat'], string> = LIBELLES.TypeContrat;

export const typeJournalLabels: Record<S['TypeJournal'], string> = LIBELLES.TypeJournal;

export const etatSuiviLabels: Record<S['EtatSuivi'], string> = LIBELLES.EtatSuivi;

export const statutImportLabels: Record<S['StatutImport'], string> = LIBELLES.StatutImport;

export const actionLigneLabels: Record<S['ActionLigne'], string> = LIBELLES.ActionLigne;


/** Levels of a domaine in a diagnostic (0..3). */
export const niveauLabels: Record<0 | 1 | 2 | 3, string> = LIBELLES_LIBRES.niveau;

/** Types of alerts of the "À faire" list (free strings from the API). */
export const alerteTypeLabels: Record<string, string> = LIBELLES_LIBRES.alerte;

/** State of a consent (ConsentementOut.actif). */
export const consentementStatutLabels = LIBELLES_LIBRES.consentement_statut;

/** The name of a diagnostic by its stage ("Diagnostic d'entrée"). */
export const diagnosticTitreLabels: Record<S['EtapeDiagnostic'], string> = LIBELLES_LIBRES.diagnostic_titre;
