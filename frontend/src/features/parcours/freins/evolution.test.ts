import { describe, expect, it } from 'vitest';

import { aComparer, comparer } from './evolution';

const etat = (niveau: number | null) => ({ date: '2025-01-01', etape: 'entree' as const, niveau, situations: [] });

describe('evolution by domaine', () => {
  it("trusts the API's verdict", () => {
    expect(comparer({ ameliore: true, entree: etat(2), sortie: etat(2), suivis: [] })).toBe('ameliore');
  });

  it('never calls improved what the verdict refuses, even when the level went down', () => {
    expect(comparer({ ameliore: false, entree: etat(3), sortie: etat(1), suivis: [] })).toBe('stable');
  });

  it('compares levels otherwise: entry against exit, or the latest suivi', () => {
    expect(comparer({ ameliore: null, entree: etat(3), sortie: etat(1), suivis: [] })).toBe('ameliore');
    expect(comparer({ ameliore: false, entree: etat(1), sortie: null, suivis: [etat(2)] })).toBe('degrade');
    expect(comparer({ ameliore: false, entree: etat(2), sortie: etat(2), suivis: [] })).toBe('stable');
    expect(comparer({ ameliore: null, entree: etat(2), sortie: null, suivis: [] })).toBe('inconnu');
  });

  it('has something to compare only once a domaine assessed at entry was assessed again', () => {
    expect(aComparer([])).toBe(false);
    expect(aComparer([{ entree: etat(2), sortie: null, suivis: [] }])).toBe(false);
    expect(aComparer([{ entree: null, sortie: etat(1), suivis: [] }])).toBe(false);
    expect(aComparer([{ entree: etat(2), sortie: null, suivis: [etat(1)] }])).toBe(true);
  });
});
