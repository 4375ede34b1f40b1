import { describe, expect, it } from 'vitest';

import { toApiError } from '../../api/problem';
import { messages } from '../../i18n/messages';
import { scopesForStructureType } from './clientScopes';
import { groupSecret, modificationErrorMessage, scopeLabel } from './format';

describe('groupSecret', () => {
  it('groups a base32 secret by four', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXPJB')).toBe('JBSW Y3DP EHPK 3PXP JB');
    expect(groupSecret('ABCD')).toBe('ABCD');
  });
});

describe('modificationErrorMessage', () => {
  it('says to reload after a concurrent change (412)', () => {
    const error = toApiError({ status: 412, code: 'version_perimee', detail: 'Version périmée' }, new Response(null, { status: 412 }));
    expect(modificationErrorMessage(error)).toBe(messages.staleVersion);
    expect(messages.staleVersion).toMatch(/modifié entre-temps.*rechargez/);
  });

  it("keeps the API's detail otherwise", () => {
    const error = toApiError({ status: 403, code: 'interdit', detail: 'Vous ne pouvez pas modifier votre propre rôle.' }, new Response(null, { status: 403 }));
    expect(modificationErrorMessage(error)).toBe('Vous ne pouvez pas modifier votre propre rôle.');
  });
});

describe('API client scopes', () => {
  it('follow the type of the structure', () => {
    expect(scopesForStructureType('partenaire')).toEqual(['orientations:read', 'orientations:write']);
    expect([...scopesForStructureType('fas')].sort()).toEqual(['exports:read', 'indicateurs:read']);
    expect(scopesForStructureType('chantier')).toEqual([]);
    expect(scopesForStructureType(null)).toEqual([]);
  });

  it('are labelled in French, unknown ones as they are', () => {
    expect(scopeLabel('orientations:write')).toBe('Répondre aux orientations');
    expect(scopeLabel('inconnu:read')).toBe('inconnu:read');
  });
});
