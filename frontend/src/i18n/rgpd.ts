/** French labels of the personal-data enums (RGPD). Merged into enumLabels. */
import type { ElementRestant, FormatDonnees, MotifEffacement } from '../api/types';

export const motifEffacementLabels: Record<MotifEffacement, string> = {
  demande_personne: 'Demande de la personne',
  opposition: 'Opposition de la personne au traitement',
  traitement_illicite: 'Données traitées à tort',
};

export const elementRestantLabels: Record<ElementRestant, string> = {
  statistiques: 'Fiches statistiques sans nom',
  contrats: 'Contrats sans nom (obligation légale)',
  journal_audit: "Traces du journal d'audit, sans nom",
  copies_partenaires: 'Copies déjà transmises aux partenaires',
};

export const formatDonneesLabels: Record<FormatDonnees, string> = {
  json: 'Données complètes (JSON)',
  html: 'Document imprimable (HTML)',
};

/** What an erasure deletes, by the keys of EffacementOut.supprimes. */
export const supprimeLabels: Record<string, string> = {
  salaries: 'Identité et coordonnées',
  consentements: 'Consentements',
  referents_externes: 'Référents externes',
  parcours: 'Parcours',
  contrats: 'Contrats',
  suivis: 'Suivis après sortie',
  journal: 'Entrées du journal',
  diagnostics: 'Diagnostics',
  freins: 'Freins',
  actions: 'Actions',
  orientations: 'Orientations (et ce qui a été transmis)',
  messages: 'Messages échangés avec les partenaires',
};

export const rgpdEnumLabels = {
  ElementRestant: elementRestantLabels,
  FormatDonnees: formatDonneesLabels,
  MotifEffacement: motifEffacementLabels,
} as const;
