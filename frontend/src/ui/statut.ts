/**
 * Status families and their tones. A status is always shown as colour AND
 * text (StatutBadge); the colour only repeats what the text says.
 */
import type { Engagement, StatutCandidature, StatutConvention, StatutOrientation, TerritoireStatut } from '../api/types';
import { statutCandidatureLabels } from '../i18n/candidatures';
import { clientApiStatutLabels, compteStatutLabels, territoireStatutLabels } from '../i18n/labels';
import { engagementLabels, statutConventionLabels } from '../i18n/network';
import { statutOrientationLabels } from '../i18n/orientations';
import {
  consentementStatutLabels,
  statutActionLabels,
  statutDiagnosticLabels,
  statutFreinLabels,
  statutParcoursLabels,
} from '../i18n/parcours';

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
  convention: {
    labels: statutConventionLabels,
    tones: { brouillon: 'neutral', en_signature: 'info', active: 'success', expiree: 'warning', resiliee: 'danger' },
  } satisfies StatutFamily<StatutConvention>,
  engagement: {
    labels: engagementLabels,
    tones: { contact: 'info', engage: 'success', inactif: 'neutral' },
  } satisfies StatutFamily<Engagement>,
  parcours: {
    labels: statutParcoursLabels,
    tones: { accueil: 'info', en_cours: 'success', suspendu: 'warning', sorti: 'neutral', clos: 'neutral' },
  } satisfies StatutFamily<keyof typeof statutParcoursLabels>,
  frein: {
    labels: statutFreinLabels,
    tones: { identifie: 'danger', en_traitement: 'warning', leve: 'success', non_leve: 'neutral' },
  } satisfies StatutFamily<keyof typeof statutFreinLabels>,
  action: {
    labels: statutActionLabels,
    tones: { prevue: 'info', en_cours: 'warning', realisee: 'success', abandonnee: 'neutral' },
  } satisfies StatutFamily<keyof typeof statutActionLabels>,
  diagnostic: {
    labels: statutDiagnosticLabels,
    tones: { brouillon: 'warning', valide: 'success' },
  } satisfies StatutFamily<keyof typeof statutDiagnosticLabels>,
  consentement: {
    labels: consentementStatutLabels,
    tones: { actif: 'success', retire: 'neutral' },
  } satisfies StatutFamily<keyof typeof consentementStatutLabels>,
  orientation: {
    labels: statutOrientationLabels,
    tones: {
      brouillon: 'neutral',
      envoyee: 'info',
      acceptee: 'success',
      refusee: 'danger',
      realisee: 'success',
      abandonnee: 'warning',
      annulee: 'neutral',
      expiree: 'warning',
    },
  } satisfies StatutFamily<StatutOrientation>,
  candidature: {
    labels: statutCandidatureLabels,
    tones: { brouillon: 'neutral', soumise: 'info', en_instruction: 'warning', acceptee: 'success', refusee: 'danger', sans_suite: 'neutral' },
  } satisfies StatutFamily<StatutCandidature>,
} as const;

export type StatutFamilyName = keyof typeof statutFamilies;
export type StatutOf<F extends StatutFamilyName> = keyof (typeof statutFamilies)[F]['labels'];
