/** Small helpers of the orientation screens (pure, unit-tested). */
import { ApiError } from '../../api/problem';
import type { DonneesPartagees, Orientation, OrientationPartenaire } from '../../api/types';
import { formatNumber } from '../../ui/formatters';

/** The partner's view carries `personne` (only what was shared); the sender's view does not. */
export function isPartnerView(orientation: Orientation | OrientationPartenaire): orientation is OrientationPartenaire {
  return 'personne' in orientation;
}

/** The API refuses to send without the person's consent to share with this partner. */
export function isConsentementRequis(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.problem.code === 'consentement_requis';
}

/** A median delay in hours -> "12 h", "3 j 4 h" beyond two days; null -> "—". */
export function formatDelaiHeures(heures: number | null | undefined): string {
  if (heures === null || heures === undefined || Number.isNaN(heures)) return '—';
  const total = Math.round(heures);
  if (total < 48) return `${formatNumber(total)} h`;
  const jours = Math.floor(total / 24);
  const reste = total % 24;
  return reste === 0 ? `${formatNumber(jours)} j` : `${formatNumber(jours)} j ${formatNumber(reste)} h`;
}

/** Today as "YYYY-MM-DD" in the browser's calendar (a business date, not a UTC instant). */
export function todayIso(now: Date = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** "Prénoms NOM" from shared data, or null when the identity was not shared. */
export function nomPartage(personne: DonneesPartagees | null | undefined): string | null {
  if (personne === null || personne === undefined) return null;
  const parts = [personne.prenoms, personne.nom].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  return parts.length > 0 ? parts.join(' ') : null;
}

/** Whether the shared data holds anything at all. */
export function estVide(personne: DonneesPartagees | null | undefined): boolean {
  if (personne === null || personne === undefined) return true;
  return Object.values(personne).every((value) => value === null || value === undefined || (Array.isArray(value) && value.length === 0));
}


/** "2 refus : Pas de place disponible (1), Autre motif (1)". */
export function resumeRefus(parMotif: Record<string, number>, labels: Record<string, string>): string {
  const entries = Object.entries(parMotif).filter(([, n]) => n > 0);
  if (entries.length === 0) return 'Aucun refus';
  return entries.map(([motif, n]) => `${labels[motif] ?? motif} (${formatNumber(n)})`).join(', ');
}

/** Alert titles in Mantine's light variants are too pale on yellow/blue/grey: dark text (WCAG AA). */
export const LISIBLE = { title: { color: 'var(--mantine-color-dark-9)' }, message: { color: 'var(--mantine-color-dark-9)' } } as const;
