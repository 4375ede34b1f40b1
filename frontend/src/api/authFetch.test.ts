import { describe, expect, it, vi } from 'vitest';

import { createAuthFetch, isAuthEndpoint } from './authFetch';

function recordingFetch(statuses: number[]) {
  const seen: { url: string; authorization: string | null; body: string }[] = [];
  const fetch = vi.fn(async (request: Request) => {
    seen.push({ url: request.url, authorization: request.headers.get('Authorization'), body: await request.text() });
    return new Response(null, { status: statuses[seen.length - 1] ?? 200 });
  });
  return { fetch, seen };
}

describe('createAuthFetch', () => {
  it('sends the current access token', async () => {
    const { fetch, seen } = recordingFetch([200]);
    const authFetch = createAuthFetch({ getAccessToken: () => 'jeton-1', refreshAccessToken: vi.fn(), fetch });
    const response = await authFetch(new Request('http://test/api/v1/territoires'));
    expect(response.status).toBe(200);
    expect(seen[0]?.authorization).toBe('Bearer jeton-1');
  });

  it('renews the token after a 401 and replays the request once, body included', async () => {
    const { fetch, seen } = recordingFetch([401, 201]);
    const refreshAccessToken = vi.fn(async () => 'jeton-2');
    const authFetch = createAuthFetch({ getAccessToken: () => 'jeton-1', refreshAccessToken, fetch });
    const response = await authFetch(
      new Request('http://test/api/v1/utilisateurs', { method: 'POST', body: JSON.stringify({ nom: 'Test' }) }),
    );
    expect(response.status).toBe(201);
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
    expect(seen.map((call) => call.authorization)).toEqual(['Bearer jeton-1', 'Bearer jeton-2']);
    expect(seen[1]?.body).toBe('{"nom":"Test"}');
  });

  it('gives the 401 back when the session is over', async () => {
    const { fetch, seen } = recordingFetch([401]);
    const authFetch = createAuthFetch({ getAccessToken: () => 'jeton-1', refreshAccessToken: async () => null, fetch });
    expect((await authFetch(new Request('http://test/api/v1/moi'))).status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it('does not loop when the renewed token is refused too', async () => {
    const { fetch, seen } = recordingFetch([401, 401]);
    const refreshAccessToken = vi.fn(async () => 'jeton-2');
    const authFetch = createAuthFetch({ getAccessToken: () => 'jeton-1', refreshAccessToken, fetch });
    expect((await authFetch(new Request('http://test/api/v1/moi'))).status).toBe(401);
    expect(seen).toHaveLength(2);
    expect(refreshAccessToken).toHaveBeenCalledTimes(1);
  });

  it('leaves the token endpoints alone: no bearer, no renewal', async () => {
    const { fetch, seen } = recordingFetch([401]);
    const refreshAccessToken = vi.fn(async () => 'jeton-2');
    const authFetch = createAuthFetch({ getAccessToken: () => 'jeton-1', refreshAccessToken, fetch });
    await authFetch(new Request('http://test/api/v1/auth/token', { method: 'POST', body: 'grant_type=password' }));
    expect(seen[0]?.authorization).toBeNull();
    expect(refreshAccessToken).not.toHaveBeenCalled();
  });

  it('waits for a token that is being renewed', async () => {
    const { fetch, seen } = recordingFetch([200]);
    const authFetch = createAuthFetch({ getAccessToken: async () => 'jeton-frais', refreshAccessToken: vi.fn(), fetch });
    await authFetch(new Request('http://test/api/v1/moi'));
    expect(seen[0]?.authorization).toBe('Bearer jeton-frais');
  });
});

describe('isAuthEndpoint', () => {
  it('recognises the token and revocation endpoints only', () => {
    expect(isAuthEndpoint('http://test/api/v1/auth/token')).toBe(true);
    expect(isAuthEndpoint('/api/v1/auth/revocation')).toBe(true);
    expect(isAuthEndpoint('/api/v1/moi')).toBe(false);
    expect(isAuthEndpoint('/api/v1/authentification')).toBe(false);
  });
});
