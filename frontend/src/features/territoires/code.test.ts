import { describe, expect, it } from 'vitest';

import { codeTerritoire } from './code';

describe('codeTerritoire', () => {
  it('makes a slug the API accepts', () => {
    expect(codeTerritoire('Grand Lyon')).toBe('grand-lyon');
    expect(codeTerritoire('Île-de-France (Est)')).toBe('ile-de-france-est');
    expect(codeTerritoire('  Œuvre  Saint-Étienne ')).toBe('oeuvre-saint-etienne');
    expect(codeTerritoire('!!!')).toBe('');
    expect(codeTerritoire('a'.repeat(60))).toHaveLength(50);
  });
});
