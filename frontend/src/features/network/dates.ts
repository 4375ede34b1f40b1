/** Calendar dates ("YYYY-MM-DD") of the network screens: today, échéances. */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The window of "à renouveler": active conventions reaching their échéance within it. */
export const RENOUVELLEMENT_JOURS = 90;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Today in the person's calendar (local date, not UTC). */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "2026-11-29" + 90 -> "2027-02-27"; null for an invalid date. */
export function addDays(iso: string, days: number): string | null {
  const match = ISO_DATE.exec(iso);
  if (match === null) return null;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return null;
  date.setUTCDate(date.getUTCDate() + days);
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** The `echeance_avant` date of "à renouveler sous 90 jours". */
export function echeanceRenouvellement(now: Date = new Date()): string {
  return addDays(todayIso(now), RENOUVELLEMENT_JOURS) ?? todayIso(now);
}

/** Whole days from `fromIso` to `toIso` (negative when past); null when a date is invalid. */
export function daysBetween(fromIso: string, toIso: string): number | null {
  const parse = (iso: string) => {
    const match = ISO_DATE.exec(iso);
    return match === null ? null : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  };
  const from = parse(fromIso);
  const to = parse(toIso);
  if (from === null || to === null) return null;
  return Math.round((to - from) / 86_400_000);
}

/** "dans 45 jours", "demain", "aujourd'hui", "dépassée depuis 3 jours". */
export function echeanceRelative(days: number): string {
  if (days === 0) return "aujourd'hui";
  if (days === 1) return 'demain';
  if (days > 1) return `dans ${days} jours`;
  if (days === -1) return 'dépassée depuis 1 jour';
  return `dépassée depuis ${-days} jours`;
}
