/** French labels of the indicators' enums. Merged into enumLabels. */
import type { components } from '../api/schema';

type S = components['schemas'];

/** The same wording as the API's `libelle` (api/indicateurs/definitions.py). */
export const codeIndicateurLabels: Record<S['CodeIndicateur'], string> = {
  effectif: 'Parcours du périmètre',
  public_rue: 'Public ayant connu la rue',
  sorties: 'Sorties comptées',
  sorties_dynamiques: 'Sorties dynamiques',
  emploi_durable: 'Emploi durable',
  emploi_transition: 'Emploi de transition',
  sortie_positive: 'Sortie positive',
  autre_sortie: 'Autre sortie',
  en_logement: 'En logement à la sortie',
  logement_ameliore: "Logement amélioré depuis l'entrée",
  sante_amelioree: 'Santé mieux prise en charge',
  droits_accrus: 'Droits accrus',
  suivi6_prevus: 'Suivis à 6 mois échus',
  suivi6_tenus: 'Suivis à 6 mois tenus',
  suivi6_emploi: 'En emploi à 6 mois',
  suivi6_logement: 'En logement à 6 mois',
  suivi12_prevus: 'Suivis à 12 mois échus',
  suivi12_tenus: 'Suivis à 12 mois tenus',
  suivi12_emploi: 'En emploi à 12 mois',
  suivi12_logement: 'En logement à 12 mois',
  orientations: 'Orientations envoyées',
  orientations_repondues: 'Orientations ayant reçu une réponse',
  orientations_acceptees: 'Orientations acceptées',
};

export const groupeParLabels: Record<S['GroupePar'], string> = {
  territoire: 'Par territoire',
  chantier: 'Par chantier',
  annee: 'Par année de sortie',
};

export const typeCelluleLabels: Record<S['TypeCellule'], string> = {
  total: 'Ensemble',
  territoire: 'Territoire',
  chantier: 'Chantier',
  annee: 'Année',
};

export const baseCalculLabels: Record<S['BaseCalcul'], string> = {
  sorties: 'Sorties de la période',
  cohorte: "Cohorte d'entrée",
};

/** Why a count is hidden: what the cell shows instead of it. */
export const masquageLabels: Record<S['Masquage'], string> = {
  petit_effectif: '< 11',
  complementaire: 'masqué',
};

export const indicateursEnumLabels = {
  CodeIndicateur: codeIndicateurLabels,
  Masquage: masquageLabels,
  GroupePar: groupeParLabels,
  TypeCellule: typeCelluleLabels,
  BaseCalcul: baseCalculLabels,
} as const;

/** Under the charts. */
export const graphiqueMessages = {
  aucunTaux: 'Aucun taux à représenter (secret statistique ou aucune sortie) : les effectifs sont dans le tableau.',
  sansTaux: (libelles: string) => `Sans taux à représenter (secret statistique ou aucune sortie) : ${libelles}. Les effectifs sont dans le tableau.`,
  aucuneSortie: 'Aucune sortie enregistrée pour l’instant.',
} as const;
