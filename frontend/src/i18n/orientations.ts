/** French labels of the orientations' enums (partner referrals). Merged into enumLabels. */
import type { ElementPartage, MotifRefus, StatutLivraison, StatutOrientation, Urgence } from '../api/types';

export const statutOrientationLabels: Record<StatutOrientation, string> = {
  brouillon: 'Brouillon',
  envoyee: 'Envoyée',
  acceptee: 'Acceptée',
  refusee: 'Refusée',
  realisee: 'Réalisée',
  abandonnee: 'Abandonnée',
  annulee: 'Annulée',
  expiree: 'Expirée (sans réponse)',
};

export const urgenceLabels: Record<Urgence, string> = {
  normale: 'Normale',
  urgente: 'Urgente',
};

export const motifRefusLabels: Record<MotifRefus, string> = {
  hors_criteres: 'Hors des critères du partenaire',
  pas_de_place: 'Pas de place disponible',
  personne_injoignable: 'Personne injoignable',
  doublon: 'Demande en double',
  autre: 'Autre motif',
};

export const elementPartageLabels: Record<ElementPartage, string> = {
  identite: 'Identité (nom, prénom, date de naissance)',
  contact: 'Coordonnées (téléphone, adresse e-mail)',
  besoin: 'Besoin exprimé',
  situation: 'Situation dans ce domaine (dernier diagnostic validé)',
};

/** Who wrote a message of the thread (MessageOut.cote). */
export const coteMessageLabels: Record<string, string> = {
  convergence: 'Chantier (Convergence)',
  partenaire: 'Partenaire',
};

/** Who moved the orientation (EvenementOut.acteur_type). */
export const acteurTypeLabels: Record<string, string> = {
  user: 'Utilisateur',
  client: "Logiciel du partenaire (API)",
  systeme: 'Automatique',
};

/** Deliveries of webhooks to a partner's system. */
export const statutLivraisonLabels: Record<StatutLivraison, string> = {
  en_attente: 'En attente',
  livree: 'Livrée',
  echouee: 'Échouée',
};

export const orientationsEnumLabels = {
  StatutLivraison: statutLivraisonLabels,
  StatutOrientation: statutOrientationLabels,
  Urgence: urgenceLabels,
  MotifRefus: motifRefusLabels,
  ElementPartage: elementPartageLabels,
} as const;

/** The answer section, when there is none yet: the sender waits, the partner has to answer. */
export const sansReponseLabels = {
  emetteur: 'Pas encore de réponse du partenaire.',
  partenaire: 'Vous n’avez pas encore répondu.',
} as const;
