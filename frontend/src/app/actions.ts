/**
 * The buttons of an object with a statut: its `actions` (the verbs the API lets the caller
 * apply now), labelled from the generated machines. The SPA never decides from a statut
 * which verb applies: it shows what the API lists, in the API's order.
 */
import { MACHINES } from '../i18n/referentiel.generated';

export type Machine = keyof typeof MACHINES;
export type Verbe<M extends Machine> = keyof (typeof MACHINES)[M] & string;

interface WithActions {
  actions?: readonly string[] | null;
}

function estVerbe<M extends Machine>(machine: M, verbe: string): verbe is Verbe<M> {
  return Object.prototype.hasOwnProperty.call(MACHINES[machine], verbe);
}

/** The verbs of `machine` the object carries, in the API's order (unknown verbs left out). */
export function actionsDe<M extends Machine>(machine: M, objet: WithActions | null | undefined): Verbe<M>[] {
  return (objet?.actions ?? []).filter((verbe): verbe is Verbe<M> => estVerbe(machine, verbe));
}

/** Whether the API lets the caller apply `verbe` to the object now. */
export function peut<M extends Machine>(machine: M, objet: WithActions | null | undefined, verbe: Verbe<M>): boolean {
  return actionsDe(machine, objet).includes(verbe);
}

/** The French label of a verb, from the API's machine (« Sortie du chantier »). */
export function libelleAction<M extends Machine>(machine: M, verbe: Verbe<M>): string {
  const transitions: Record<string, { libelle: string }> = MACHINES[machine];
  return transitions[verbe]?.libelle ?? verbe;
}
