/** French labels of the enums of people, parcours, freins and diagnostics. Merged into enumLabels. */
import type { components } from '../api/schema';

type S = components['schemas'];

export const categorieSortieLabels: Record<S['CategorieSortie'], string> = {
  emploi_durable: 'Emploi durable',
  emploi_transition: 'Emploi de transition',
  sortie_positive: 'Sortie positive',
  autre_sortie: 'Autre sortie',
  retrait: 'Retrait (sortie non comptabilisée)',
};

export const confidentialiteLabels: Record<S['Confidentialite'], string> = {
  normale: 'Normale',
  restreint: 'Restreinte',
};

export const etapeDiagnosticLabels: Record<S['EtapeDiagnostic'], string> = {
  entree: 'Entrée',
  suivi: 'Suivi',
  sortie: 'Sortie',
  post_sortie: 'Après la sortie',
};

export const fonctionReferentLabels: Record<S['FonctionReferent'], string> = {
  assistant_social: 'Assistant·e social·e',
  spip: 'Conseiller·ère SPIP',
  referent_rsa: 'Référent·e RSA',
  educateur: 'Éducateur·rice',
  equipe_de_rue: 'Équipe de rue',
  medecin: 'Médecin',
  autre: 'Autre',
};

export const groupeLogementLabels: Record<S['GroupeLogement'], string> = {
  rue: 'Rue',
  urgence: "Hébergement d'urgence",
  insertion: "Hébergement d'insertion",
  temporaire: 'Hébergement temporaire',
  institution: 'Institution',
  logement_adapte: 'Logement adapté',
  logement_autonome: 'Logement autonome',
  inconnu: 'Inconnu',
};

export const kindReferentielLabels: Record<S['KindReferentiel'], string> = {
  situation: 'Situation',
  objectif: 'Objectif',
  type_action: "Type d'action",
};

export const motifSortieLabels: Record<S['MotifSortie'], string> = {
  cdi: 'CDI (aidé ou non)',
  cdd_interim_6_mois_ou_plus: 'CDD ou intérim de 6 mois ou plus',
  titularisation_fonction_publique: 'Titularisation dans la fonction publique',
  creation_reprise_entreprise: "Création ou reprise d'entreprise",
  cdd_interim_moins_6_mois: 'CDD ou intérim de moins de 6 mois',
  contrat_aide_employeur_ordinaire: 'Contrat aidé chez un employeur ordinaire',
  formation_qualifiante: 'Entrée en formation qualifiante ou pré-qualifiante',
  embauche_autre_siae: 'Embauche dans une autre SIAE',
  chomage: 'Au chômage',
  inactif: 'Inactif',
  sans_nouvelle: 'Sans nouvelle',
  retraite: 'Prise des droits à la retraite',
  rupture_faute_grave: 'Rupture pour faute grave',
  decision_administrative_ou_justice: 'Décision administrative ou de justice',
  demenagement: 'Déménagement',
  deces: 'Décès',
  hospitalisation_longue: 'Hospitalisation longue',
  transfert_employeur: "Transfert d'employeur",
  sortie_automatique: 'Sortie automatique',
  duree_minimale_non_atteinte: 'Durée minimale de parcours non atteinte',
};

export const prescripteurLabels: Record<S['Prescripteur'], string> = {
  maraude: 'Maraude',
  accueil_de_jour: 'Accueil de jour',
  siao: 'SIAO',
  spip: 'SPIP',
  france_travail: 'France Travail',
  autre: 'Autre',
};

export const resultatSuiviLabels: Record<S['ResultatSuivi'], string> = {
  joint: 'Personne jointe',
  non_joint: 'Personne non jointe',
};

/** "Née le", "Né le": by the person's sex when known. */
export function neLe(sexe: S['Sexe'] | null | undefined): string {
  return sexe === 'femme' ? 'Née le' : sexe === 'homme' ? 'Né le' : 'Née ou né le';
}

export const sexeLabels: Record<S['Sexe'], string> = {
  femme: 'Femme',
  homme: 'Homme',
  autre: 'Autre',
};

export const situationLogementLabels: Record<S['SituationLogement'], string> = {
  sans_abri: 'Sans abri',
  squat: 'Squat',
  habitat_de_fortune: 'Habitat de fortune',
  urgence_115: 'Hébergement d’urgence (115)',
  chu: "CHU (centre d'hébergement d'urgence)",
  hotel_social: 'Hôtel social',
  chrs: 'CHRS',
  cada: 'CADA',
  cph: 'CPH',
  heberge_chez_un_tiers: 'Hébergé·e chez un tiers',
  residence_temporaire: 'Résidence temporaire',
  hopital: 'Hôpital',
  prison: 'Prison',
  foyer_de_soins: 'Foyer de soins',
  pension_de_famille: 'Pension de famille',
  residence_sociale: 'Résidence sociale',
  intermediation_locative: 'Intermédiation locative',
  locataire_parc_social: 'Locataire du parc social',
  locataire_parc_prive: 'Locataire du parc privé',
  proprietaire: 'Propriétaire',
  inconnu: 'Situation inconnue',
};

export const statutActionLabels: Record<S['StatutAction'], string> = {
  prevue: 'Prévue',
  en_cours: 'En cours',
  realisee: 'Réalisée',
  abandonnee: 'Abandonnée',
};

export const statutDiagnosticLabels: Record<S['StatutDiagnostic'], string> = {
  brouillon: 'Brouillon',
  valide: 'Validé',
};

export const statutFreinLabels: Record<S['StatutFrein'], string> = {
  identifie: 'Identifié',
  en_traitement: 'En traitement',
  leve: 'Levé',
  non_leve: 'Non levé',
};

export const statutParcoursLabels: Record<S['StatutParcours'], string> = {
  accueil: 'Accueil',
  en_cours: 'En cours',
  suspendu: 'Suspendu',
  sorti: 'Sorti (suivi)',
  clos: 'Clos',
};

export const typeConsentementLabels: Record<S['TypeConsentement'], string> = {
  notice_information: "Notice d'information remise",
  partage_partenaire: 'Partage avec un partenaire',
  usage_evaluation: "Usage pour l'évaluation",
};

export const typeContratLabels: Record<S['TypeContrat'], string> = {
  cddi_convergence: 'CDD-I Convergence',
  cddi: 'CDD-I',
};

export const typeJournalLabels: Record<S['TypeJournal'], string> = {
  entretien: 'Entretien',
  note: 'Note',
  synthese: 'Synthèse',
  transition: 'Changement de statut',
  contrat: 'Contrat',
  sortie: 'Sortie',
  suivi: 'Suivi après sortie',
};

/** Types of entretien (the API titles the journal entry with the same words). */
export const typeEntretienLabels: Record<S['TypeEntretien'], string> = {
  individuel: 'Entretien individuel',
  telephonique: 'Entretien téléphonique',
  visite: 'Visite à domicile ou sur site',
  tripartite: 'Entretien tripartite',
  collectif: 'Atelier collectif',
};

export const parcoursEnumLabels = {
  CategorieSortie: categorieSortieLabels,
  Confidentialite: confidentialiteLabels,
  EtapeDiagnostic: etapeDiagnosticLabels,
  FonctionReferent: fonctionReferentLabels,
  GroupeLogement: groupeLogementLabels,
  KindReferentiel: kindReferentielLabels,
  MotifSortie: motifSortieLabels,
  Prescripteur: prescripteurLabels,
  ResultatSuivi: resultatSuiviLabels,
  Sexe: sexeLabels,
  SituationLogement: situationLogementLabels,
  StatutAction: statutActionLabels,
  StatutDiagnostic: statutDiagnosticLabels,
  StatutFrein: statutFreinLabels,
  StatutParcours: statutParcoursLabels,
  TypeConsentement: typeConsentementLabels,
  TypeContrat: typeContratLabels,
  TypeEntretien: typeEntretienLabels,
  TypeJournal: typeJournalLabels,
} as const;

/** Levels of a domaine in a diagnostic (0..3). */
export const niveauLabels: Record<0 | 1 | 2 | 3, string> = {
  0: 'Pas de frein',
  1: 'Léger',
  2: 'Important',
  3: 'Bloquant',
};

/** Types of alerts of the "À faire" list (free strings from the API). */
export const alerteTypeLabels: Record<string, string> = {
  contrat_fin_proche: 'Fin de contrat proche',
  justification_24_mois: 'Justification au-delà de 24 mois',
  limite_5_ans: 'Limite des 5 ans proche',
  suivi_du: 'Suivi après sortie à faire',
  sans_entretien: 'Sans entretien récent',
  diagnostic_suivi: 'Diagnostic de suivi à refaire',
  frein_bloquant_sans_action: 'Frein bloquant sans action',
  orientation_sans_reponse: 'Orientation sans réponse',
  orientation_acceptee: 'Orientation acceptée',
  orientation_refusee: 'Orientation refusée',
  orientation_realisee: 'Orientation réalisée',
  orientation_expiree: 'Orientation expirée',
  message_partenaire: 'Message du partenaire',
};

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
export const consentementStatutLabels = {
  actif: 'En vigueur',
  retire: 'Retiré',
} as const;

/** The name of a diagnostic by its stage ("Diagnostic d'entrée"). */
export const diagnosticTitreLabels: Record<S['EtapeDiagnostic'], string> = {
  entree: "Diagnostic d'entrée",
  suivi: 'Diagnostic de suivi',
  sortie: 'Diagnostic de sortie',
  post_sortie: 'Diagnostic après la sortie',
};
