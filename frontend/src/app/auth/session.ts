/**
 * The signed-in session, outside React so it can be tested and shared with
 * the HTTP client.
 *
 * - The access token lives in memory only (never in storage).
 * - The refresh token is an httpOnly cookie scoped to /api/v1/auth: the SPA
 *   never sees it; the browser sends it with the renewal request.
 * - Refresh tokens are single-use (a second use of one revokes the whole
 *   session), so renewal is single-flight: one request at a time in this tab,
 *   and one at a time across tabs through the Web Locks API when available.
 */
import { type Problem, parseProblem } from '../../api/problem';
import type { Moi, TokenOut } from '../../api/types';
import { clearDrafts } from './drafts';

const TOKEN_URL = '/api/v1/auth/token';
const LOGOUT_URL = '/api/v1/auth/deconnexion';
const PROCONNECT_TOTP_URL = '/api/v1/auth/proconnect/totp';
const LOCK_NAME = 'convergence-renouvellement-session';
const CHANNEL_NAME = 'convergence-session';

/** `expiree`: the session ended by itself (idle, absolute lifetime) while the page was open;
 * the page stays (and its input) until the person signs in again. */
export type AuthStatus = 'inconnu' | 'anonyme' | 'connecte' | 'expiree';

export interface AuthState {
  status: AuthStatus;
  moi: Moi | null;
}

export interface Credentials {
  email: string;
  password: string;
  totp?: string;
}

/** What a logout leaves to do: open the provider's end-of-session page (ProConnect). */
export interface LogoutResult {
  redirection: string | null;
}

export type LoginResult =
  | { ok: true; moi: Moi }
  | { ok: false; problem: Problem; retryAfterSeconds: number | null };

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface AuthSessionOptions {
  /** Reads GET /api/v1/moi once a token is there (through the authenticated client). */
  loadMoi: () => Promise<Moi>;
  fetch?: FetchLike;
  now?: () => number;
  /** Serialises renewals across tabs; runs the function directly by default. */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** Tells the other tabs about a logout (BroadcastChannel in the browser). */
  channel?: SessionChannel | null;
}

export interface SessionChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The channel the tabs of this site share to hear of a logout. */
export function browserChannel(): SessionChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
}

/** Renew this long before the access token expires. */
const RENEW_MARGIN_MS = 60_000;
/** A token this close to its end is not sent: it is renewed first. */
const EXPIRY_SLACK_MS = 10_000;

export function retryAfterSeconds(response: Response): number | null {
  const header = response.headers.get('Retry-After');
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** The Web Locks API when the browser has it: one renewal at a time across tabs. */
export function browserLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return run();
  // The lock resolves with what `run` resolves with (the callback's promise is awaited).
  return locks.request(LOCK_NAME, run) as unknown as Promise<T>;
}

export class AuthSession {
  private state: AuthState = { status: 'inconnu', moi: null };
  private accessToken: string | null = null;
  private expiresAt = 0;
  private renewal: Promise<string | null> | null = null;
  private restoring: Promise<void> | null = null;
  private timer: unknown = null;
  /** When this tab last sent an authenticated request (the server's idle clock). */
  private lastActivity = 0;
  /** Bumped when the session ends, so a late renewal cannot revive it. */
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private readonly options: Required<Omit<AuthSessionOptions, 'channel'>> & Pick<AuthSessionOptions, 'channel'>;

  constructor(options: AuthSessionOptions) {
    this.options = {
      fetch: (input, init) => globalThis.fetch(input, init),
      now: () => Date.now(),
      lock: (run) => run(),
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      channel: null,
      ...options,
    };
    this.options.channel?.addEventListener('message', (event) => {
      if (event.data === 'deconnexion') this.end();
    });
  }

  // --- state, for React (useSyncExternalStore) ------------------------------------------

  getState = (): AuthState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private setState(state: AuthState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  // --- tokens ---------------------------------------------------------------------------

  /** The token to send now: renewed first when it is (about to be) expired. */
  getAccessToken = (): string | null | Promise<string | null> => {
    this.lastActivity = this.options.now();
    if (this.accessToken === null) return this.renewal;
    if (this.options.now() < this.expiresAt - EXPIRY_SLACK_MS) return this.accessToken;
    return this.refresh();
  };

  /**
   * Renews the access token with the refresh cookie. Callers at the same time
   * share one request. Resolves to null when the session is over (or the
   * server cannot be reached).
   */
  refresh = (): Promise<string | null> => {
    if (this.renewal !== null) return this.renewal;
    const generation = this.generation;
    const renewal = this.options
      .lock(() => this.requestRenewal(generation))
      .finally(() => {
        if (this.renewal === renewal) this.renewal = null;
      });
    this.renewal = renewal;
    return renewal;
  };

  private async requestRenewal(generation: number): Promise<string | null> {
    let response: Response;
    try {
      response = await this.options.fetch(TOKEN_URL, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'refresh_token' }),
      });
    } catch {
      // Unreachable server: keep the session, the request fails with its own message.
      return null;
    }
    if (generation !== this.generation) return null;
    if (response.ok) {
      const token = (await readJson(response)) as TokenOut | undefined;
      if (token?.access_token === undefined) return null;
      this.applyToken(token);
      return token.access_token;
    }
    if (response.status === 400 || response.status === 401) {
      // No cookie, expired, revoked or reused: the session is over. Signed in until now:
      // it ended by itself, the page stays for a new sign-in (SessionExpiry).
      if (this.state.status === 'connecte') this.expire();
      else this.end();
    }
    return null;
  }

  private applyToken(token: TokenOut): void {
    this.accessToken = token.access_token;
    const lifetimeMs = Math.max(0, token.expires_in) * 1000;
    this.expiresAt = this.options.now() + lifetimeMs;
    if (this.timer !== null) this.options.clearTimer(this.timer);
    const delay = Math.max(lifetimeMs - RENEW_MARGIN_MS, lifetimeMs / 2);
    this.timer = this.options.setTimer(() => {
      this.timer = null;
      void this.refresh();
    }, delay);
  }

  // --- lifecycle ------------------------------------------------------------------------

  /** On app load: a session may survive in the refresh cookie. Runs once. */
  restore = (): Promise<void> => {
    if (this.state.status !== 'inconnu') return Promise.resolve();
    if (this.restoring === null) {
      this.restoring = (async () => {
        const token = await this.refresh();
        if (token === null) {
          this.setState({ status: 'anonyme', moi: null });
          return;
        }
        try {
          const moi = await this.options.loadMoi();
          this.setState({ status: 'connecte', moi });
        } catch {
          this.end();
        }
      })().finally(() => {
        this.restoring = null;
      });
    }
    return this.restoring;
  };

  /** Password grant (then the TOTP code when the account asks for it). */
  login = async ({ email, password, totp }: Credentials): Promise<LoginResult> => {
    const form = new URLSearchParams({
      grant_type: 'password',
      username: email.trim(),
      password,
      refresh_token_transport: 'cookie',
    });
    if (totp !== undefined && totp !== '') form.set('totp', totp);
    return this.openSession(TOKEN_URL, { headers: { Accept: 'application/json' }, body: form });
  };

  /**
   * Ends a ProConnect sign-in with the TOTP code (the provider did not assert a second
   * factor): the API holds the pending sign-in in an httpOnly cookie, and sets the refresh
   * cookie as after a password.
   */
  loginWithProConnectCode = async (code: string): Promise<LoginResult> =>
    this.openSession(PROCONNECT_TOTP_URL, {
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ code }),
    });

  /** Posts to an endpoint that answers a token (and sets the refresh cookie), then reads /moi. */
  private async openSession(url: string, init: { headers: Record<string, string>; body: BodyInit }): Promise<LoginResult> {
    let response: Response;
    try {
      response = await this.options.fetch(url, { method: 'POST', credentials: 'same-origin', ...init });
    } catch {
      return { ok: false, problem: {}, retryAfterSeconds: null };
    }
    const body = await readJson(response);
    if (!response.ok) {
      return { ok: false, problem: parseProblem(body, response.status), retryAfterSeconds: retryAfterSeconds(response) };
    }
    this.generation += 1;
    this.lastActivity = this.options.now();
    this.applyToken(body as TokenOut);
    try {
      const moi = await this.options.loadMoi();
      this.setState({ status: 'connecte', moi });
      return { ok: true, moi };
    } catch (error) {
      this.end();
      const problem = error instanceof Error && 'problem' in error ? (error.problem as Problem) : {};
      return { ok: false, problem, retryAfterSeconds: null };
    }
  }

  /** Reads GET /moi again (after enabling TOTP, for instance). */
  reloadMoi = async (): Promise<Moi | null> => {
    if (this.state.status !== 'connecte') return null;
    const moi = await this.options.loadMoi();
    this.setState({ status: 'connecte', moi });
    return moi;
  };

  /**
   * Ends the session (refresh cookie revoked) and forgets everything, here and in the other
   * tabs. A session opened through ProConnect gives back the provider's end-of-session
   * address, for the caller to open (the provider then comes back to /connexion).
   */
  logout = async (): Promise<LogoutResult> => {
    // A renewal in flight would set a fresh cookie after the revocation: let it finish first.
    if (this.renewal !== null) await this.renewal.catch(() => null);
    let redirection: string | null = null;
    try {
      const response = await this.options.lock(() =>
        this.options.fetch(LOGOUT_URL, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { Accept: 'application/json' },
          body: new URLSearchParams(),
        }),
      );
      if (response.ok) {
        const body = (await readJson(response)) as { redirection?: unknown } | undefined;
        if (typeof body?.redirection === 'string' && /^https?:\/\//.test(body.redirection)) redirection = body.redirection;
      }
    } catch {
      // Offline: the cookie expires on its own; the tab still forgets the session.
    }
    this.end();
    this.options.channel?.postMessage('deconnexion');
    return { redirection };
  };

  /** When this tab last used its access token (ms, the clock of `now`). */
  lastActivityAt = (): number => this.lastActivity;

  /** The session ended by itself: no token, drafts cleared, the person kept for a new sign-in. */
  expire(): void {
    const moi = this.state.moi;
    this.forget();
    this.setState({ status: 'expiree', moi });
  }

  /** Ends the session in this tab (no request). */
  end(): void {
    this.forget();
    if (this.state.status !== 'anonyme' || this.state.moi !== null) {
      this.setState({ status: 'anonyme', moi: null });
    }
  }

  private forget(): void {
    clearDrafts();
    this.generation += 1;
    this.accessToken = null;
    this.expiresAt = 0;
    if (this.timer !== null) this.options.clearTimer(this.timer);
    this.timer = null;
  }
}
