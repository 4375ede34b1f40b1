/**
 * How indicator values are written (pure, unit-tested). A count the
 * statistical secret hides is the small-count label when it is small (below SEUILS.secret), "masqué" when it
 * is hidden in complement (the API says which); a rate that can't be given
 * (hidden, or nothing to divide by) is "—".
 */
import type { Cellule, CodeIndicateur, Indicateur, Masquage } from '../../api/types';
import { masquageLabels } from '../../i18n/indicateurs';
import { formatNumber, formatPercent } from '../../ui/formatters';

/** What a small hidden count shows (a count below the generated SEUILS.secret). */
export const MASQUE = masquageLabels.petit_effectif;
/** What a count hidden in complement shows (its value may be large: not the small-count label). */
export const MASQUE_COMPLEMENT = masquageLabels.complementaire;
/** What a value that can't be given shows. */
export const SANS_VALEUR = '—';

/** The brochure's table: the headline of the page. */
export const CODES_BROCHURE = ['public_rue', 'sorties_dynamiques', 'en_logement', 'sante_amelioree', 'droits_accrus'] as const satisfies readonly CodeIndicateur[];

/** Indicators a chart can show (rates). */
export const CODES_GRAPHIQUE = [
  'sorties_dynamiques',
  'emploi_durable',
  'emploi_transition',
  'sortie_positive',
  'public_rue',
  'en_logement',
  'logement_ameliore',
  'sante_amelioree',
  'droits_accrus',
] as const satisfies readonly CodeIndicateur[];

export type CodeGraphique = (typeof CODES_GRAPHIQUE)[number];

/** One indicator of a cell (the API sends them all; a missing one reads as hidden). */
export function indicateurDe(cellule: Cellule, code: CodeIndicateur): Indicateur {
  return (
    cellule.indicateurs.find((indicateur) => indicateur.code === code) ?? {
      code,
      libelle: code,
      numerateur: null,
      denominateur: null,
      taux: null,
      masque: true,
    }
  );
}

/** What a hidden count shows, by the reason the API gives (the small-count label without one). */
function masqueDe(masquage: Masquage | null | undefined): string {
  return masquage === null || masquage === undefined ? MASQUE : masquageLabels[masquage];
}

/** A count: "1 234", the small-count label or "masqué" when the secret hides it, "—" when there is none. */
export function formatCompte(valeur: number | null | undefined, masque: boolean, masquage?: Masquage | null): string {
  if (valeur === null || valeur === undefined) return masque ? masqueDe(masquage) : SANS_VALEUR;
  return formatNumber(valeur);
}

/** The rate of an indicator: "47 %", or "—" when hidden or without denominator. */
export function formatTaux(indicateur: Indicateur): string {
  return indicateur.taux === null ? SANS_VALEUR : formatPercent(indicateur.taux);
}

/** The numerator of an indicator (the small-count label when hidden). */
export function formatNumerateur(indicateur: Indicateur): string {
  return formatCompte(indicateur.numerateur, indicateur.masque, indicateur.masquage_numerateur);
}

/**
 * The denominator of an indicator; null for indicators without one (the
 * number of parcours, of orientations), the small-count label or "masqué" when hidden.
 */
export function formatDenominateur(indicateur: Indicateur): string | null {
  if (indicateur.denominateur !== null) return formatNumber(indicateur.denominateur);
  if (!indicateur.masque) return null;
  // Without the API's reason, a hidden indicator hides its denominator too (small-count label).
  if (indicateur.masquage_denominateur === undefined) return MASQUE;
  // null: the denominator is not hidden (the indicator has none, only its numerator is hidden).
  return indicateur.masquage_denominateur === null ? null : masqueDe(indicateur.masquage_denominateur);
}

/** "12 / 25": numerator over denominator (the numerator alone without one). */
export function formatFraction(indicateur: Indicateur): string {
  const denominateur = formatDenominateur(indicateur);
  const numerateur = formatNumerateur(indicateur);
  return denominateur === null ? numerateur : `${numerateur} / ${denominateur}`;
}

/** A share of a total, both possibly hidden: "36 %" or "—". */
export function formatPart(nombre: number | null, total: number | null): string {
  if (nombre === null || total === null || total === 0) return SANS_VALEUR;
  return formatPercent(nombre / total);
}

/** A length in months: "22,8 mois"; "—" when none. */
export function formatMois(valeur: number | null | undefined): string {
  return valeur === null || valeur === undefined ? SANS_VALEUR : `${formatNumber(valeur)} mois`;
}

/** A delay in days: "3,5 jours", "1 jour"; "—" when none. */
export function formatJours(valeur: number | null | undefined): string {
  if (valeur === null || valeur === undefined) return SANS_VALEUR;
  return `${formatNumber(valeur)} ${Math.abs(valeur) < 2 ? 'jour' : 'jours'}`;
}

/** Whether a cell has anything to show: exits (counted or hidden). */
export function aDesDonnees(cellule: Cellule): boolean {
  const effectif = indicateurDe(cellule, 'effectif');
  return effectif.numerateur === null ? effectif.masque : effectif.numerateur > 0;
}
