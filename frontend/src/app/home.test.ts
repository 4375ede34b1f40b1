import { describe, expect, it } from 'vitest';

import { homePathFor, loginPathFor, safeReturnPath } from './home';

describe('homePathFor', () => {
  it('leads every role to its first page', () => {
    expect(homePathFor({ role: 'admin_national', totp_requis: false })).toBe('/territoires');
    expect(homePathFor({ role: 'coordinateur', totp_requis: false })).toBe('/territoires');
    expect(homePathFor({ role: 'accompagnateur' })).toBe('/a-faire');
    expect(homePathFor({ role: 'direction_chantier' })).toBe('/parcours');
    expect(homePathFor({ role: 'encadrant_technique' })).toBe('/parcours');
    expect(homePathFor({ role: 'charge_partenariat' })).toBe('/orientations/partenaires');
    expect(homePathFor({ role: 'fas' })).toBe('/indicateurs');
    expect(homePathFor({ role: 'financeur' })).toBe('/indicateurs');
    expect(homePathFor({ role: 'evaluateur' })).toBe('/evaluation');
    expect(
      homePathFor({ role: 'coordinateur', perimetre: { territoire_ids: ['6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10'] } }),
    ).toBe('/territoires/6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10');
    expect(homePathFor({ role: 'partenaire', totp_requis: false })).toBe('/orientations');
  });

  it('sends to TOTP enrolment first when the role requires it', () => {
    expect(homePathFor({ role: 'admin_national', totp_requis: true })).toBe('/mon-compte');
  });
});

describe('safeReturnPath', () => {
  it('keeps paths of this site', () => {
    expect(safeReturnPath('/territoires?statut=operationnel')).toBe('/territoires?statut=operationnel');
  });

  it('refuses other origins and the login page itself', () => {
    for (const value of ['//evil.example/x', '/\\evil.example', 'https://evil.example', 'territoires', '', null, undefined, '/connexion?retour=/x']) {
      expect(safeReturnPath(value)).toBeNull();
    }
  });
});

describe('loginPathFor', () => {
  it('remembers where to come back', () => {
    expect(loginPathFor('/territoires?statut=operationnel')).toBe('/connexion?retour=%2Fterritoires%3Fstatut%3Doperationnel');
    expect(loginPathFor('/')).toBe('/connexion');
    expect(loginPathFor('/espace')).toBe('/connexion');
  });
});
