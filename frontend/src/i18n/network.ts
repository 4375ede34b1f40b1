/**
 * French labels of the network's enums (conventions, partners' engagement).
 * Merged into enumLabels (labels.ts), checked against openapi.yaml by labels.test.ts.
 */
import type { Engagement, RolePartie, StatutConvention, TypeConvention } from '../api/types';
import { LIBELLES } from './referentiel.generated';

export const typeConventionLabels: Record<TypeConvention, string> = LIBELLES.TypeConvention;

export const statutConventionLabels: Record<StatutConvention, string> = LIBELLES.StatutConvention;

export const rolePartieLabels: Record<RolePartie, string> = LIBELLES.RolePartie;

/** A partner's place in the network: `engage` follows from an active partnership convention. */
export const engagementLabels: Record<Engagement, string> = LIBELLES.Engagement;

/** Renewal of a convention and its chain. */
export const renouvellementMessages = {
  titre: 'Renouvellement',
  preparer: 'Préparer le renouvellement',
  explication:
    'Crée la convention suivante en brouillon : mêmes parties et objectifs, dates à la suite de celle-ci. Vous pourrez la modifier avant de l’envoyer en signature.',
  confirmerTitre: 'Préparer le renouvellement ?',
  confirmer: 'Créer la convention suivante',
  confirmerTexte:
    'Une nouvelle convention sera créée au statut « Brouillon », liée à celle-ci. Celle-ci reste en vigueur jusqu’à son échéance.',
  cree: 'Le renouvellement est créé en brouillon.',
  voir: 'Voir le renouvellement',
  enPreparation: 'Le renouvellement de cette convention existe déjà.',
  chaineTitre: 'Conventions successives',
  chaineCaption: 'Conventions successives, de la plus ancienne à la plus récente',
  cetteConvention: '(cette convention)',
  renouvellementEnCours: 'renouvellement créé',
} as const;

/** A convention objective's target, after its wording: « … — cible : 90 ». */
export const cibleObjectif = (cible: string) => ` — cible : ${cible}`;
