/** French labels of the orientations' enums (partner referrals). Merged into enumLabels. */
import type { ElementPartage, MotifRefus, StatutLivraison, StatutOrientation, Urgence } from '../api/types';
import { LIBELLES, LIBELLES_LIBRES } from './referentiel.generated';

export const statutOrientationLabels: Record<StatutOrientation, string> = LIBELLES.StatutOrientation;

export const urgenceLabels: Record<Urgence, string> = LIBELLES.Urgence;

export const motifRefusLabels: Record<MotifRefus, string> = LIBELLES.MotifRefus;

export const elementPartageLabels: Record<ElementPartage, string> = LIBELLES.ElementPartage;

/** Who wrote a message of the thread (MessageOut.cote). */
export const coteMessageLabels: Record<string, string> = LIBELLES_LIBRES.cote_message;

/** Who moved the orientation (EvenementOut.acteur_type). */
export const acteurTypeLabels: Record<string, string> = LIBELLES_LIBRES.acteur_orientation;

/** Deliveries of webhooks to a partner's system. */
export const statutLivraisonLabels: Record<StatutLivraison, string> = LIBELLES.StatutLivraison;

/** The answer section, when there is none yet: the sender waits, the partner has to answer. */
export const sansReponseLabels = {
  emetteur: 'Pas encore de réponse du partenaire.',
  partenaire: 'Vous n’avez pas encore répondu.',
} as const;
