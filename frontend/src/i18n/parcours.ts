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
/** "Née le", "Né le": by the person's sex when known. */
export function neLe(sexe: S['Sexe'] | null | undefined): string {
  return sexe === 'femme' ? 'Née le' : sexe === 'homme' ? 'Né le' : 'Née ou né le';
}


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

/** Types of entretien (the API titles the journal entry with the same words). */
export const typeEntretienLabels: Record<S['TypeEntretien'], string> = LIBELLES.TypeEntretien;


/** Levels of a domaine in a diagnostic (0..3). */
export const niveauLabels: Record<0 | 1 | 2 | 3, string> = LIBELLES_LIBRES.niveau;

/** Types of alerts of the "À faire" list (free strings from the API). */
export const alerteTypeLabels: Record<string, string> = LIBELLES_LIBRES.alerte;

/** The caseworker's inbox ("À faire"). */
export const aFaireMessages = {
  titre: 'À faire',
  nouveauxTitre: (n: number) => (n === 1 ? '1 nouveauté' : `${n} nouveautés`),
  nouveau: 'Nouveau',
  enRetard: 'En retard',
  marquerVu: 'Tout marquer comme vu',
  marqueVu: 'Les nouveautés sont marquées comme vues.',
  vuLe: 'Dernière consultation marquée :',
  jamaisVu: 'Vous n’avez encore rien marqué comme vu : tout est nouveau.',
  vide: 'Rien à faire pour le moment',
  videDescription: 'Aucune échéance ni réponse de partenaire sur les personnes que vous accompagnez.',
  chargement: 'Chargement de votre À faire…',
  ouvrir: 'Ouvrir',
  personne: (nouveaux: number, enRetard: number) =>
    [nouveaux > 0 ? (nouveaux === 1 ? '1 nouveauté' : `${nouveaux} nouveautés`) : null, enRetard > 0 ? `${enRetard} en retard` : null]
      .filter((part) => part !== null)
      .join(' · '),
  nouvelleReponse: 'Nouvelle réponse',
} as const;

/** State of a consent (ConsentementOut.actif). */
export const consentementStatutLabels = LIBELLES_LIBRES.consentement_statut;

/** The name of a diagnostic by its stage ("Diagnostic d'entrée"). */
export const diagnosticTitreLabels: Record<S['EtapeDiagnostic'], string> = LIBELLES_LIBRES.diagnostic_titre;
