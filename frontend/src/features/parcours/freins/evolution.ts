/** Reading an evolution by domaine: the API's verdict (`ameliore`, the indicators' rule) decides
 * whether it improved; the levels only tell a degradation from stability. */
import type { EvolutionDomaine } from '../../../api/types';

export type Comparaison = 'ameliore' | 'stable' | 'degrade' | 'inconnu';

export function comparer(domaine: Pick<EvolutionDomaine, 'ameliore' | 'entree' | 'sortie' | 'suivis'>): Comparaison {
  const dernier = domaine.sortie ?? domaine.suivis[domaine.suivis.length - 1] ?? null;
  const avant = domaine.entree?.niveau ?? null;
  const apres = dernier?.niveau ?? null;
  if (domaine.ameliore === true) return 'ameliore';
  if (avant === null || apres === null) return domaine.ameliore === false ? 'stable' : 'inconnu';
  if (apres > avant) return 'degrade';
  if (domaine.ameliore === null && apres < avant) return 'ameliore';
  return 'stable';
}

/** There is something to compare once a domaine assessed at entry was assessed again. */
export function aComparer(domaines: readonly Pick<EvolutionDomaine, 'entree' | 'sortie' | 'suivis'>[]): boolean {
  return domaines.some((d) => d.entree != null && (d.sortie != null || d.suivis.length > 0));
}
