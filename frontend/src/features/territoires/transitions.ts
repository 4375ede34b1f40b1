import type { Territoire, TerritoireStatut } from '../../api/types';
import { actionsDe } from '../../app/actions';
import { MACHINES, STATUTS_INITIAUX_TERRITOIRE } from '../../i18n/referentiel.generated';

/**
 * The statuts a select offers: the current one first, then those the API's `actions` lead
 * to (the machine's `vers` of each verb the caller may apply now).
 */
export function statutsPossibles(territoire: Pick<Territoire, 'statut' | 'actions'>): TerritoireStatut[] {
  const statuts: TerritoireStatut[] = [territoire.statut];
  for (const verbe of actionsDe('StatutTerritoire', territoire)) {
    const vers = MACHINES.StatutTerritoire[verbe].vers;
    if (vers !== null && !statuts.includes(vers)) statuts.push(vers);
  }
  return statuts;
}

/** The statuts a new territoire may be created in (the API's rule, generated). */
export const STATUTS_A_LA_CREATION: readonly TerritoireStatut[] = STATUTS_INITIAUX_TERRITOIRE;
