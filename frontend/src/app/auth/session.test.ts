import { describe, expect, it, vi } from 'vitest';

import type { Moi } from '../../api/types';
import { AuthSession, retryAfterSeconds } from './session';

const MOI: Moi = {
  type: 'utilisateur',
  id: '00000000-0000-4000-8000-000000000001',
  role: 'coordinateur',
  structure_id: '00000000-0000-4000-8000-000000000002',
  structure_nom: 'Ateliers de Belleville',
  email: 'coordinateur.paris@demo.example.org',
  nom: 'Démo',
  prenom: 'Alex',
  perimetre: { national: false, territoire_ids: [], chantier_ids: [] },
  scopes: [],
  permissions: [],
  totp_active: false,
  totp_requis: false,
};

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A fake token endpoint: each renewal answers a new token after `delay` ms. */
function fakeServer(
  options: { refresh?: 'ok' | 'expired'; login?: Response; proconnectCode?: Response; redirection?: string | null } = {},
) {
  const calls: { url: string; form: URLSearchParams; body?: unknown }[] = [];
  let issued = 0;
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    const form = new URLSearchParams(init?.body instanceof URLSearchParams ? init.body : undefined);
    calls.push({ url, form, body: init?.body });
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (url.endsWith('/deconnexion')) return json({ redirection: options.redirection ?? null });
    if (url.endsWith('/proconnect/totp')) return options.proconnectCode ?? json({ access_token: `jeton-${++issued}`, expires_in: 900 });
    if (form.get('grant_type') === 'password') return options.login ?? json({ access_token: `jeton-${++issued}`, expires_in: 900 });
    if (options.refresh === 'expired') return json({ code: 'jeton_renouvellement_invalide', status: 401 }, 401);
    return json({ access_token: `jeton-${++issued}`, expires_in: 900 });
  });
  return { fetch, calls, renewals: () => calls.filter((call) => call.form.get('grant_type') === 'refresh_token').length };
}

function newSession(server: ReturnType<typeof fakeServer>, extra: Partial<ConstructorParameters<typeof AuthSession>[0]> = {}) {
  return new AuthSession({
    fetch: server.fetch,
    loadMoi: async () => MOI,
    setTimer: () => null,
    clearTimer: () => undefined,
    ...extra,
  });
}

describe('AuthSession', () => {
  it('restores a session from the refresh cookie on load', async () => {
    const server = fakeServer();
    const session = newSession(server);
    expect(session.getState().status).toBe('inconnu');
    await session.restore();
    expect(session.getState()).toEqual({ status: 'connecte', moi: MOI });
    expect(await session.getAccessToken()).toBe('jeton-1');
    expect(server.calls[0]?.form.get('grant_type')).toBe('refresh_token');
    // No refresh token in the body: the browser sends the cookie.
    expect(server.calls[0]?.form.has('refresh_token')).toBe(false);
  });

  it('is anonymous when there is no valid cookie', async () => {
    const session = newSession(fakeServer({ refresh: 'expired' }));
    await session.restore();
    expect(session.getState()).toEqual({ status: 'anonyme', moi: null });
    expect(await session.getAccessToken()).toBeNull();
  });

  it('restores only once, even when asked twice at the same time (StrictMode)', async () => {
    const server = fakeServer();
    const session = newSession(server);
    await Promise.all([session.restore(), session.restore()]);
    expect(server.renewals()).toBe(1);
  });

  it('shares one renewal between concurrent callers (refresh tokens are single-use)', async () => {
    const server = fakeServer();
    const session = newSession(server);
    await session.restore();
    const tokens = await Promise.all([session.refresh(), session.refresh(), session.refresh()]);
    expect(tokens).toEqual(['jeton-2', 'jeton-2', 'jeton-2']);
    expect(server.renewals()).toBe(2);
    // Once settled, a later renewal is a new request.
    expect(await session.refresh()).toBe('jeton-3');
  });

  it('serialises renewals through the lock (other tabs)', async () => {
    const server = fakeServer();
    let locked = 0;
    const lock = <T,>(run: () => Promise<T>): Promise<T> => {
      locked += 1;
      return run();
    };
    const session = newSession(server, { lock });
    await session.restore();
    expect(locked).toBe(1);
  });

  it('renews an expired token before sending it', async () => {
    let now = 1_000_000;
    const server = fakeServer();
    const session = newSession(server, { now: () => now });
    await session.restore();
    expect(await session.getAccessToken()).toBe('jeton-1');
    now += 900_000; // 15 minutes later
    expect(await session.getAccessToken()).toBe('jeton-2');
  });

  it('schedules a renewal shortly before expiry', async () => {
    const delays: number[] = [];
    const session = newSession(fakeServer(), { setTimer: (_run, ms) => delays.push(ms) });
    await session.restore();
    expect(delays).toEqual([840_000]);
  });

  it('a refused renewal ends the session by itself: the person stays for a new sign-in on the same page', async () => {
    const server = fakeServer();
    const session = newSession(server);
    await session.restore();
    const moi = session.getState().moi;
    server.fetch.mockImplementationOnce(async () => json({ code: 'jeton_renouvellement_invalide', status: 401 }, 401));
    expect(await session.refresh()).toBeNull();
    expect(session.getState()).toEqual({ status: 'expiree', moi });
    expect(session.getAccessToken()).toBeNull();
  });

  it('keeps the session when the server cannot be reached', async () => {
    const server = fakeServer();
    const session = newSession(server);
    await session.restore();
    server.fetch.mockImplementationOnce(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await session.refresh()).toBeNull();
    expect(session.getState().status).toBe('connecte');
  });

  it('logs in with the password grant and asks for the refresh token in a cookie', async () => {
    const server = fakeServer({ refresh: 'expired' });
    const session = newSession(server);
    await session.restore();
    const result = await session.login({ email: ' Coordinateur.Paris@demo.example.org ', password: 'secret', totp: '123456' });
    expect(result).toEqual({ ok: true, moi: MOI });
    const form = server.calls.at(-1)?.form;
    expect(form?.get('grant_type')).toBe('password');
    expect(form?.get('username')).toBe('Coordinateur.Paris@demo.example.org');
    expect(form?.get('refresh_token_transport')).toBe('cookie');
    expect(form?.get('totp')).toBe('123456');
    expect(session.getState().status).toBe('connecte');
  });

  it('gives back the problem of a refused login, with Retry-After', async () => {
    const server = fakeServer({
      refresh: 'expired',
      login: json({ code: 'trop_de_tentatives', status: 429, detail: 'Réessayez dans 60 seconde(s).' }, 429, { 'Retry-After': '60' }),
    });
    const session = newSession(server);
    await session.restore();
    const result = await session.login({ email: 'a@b.c', password: 'x' });
    expect(result).toEqual({
      ok: false,
      problem: { code: 'trop_de_tentatives', status: 429, detail: 'Réessayez dans 60 seconde(s).' },
      retryAfterSeconds: 60,
    });
    expect(session.getState().status).toBe('anonyme');
  });

  it('logs out: revokes the cookie, forgets the token and tells the other tabs', async () => {
    const server = fakeServer();
    const channel = { postMessage: vi.fn(), addEventListener: vi.fn() };
    const session = newSession(server, { channel });
    await session.restore();
    expect(await session.logout()).toEqual({ redirection: null });
    expect(server.calls.at(-1)?.url).toBe('/api/v1/auth/deconnexion');
    expect(session.getState()).toEqual({ status: 'anonyme', moi: null });
    expect(await session.getAccessToken()).toBeNull();
    expect(channel.postMessage).toHaveBeenCalledWith('deconnexion');
  });

  it('waits for a renewal in flight before revoking (it would set a fresh cookie)', async () => {
    const server = fakeServer();
    const session = newSession(server);
    await session.restore();
    const renewal = session.refresh();
    await session.logout();
    expect(await renewal).toBe('jeton-2');
    expect(server.calls.at(-1)?.url).toBe('/api/v1/auth/deconnexion');
    expect(session.getState().status).toBe('anonyme');
  });

  it("gives back ProConnect's end-of-session address on logout", async () => {
    const end = 'http://127.0.0.1:9774/oauth2/end_session?id_token_hint=x&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%2Fconnexion';
    const session = newSession(fakeServer({ redirection: end }));
    await session.restore();
    expect(await session.logout()).toEqual({ redirection: end });
    expect(session.getState().status).toBe('anonyme');
  });

  it('never gives back an address that is not http(s) (javascript: and the like)', async () => {
    const session = newSession(fakeServer({ redirection: 'javascript:alert(1)' }));
    await session.restore();
    expect(await session.logout()).toEqual({ redirection: null });
  });

  it('ends a ProConnect sign-in with the TOTP code, then reads /moi', async () => {
    const server = fakeServer({ refresh: 'expired' });
    const session = newSession(server);
    await session.restore();
    expect(await session.loginWithProConnectCode('123456')).toEqual({ ok: true, moi: MOI });
    const call = server.calls.at(-1);
    expect(call?.url).toBe('/api/v1/auth/proconnect/totp');
    expect(JSON.parse(String(call?.body))).toEqual({ code: '123456' });
    expect(session.getState().status).toBe('connecte');
    expect(await session.getAccessToken()).toBe('jeton-1');
  });

  it('gives back the problem of a refused ProConnect code', async () => {
    const refused = json({ code: 'totp_invalide', status: 401, detail: 'Code de double authentification incorrect.' }, 401);
    const session = newSession(fakeServer({ refresh: 'expired', proconnectCode: refused }));
    await session.restore();
    const result = await session.loginWithProConnectCode('000000');
    expect(result).toEqual({
      ok: false,
      problem: { code: 'totp_invalide', status: 401, detail: 'Code de double authentification incorrect.' },
      retryAfterSeconds: null,
    });
    expect(session.getState().status).toBe('anonyme');
  });

  it('ends when another tab logs out', async () => {
    let listener: ((event: { data: unknown }) => void) | null = null;
    const channel = {
      postMessage: vi.fn(),
      addEventListener: (_type: 'message', handler: (event: { data: unknown }) => void) => {
        listener = handler;
      },
    };
    const session = newSession(fakeServer(), { channel });
    await session.restore();
    (listener as ((event: { data: unknown }) => void) | null)?.({ data: 'deconnexion' });
    expect(session.getState().status).toBe('anonyme');
  });

  it('notifies subscribers of changes', async () => {
    const session = newSession(fakeServer());
    const listener = vi.fn();
    const unsubscribe = session.subscribe(listener);
    await session.restore();
    expect(listener).toHaveBeenCalled();
    unsubscribe();
  });
});

describe('retryAfterSeconds', () => {
  it('reads seconds or an HTTP date', () => {
    expect(retryAfterSeconds(new Response(null, { headers: { 'Retry-After': '120' } }))).toBe(120);
    expect(retryAfterSeconds(new Response(null))).toBeNull();
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfterSeconds(new Response(null, { headers: { 'Retry-After': inOneMinute } }))).toBeGreaterThan(50);
  });
});
