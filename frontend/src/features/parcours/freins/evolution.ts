/** Reading an evolution by domaine: the API's verdict first, the levels otherwise. */
import type { EvolutionDomaine } from '../../../api/types';

export type Comparaison = 'ameliore' | 'stable' | 'degrade' | 'inconnu';

export function comparer(domaine: Pick<EvolutionDomaine, 'ameliore' | 'niveau_ameliore' | 'entree' | 'sortie' | 'suivis'>): Comparaison {
  const dernier = domaine.sortie ?? domaine.suivis[domaine.suivis.length - 1] ?? null;
  const avant = domaine.entree?.niveau ?? null;
  const apres = dernier?.niveau ?? null;
  if (domaine.ameliore === true || domaine.niveau_ameliore === true) return 'ameliore';
  if (avant === null || apres === null) return 'inconnu';
  if (apres > avant) return 'degrade';
  if (apres < avant) return 'ameliore';
  return 'stable';
}
