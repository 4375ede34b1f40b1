/** French labels of the personal-data enums (RGPD). Merged into enumLabels. */
import type { ElementRestant, FormatDonnees, MotifEffacement } from '../api/types';
import { LIBELLES, LIBELLES_LIBRES } from './referentiel.generated';

export const motifEffacementLabels: Record<MotifEffacement, string> = LIBELLES.MotifEffacement;

export const elementRestantLabels: Record<ElementRestant, string> = LIBELLES.ElementRestant;

export const formatDonneesLabels: Record<FormatDonnees, string> = LIBELLES.FormatDonnees;

/** What an erasure deletes, by the keys of EffacementOut.supprimes. */
export const supprimeLabels: Record<string, string> = LIBELLES_LIBRES.rgpd_supprime;

