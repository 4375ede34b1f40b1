import { describe, expect, it } from 'vitest';

import { STATUTS_A_LA_CREATION, statutsPossibles } from './transitions';

describe('territoire statuts', () => {
  it('offers the current statut, then where the actions the API lists lead', () => {
    expect(statutsPossibles({ statut: 'preparation', actions: ['modification', 'ouverture', 'suspension'] })).toEqual([
      'preparation',
      'operationnel',
      'suspendu',
    ]);
    expect(statutsPossibles({ statut: 'suspendu', actions: ['modification', 'ouverture'] })).toEqual(['suspendu', 'operationnel']);
  });

  it('offers no move the API does not list (no actions: the current statut only)', () => {
    expect(statutsPossibles({ statut: 'operationnel', actions: [] })).toEqual(['operationnel']);
    expect(statutsPossibles({ statut: 'operationnel' })).toEqual(['operationnel']);
    expect(statutsPossibles({ statut: 'operationnel', actions: ['modification', 'verbe_inconnu'] })).toEqual(['operationnel']);
  });

  it('never creates a territoire already operationnel', () => {
    expect(STATUTS_A_LA_CREATION).not.toContain('operationnel');
  });
});
