/** French labels of the indicators' enums. Merged into enumLabels. */
import type { components } from '../api/schema';
import { LIBELLES } from './referentiel.generated';

type S = components['schemas'];

/** The same wording as the API's `libelle` (api/indicateurs/definitions.py). */
export const codeIndicateurLabels: Record<S['CodeIndicateur'], string> = LIBELLES.CodeIndicateur;

export const groupeParLabels: Record<S['GroupePar'], string> = LIBELLES.GroupePar;

export const typeCelluleLabels: Record<S['TypeCellule'], string> = LIBELLES.TypeCellule;

export const baseCalculLabels: Record<S['BaseCalcul'], string> = LIBELLES.BaseCalcul;

