/**
 * Status families and their tones. A status is always shown as colour AND
 * text (StatutBadge); the colour only repeats what the text says.
 */
import type { TerritoireStatut } from '../api/types';
import { clientApiStatutLabels, compteStatutLabels, territoireStatutLabels } from '../i18n/labels';

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** Background colours, each with at least 4.5:1 contrast against white text (checked by a test). */
export const toneColors: Record<Tone, string> = {
  neutral: '#495057',
  info: '#1864ab',
  success: '#087f5b',
  warning: '#9c4a00',
  danger: '#c92a2a',
};

interface StatutFamily<V extends string> {
  labels: Record<V, string>;
  tones: Record<V, Tone>;
}

/** One entry per family of statuses; later features add theirs here. */
export const statutFamilies = {
  territoire: {
    labels: territoireStatutLabels,
    tones: { preparation: 'info', operationnel: 'success', suspendu: 'warning' },
  } satisfies StatutFamily<TerritoireStatut>,
  compte: {
    labels: compteStatutLabels,
    tones: { actif: 'success', desactive: 'neutral' },
  } satisfies StatutFamily<keyof typeof compteStatutLabels>,
  clientApi: {
    labels: clientApiStatutLabels,
    tones: { actif: 'success', revoque: 'danger' },
  } satisfies StatutFamily<keyof typeof clientApiStatutLabels>,
} as const;

export type StatutFamilyName = keyof typeof statutFamilies;
export type StatutOf<F extends StatutFamilyName> = keyof (typeof statutFamilies)[F]['labels'];
