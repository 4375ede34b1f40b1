import type { TerritoireStatut } from '../../api/types';

/** The statut machine of a territoire (same rule as the API): preparation → operationnel ⇄ suspendu. */
const TRANSITIONS: Record<TerritoireStatut, readonly TerritoireStatut[]> = {
  preparation: ['operationnel', 'suspendu'],
  operationnel: ['suspendu'],
  suspendu: ['operationnel'],
};

/** The statuts a select offers: the current one first, then those it may move to. */
export function statutsPossibles(current: TerritoireStatut): TerritoireStatut[] {
  return [current, ...TRANSITIONS[current]];
}

/** A new territoire starts in preparation (or suspended); it becomes operationnel once it has a porteur. */
export const STATUTS_A_LA_CREATION: readonly TerritoireStatut[] = ['preparation', 'suspendu'];
