/**
 * The fetch every API call goes through: it adds the bearer token and, when
 * the API answers 401 (the access token expired or was revoked), renews the
 * token once and replays the request. Renewal itself is the auth session's
 * job (single flight, see app/auth/session.ts); this file only asks for it.
 */

export interface AuthFetchOptions {
  /** The current access token (may renew it first when it is about to expire). */
  getAccessToken: () => string | null | Promise<string | null>;
  /** Renews the access token after a 401; null when the session is over. */
  refreshAccessToken: () => Promise<string | null>;
  /** The underlying fetch; the global one, looked up at call time, by default. */
  fetch?: (request: Request) => Promise<Response>;
}

/** The token endpoints authenticate by themselves: never a bearer token, never a replay. */
export function isAuthEndpoint(url: string): boolean {
  const path = new URL(url, 'http://localhost').pathname;
  return path.startsWith('/api/v1/auth/');
}

function withToken(request: Request, token: string | null): Request {
  if (token === null || token === '') return request;
  const authorised = new Request(request);
  authorised.headers.set('Authorization', `Bearer ${token}`);
  return authorised;
}

export function createAuthFetch(options: AuthFetchOptions): (request: Request) => Promise<Response> {
  const send = (request: Request) => (options.fetch ?? ((r: Request) => globalThis.fetch(r)))(request);

  return async function authFetch(request: Request): Promise<Response> {
    if (isAuthEndpoint(request.url)) return send(request);

    // Kept unread, so the request (and its body) can be replayed after a renewal.
    const replay = request.clone();
    const token = await options.getAccessToken();
    const response = await send(withToken(request, token));
    if (response.status !== 401) return response;

    const renewed = await options.refreshAccessToken();
    if (renewed === null || renewed === '' || renewed === token) return response;
    return send(withToken(replay, renewed));
  };
}
