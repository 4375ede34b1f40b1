/**
 * French labels of the applications to join the network (generated from the API's référentiel)
 * and the few sentences of their screens. No Mantine here: the public forms read it too.
 */
import type { StatutCandidature, VoieCandidature } from '../api/types';
import { LIBELLES } from './referentiel.generated';

export const statutCandidatureLabels: Record<StatutCandidature, string> = LIBELLES.StatutCandidature;
export const voieCandidatureLabels: Record<VoieCandidature, string> = LIBELLES.VoieCandidature;
export const typeSoutienLabels = LIBELLES.TypeSoutien;

/** The public form of each voie: `/etre-partenaire/<chemin>` (same table as the API's e-mails). */
export const cheminDeVoie: Record<VoieCandidature, string> = {
  chantier_porteur: 'chantier',
  partenaire: 'partenaire',
  financeur: 'financeur',
};
