import { describe, expect, it } from 'vitest';

import { loginOutcome } from './loginMessages';

describe('loginOutcome', () => {
  it('says the credentials are wrong', () => {
    expect(loginOutcome({ status: 401, code: 'identifiants_invalides' }, null, 'identifiants')).toEqual({
      step: 'identifiants',
      message: 'Identifiants incorrects.',
    });
  });

  it('asks for the TOTP code, without an error', () => {
    expect(loginOutcome({ status: 401, code: 'totp_requis', detail: 'Saisissez le code' }, null, 'identifiants')).toEqual({
      step: 'code',
      message: null,
    });
  });

  it('stays on the code step when the code is wrong', () => {
    const outcome = loginOutcome({ status: 401, code: 'totp_invalide' }, null, 'code');
    expect(outcome.step).toBe('code');
    expect(outcome.message).toMatch(/Code incorrect/);
  });

  it("shows the API's detail when throttled, or the wait from Retry-After", () => {
    const detail = 'Trop de tentatives de connexion échouées. Réessayez dans 120 seconde(s).';
    expect(loginOutcome({ status: 429, code: 'trop_de_tentatives', detail }, 120, 'identifiants').message).toBe(detail);
    expect(loginOutcome({ status: 429, code: 'trop_de_tentatives' }, 120, 'code')).toEqual({
      step: 'code',
      message: 'Trop de tentatives de connexion échouées. Patientez avant de réessayer. Réessayez dans 2 min.',
    });
  });

  it('explains a network failure in French', () => {
    expect(loginOutcome({}, null, 'identifiants').message).toMatch(/Impossible de joindre le serveur/);
  });
});
