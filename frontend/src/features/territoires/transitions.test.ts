import { describe, expect, it } from 'vitest';

import { STATUTS_A_LA_CREATION, statutsPossibles } from './transitions';

describe('territoire statut machine', () => {
  it('offers the current statut and the allowed next ones', () => {
    expect(statutsPossibles('preparation')).toEqual(['preparation', 'operationnel', 'suspendu']);
    expect(statutsPossibles('operationnel')).toEqual(['operationnel', 'suspendu']);
    expect(statutsPossibles('suspendu')).toEqual(['suspendu', 'operationnel']);
  });

  it('never creates an operationnel territoire', () => {
    expect(STATUTS_A_LA_CREATION).not.toContain('operationnel');
  });
});
