import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api/problem';
import { motifRefusLabels } from '../../i18n/orientations';
import { estVide, formatDelaiHeures, isConsentementRequis, nomPartage, resumeRefus, todayIso } from './format';

describe('orientation helpers', () => {
  it('write median delays in hours, then days', () => {
    expect(formatDelaiHeures(12)).toBe('12 h');
    expect(formatDelaiHeures(11.6)).toBe('12 h');
    expect(formatDelaiHeures(47)).toBe('47 h');
    expect(formatDelaiHeures(48)).toBe('2 j');
    expect(formatDelaiHeures(76)).toBe('3 j 4 h');
    expect(formatDelaiHeures(null)).toBe('—');
  });

  it('recognise the consent-required conflict only', () => {
    expect(isConsentementRequis(new ApiError({ status: 409, code: 'consentement_requis', detail: 'x' }, 409))).toBe(true);
    expect(isConsentementRequis(new ApiError({ status: 409, code: 'transition_refusee' }, 409))).toBe(false);
    expect(isConsentementRequis(new Error('x'))).toBe(false);
  });

  it('give today as a calendar date', () => {
    expect(todayIso(new Date(2026, 2, 5, 23, 30))).toBe('2026-03-05');
  });

  it('name the person only from what was shared', () => {
    expect(nomPartage({ nom: 'EXEMPLE', prenoms: 'Camille' })).toBe('Camille EXEMPLE');
    expect(nomPartage({ besoin: 'Hébergement' })).toBeNull();
    expect(nomPartage(null)).toBeNull();
    expect(estVide({ situation: [] })).toBe(true);
    expect(estVide({ besoin: 'x' })).toBe(false);
  });

  it('summarise refusals by motif in French', () => {
    expect(resumeRefus({ pas_de_place: 2, autre: 1 }, motifRefusLabels)).toBe('Pas de place disponible (2), Autre motif (1)');
    expect(resumeRefus({}, motifRefusLabels)).toBe('Aucun refus');
  });
});
