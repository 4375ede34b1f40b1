/**
 * French formatting of dates, numbers and percentages (UI.md: "12 mars 2025",
 * "1 234", "47 %"). Intl gives the typographic spaces: a narrow no-break space
 * (U+202F) between thousands, a no-break space (U+00A0) before "%".
 */

const LOCALE = 'fr-FR';
const TIME_ZONE = 'Europe/Paris';

const dateFormat = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: TIME_ZONE,
});
const integerFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 0 });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A business date "YYYY-MM-DD" -> "12 mars 2025". Calendar dates carry no
 * time zone: they are formatted as written, never shifted by the browser's zone.
 * Returns the input unchanged when it is not a valid date.
 */
export function formatDate(value: string): string {
  const match = ISO_DATE.exec(value);
  if (match === null) return value;
  const [, y, m, d] = match;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  // Reject rolled-over dates such as 2025-02-30.
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return value;
  return dateFormat.format(date);
}

/** A timezone-aware timestamp -> "12 mars 2025 à 14:05", in metropolitan French time. */
export function formatDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateTimeFormat.format(date);
}

/** 1234 -> "1 234"; decimals keep up to two digits with a comma: 3.5 -> "3,5". */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? integerFormat.format(value) : decimalFormat.format(value);
}

/** A ratio between 0 and 1 -> "47 %". */
export function formatPercent(ratio: number): string {
  return percentFormat.format(ratio);
}

/** "12345678900012" -> "123 456 789 00012" (SIREN in groups of three, then the NIC). */
export function formatSiret(siret: string): string {
  const digits = siret.replace(/\s+/g, '');
  if (!/^\d{14}$/.test(digits)) return siret;
  return `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6, 9)} ${digits.slice(9)}`;
}
