/** French labels of the indicators' enums. Merged into enumLabels. */
import type { components } from '../api/schema';
import { LIBELLES } from './referentiel.generated';

type S = components['schemas'];

/** The same wording as the API's `libelle` (api/indicateurs/definitions.py). */
export const codeIndicateurLabels: Record<S['CodeIndicateur'], string> = LIBELLES.CodeIndicateur;

export const groupeParLabels: Record<S['GroupePar'], string> = LIBELLES.GroupePar;

export const typeCelluleLabels: Record<S['TypeCellule'], string> = LIBELLES.TypeCellule;

export const baseCalculLabels: Record<S['BaseCalcul'], string> = LIBELLES.BaseCalcul;

/** Why a count is hidden: what the cell shows instead of it. */
export const masquageLabels: Record<S['Masquage'], string> = LIBELLES.Masquage;

/** Under the charts. */
export const graphiqueMessages = {
  aucunTaux: 'Aucun taux à représenter (secret statistique ou aucune sortie) : les effectifs sont dans le tableau.',
  sansTaux: (libelles: string) => `Sans taux à représenter (secret statistique ou aucune sortie) : ${libelles}. Les effectifs sont dans le tableau.`,
  aucuneSortie: 'Aucune sortie enregistrée pour l’instant.',
} as const;
