/** Reading the référentiel: labels of stored codes (retired ones too), values still offered. */
import type { Domaine, Referentiel, ValeurReferentiel } from '../../../api/types';

type Kind = 'situations' | 'objectifs' | 'types_action';

export function valeurs(referentiel: Referentiel | undefined, domaine: Domaine, kind: Kind): ValeurReferentiel[] {
  return referentiel?.domaines.find((item) => item.domaine === domaine)?.[kind] ?? [];
}

/** Values a form may offer: never the retired ones. */
export function valeursProposees(referentiel: Referentiel | undefined, domaine: Domaine, kind: Kind): ValeurReferentiel[] {
  return valeurs(referentiel, domaine, kind).filter((valeur) => !valeur.retire);
}

/**
 * The label of a stored code, retired or not; the code itself when the référentiel does not
 * know it; an ellipsis while the référentiel is loading (a code never flashes on screen).
 */
export function libelleDe(referentiel: Referentiel | undefined, domaine: Domaine, kind: Kind, code: string): string {
  if (referentiel === undefined) return '…';
  const valeur = valeurs(referentiel, domaine, kind).find((item) => item.code === code);
  if (valeur === undefined) return code;
  return valeur.retire ? `${valeur.libelle} (valeur retirée)` : valeur.libelle;
}
