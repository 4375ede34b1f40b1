/**
 * Rules of the parcours the screens need before asking the API: the official
 * exit category of a motif (DOMAIN.md, "Exit classification") and the housing groups,
 * read from the API's generated tables; durations and dates. The API stays the authority.
 */
import type { CategorieSortie, GroupeLogement, MotifSortie, SituationLogement } from '../../api/types';
import { alerteTypeLabels } from '../../i18n/parcours';
import { CATEGORIE_DU_MOTIF, EN_LOGEMENT, GROUPE_DE_SITUATION, SEUILS, SORTIES_DYNAMIQUES } from '../../i18n/referentiel.generated';

/** The official category of an exit: derived from the motif, never typed. */
export function categorieDuMotif(motif: MotifSortie): CategorieSortie {
  return CATEGORIE_DU_MOTIF[motif];
}

/** Exits to a job: the employer is then required. */
export function estSortieEmploi(motif: MotifSortie): boolean {
  const categorie = categorieDuMotif(motif);
  return categorie === 'emploi_durable' || categorie === 'emploi_transition';
}

/** "Sorties dynamiques": the first three categories. */
export function estSortieDynamique(categorie: CategorieSortie): boolean {
  return (SORTIES_DYNAMIQUES as readonly CategorieSortie[]).includes(categorie);
}

export function groupeDeSituation(situation: SituationLogement): GroupeLogement {
  return GROUPE_DE_SITUATION[situation];
}

/** "En logement" at exit: adapted or autonomous housing. */
export function estEnLogement(situation: SituationLogement): boolean {
  return (EN_LOGEMENT as readonly GroupeLogement[]).includes(groupeDeSituation(situation));
}

/** An exit to a job or to lasting housing opens the post-exit check-ins (at SEUILS.suivis_mois). */
export function ouvreSuivis(motif: MotifSortie, logement: SituationLogement): boolean {
  return estSortieEmploi(motif) || estEnLogement(logement);
}

/** The post-exit check-ins, in words: « 1, 3, 6 et 12 mois » (from the API's thresholds). */
export const MOIS_DE_SUIVI = `${SEUILS.suivis_mois.slice(0, -1).join(', ')} et ${SEUILS.suivis_mois[SEUILS.suivis_mois.length - 1]} mois`;

/** The length past which a parcours is justified in writing (the IAE norm), in months. */
export const DUREE_NORME_MOIS = SEUILS.duree_norme_mois;

/** 27 -> "2 ans 3 mois"; 12 -> "1 an"; 1 -> "1 mois"; 0 -> "moins d'un mois". */
export function formatDuree(mois: number): string {
  if (!Number.isFinite(mois) || mois <= 0) return "moins d'un mois";
  const total = Math.floor(mois);
  const ans = Math.floor(total / 12);
  const reste = total % 12;
  const parts: string[] = [];
  if (ans > 0) parts.push(`${ans} ${ans > 1 ? 'ans' : 'an'}`);
  if (reste > 0) parts.push(`${reste} mois`);
  return parts.join(' ');
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIso(value: string): [number, number, number] | null {
  const match = ISO.exec(value);
  if (match === null) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole months from `start` to `end` (same rule as the API: a month is complete on the same day). */
export function moisEntre(start: string, end: string): number {
  const a = parseIso(start);
  const b = parseIso(end);
  if (a === null || b === null) return 0;
  const months = (b[0] - a[0]) * 12 + b[1] - a[1];
  return b[2] < a[2] ? months - 1 : months;
}

/** "2025-01-31" + 1 month -> "2025-02-28" (clamped to the end of the month, like the API). */
export function ajouterMois(value: string, months: number): string {
  const parts = parseIso(value);
  if (parts === null) return value;
  const index = parts[1] - 1 + months;
  const year = parts[0] + Math.floor(index / 12);
  const month = (((index % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return iso(year, month, Math.min(parts[2], lastDay));
}

/** Today as a business date "YYYY-MM-DD" in the browser's calendar. */
export function aujourdhui(now: Date = new Date()): string {
  return iso(now.getFullYear(), now.getMonth() + 1, now.getDate());
}

/** Whole days from `start` to `end` (negative when `end` is before). */
export function joursEntre(start: string, end: string): number {
  const a = parseIso(start);
  const b = parseIso(end);
  if (a === null || b === null) return 0;
  return Math.round((Date.UTC(b[0], b[1] - 1, b[2]) - Date.UTC(a[0], a[1] - 1, a[2])) / 86_400_000);
}

/** Age in whole years at `today`. */
export function age(dateNaissance: string, today: string = aujourdhui()): number {
  return Math.floor(moisEntre(dateNaissance, today) / 12);
}

/** The French name of an alert type; unknown types keep the API's own label. */
export function alerteLabel(type: string, libelle?: string | null): string {
  if (Object.prototype.hasOwnProperty.call(alerteTypeLabels, type)) return alerteTypeLabels[type] ?? type;
  return libelle ?? type;
}

/** "Prénoms Nom", the way people are named on screen. */
export function nomComplet(person: { nom: string; prenoms: string }): string {
  return `${person.prenoms} ${person.nom}`.trim();
}

/** Diagnostic levels 0..3, as stored. */
export type Niveau = 0 | 1 | 2 | 3;
export const NIVEAUX: readonly Niveau[] = [0, 1, 2, 3];

/** Domaines at level 2 or more: those that become freins. */
export function domainesAFreiner<T extends { domaine: string; niveau?: number | null }>(domaines: readonly T[]): T[] {
  return domaines.filter((item) => (item.niveau ?? 0) >= 2);
}
