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

  it('stays on the ProConnect code step when that code is wrong', () => {
    const outcome = loginOutcome({ status: 401, code: 'totp_invalide' }, null, 'proconnect');
    expect(outcome).toEqual({ step: 'proconnect', message: expect.stringMatching(/Code incorrect/) as unknown });
  });

  it('goes back to the form when the ProConnect sign-in waiting for its code is gone', () => {
    const detail = "La connexion avec ProConnect n'a pas abouti. Recommencez depuis la page de connexion.";
    expect(loginOutcome({ status: 401, code: 'proconnect_echec', detail }, null, 'proconnect')).toEqual({
      step: 'identifiants',
      message: detail,
    });
    expect(loginOutcome({ status: 401, code: 'proconnect_echec' }, null, 'proconnect').message).toMatch(/ProConnect/);
  });

  it('keeps the ProConnect code step when throttled', () => {
    expect(loginOutcome({ status: 429, code: 'trop_de_tentatives', detail: 'Attendez.' }, 60, 'proconnect')).toEqual({
      step: 'proconnect',
      message: 'Attendez.',
    });
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
