/**
 * The one HTTP client of the SPA, typed from the generated schema.
 * Screens never call it directly: they go through their feature's hooks.
 */
import createClient from 'openapi-fetch';

import { createAuthFetch } from './authFetch';
import { toApiError } from './problem';
import type { paths } from './schema';

export type AccessTokenProvider = () => string | null | Promise<string | null>;
export type AccessTokenRefresher = () => Promise<string | null>;

let accessTokenProvider: AccessTokenProvider | null = null;
let accessTokenRefresher: AccessTokenRefresher | null = null;

/**
 * Hook point for authentication: the auth session registers how to obtain the
 * current access token; every request then carries it.
 */
export function setAccessTokenProvider(provider: AccessTokenProvider | null): void {
  accessTokenProvider = provider;
}

/** How to renew the access token when the API answers 401 (the request is then replayed once). */
export function setAccessTokenRefresher(refresher: AccessTokenRefresher | null): void {
  accessTokenRefresher = refresher;
}

export const authFetch = createAuthFetch({
  getAccessToken: () => (accessTokenProvider === null ? null : accessTokenProvider()),
  refreshAccessToken: () => (accessTokenRefresher === null ? Promise.resolve(null) : accessTokenRefresher()),
});

/**
 * The If-Match header of a change: the ETag that was read. The contract makes it required;
 * without one the header is left out and the API answers 428, which the SPA explains.
 */
export function ifMatch(etag: string | null | undefined): { 'If-Match': string } {
  return (etag ? { 'If-Match': etag } : {}) as { 'If-Match': string };
}

/** Same origin: the API serves the SPA, and Vite proxies /api in development. */
export const client = createClient<paths>({ baseUrl: '', fetch: authFetch });

/**
 * Returns the data of an openapi-fetch result, or throws an ApiError built
 * from the problem+json body.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) {
    return result.data;
  }
  throw toApiError(result.error, result.response);
}

/** Like unwrap, for answers without a body (204). */
export function unwrapEmpty(result: { error?: unknown; response: Response }): void {
  if (!result.response.ok) throw toApiError(result.error, result.response);
}
