/**
 * The session outside React. The access token lives in this object's memory only (never in
 * localStorage or sessionStorage, where an injected script could read it); what survives a reload is
 * the HttpOnly refresh cookie, which scripts cannot read either. `POST /api/auth/refresh` trades the
 * cookie for a fresh access token and rotates it. The Apollo links read the token from here and ask
 * for a refresh when the server refuses it; React subscribes with useSyncExternalStore.
 *
 * Several tabs: each tab holds its own access token; they share the cookie. Refreshes are serialised
 * across tabs with the Web Locks API (a refresh token is single-use: two tabs sending the same one at
 * once would look like a replay and end the session), and a sign-out is broadcast so the other tabs
 * show the login page at once.
 */
export type SessionEndReason = 'expired' | 'refused' | 'signedOut';

export interface SessionState {
  token: string | null;
  expiresAt: string | null;
  /** An admin reset the password: only the change-password screen until it is changed. */
  mustChangePassword: boolean;
  /** The page-load refresh is in flight: show a spinner, not the login page. */
  restoring: boolean;
  /** Why the previous session ended; shown once on the login page. */
  endReason: SessionEndReason | null;
}

export const REFRESH_URL = '/api/auth/refresh';
const REFRESH_LOCK = 'arrears.refresh';
const CHANNEL = 'arrears.session';
/** Renew the access token this long before it expires (at most half its lifetime). */
const RENEW_AHEAD_MS = 60_000;
const MAX_TIMEOUT = 2_147_483_647;

type Listener = () => void;

export function isExpired(expiresAt: string | null, now: number = Date.now()): boolean {
  if (!expiresAt) return true;
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) || at <= now;
}

/** What a refresh came back with: a token, or why not (a missing cookie is no session at all). */
type RefreshResult = { ok: true } | { ok: false; reason: SessionEndReason | null };

interface RefreshBody {
  token?: string;
  expiresAt?: string;
  mustChangePassword?: boolean;
  error?: { code?: string; reason?: string };
}

export class SessionStore {
  private state: SessionState = { token: null, expiresAt: null, mustChangePassword: false, restoring: false, endReason: null };
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private inFlight: Promise<RefreshResult> | null = null;
  private channel: BroadcastChannel | null = null;
  private readonly fetchImpl: typeof fetch;
  private readonly refreshUrl: string;

  /** `broadcast`: tell other tabs about a sign-out (the app's one store; tests leave it off). */
  constructor(options: { fetch?: typeof fetch; refreshUrl?: string; broadcast?: boolean } = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.refreshUrl = options.refreshUrl ?? REFRESH_URL;
    if (options.broadcast && typeof BroadcastChannel !== 'undefined') {
      this.channel = new BroadcastChannel(CHANNEL);
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        if (event.data === 'signedOut') this.end('signedOut', false);
      };
    }
  }

  getSnapshot = (): SessionState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get token(): string | null {
    return this.state.token;
  }

  /**
   * Page load (and a page shown again from the back/forward cache): the refresh cookie, if any, gives
   * this tab its access token, so a reload keeps you signed in and a page left before a sign-out does not.
   */
  async restore(): Promise<void> {
    this.set({ ...this.state, restoring: true });
    const result = await this.refresh();
    if (result.ok) this.set({ ...this.state, restoring: false });
    else this.set({ token: null, expiresAt: null, mustChangePassword: false, restoring: false, endReason: result.reason ?? this.state.endReason });
  }

  /**
   * One refresh at a time in this tab (concurrent callers share it) and across tabs (Web Locks). On
   * success the new token is in the store; on failure the store is unchanged and the caller decides.
   */
  refresh(): Promise<RefreshResult> {
    if (!this.inFlight) {
      const run = () => this.refreshNow();
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      this.inFlight = (locks ? locks.request(REFRESH_LOCK, run) : run()).finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  private async refreshNow(): Promise<RefreshResult> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.refreshUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    } catch {
      return { ok: false, reason: 'expired' };
    }
    const body = (await response.json().catch(() => ({}))) as RefreshBody;
    if (response.ok && body.token && body.expiresAt) {
      this.set({ ...this.state, token: body.token, expiresAt: body.expiresAt, mustChangePassword: Boolean(body.mustChangePassword), endReason: null });
      return { ok: true };
    }
    const reason = body.error?.reason;
    return { ok: false, reason: reason === 'NO_SESSION' ? null : reason === 'SESSION_EXPIRED' ? 'expired' : 'refused' };
  }

  /** Asks for a fresh token after the server refused this one; ends the session when that fails. */
  async renew(): Promise<boolean> {
    const hadToken = Boolean(this.state.token);
    const result = await this.refresh();
    if (!result.ok) this.end(result.reason ?? (hadToken ? 'refused' : 'expired'));
    return result.ok;
  }

  signIn(token: string, expiresAt: string, mustChangePassword = false) {
    this.set({ token, expiresAt, mustChangePassword, restoring: false, endReason: null });
  }

  /**
   * Ends the session in this tab (idempotent: a burst of refused requests ends it once, with the first
   * reason). A sign-out is also told to the other tabs: the server ended their sessions too.
   */
  end(reason: SessionEndReason, broadcast = true) {
    if (reason === 'signedOut' && broadcast) this.channel?.postMessage('signedOut');
    if (!this.state.token) {
      if (reason === 'signedOut' && this.state.endReason !== 'signedOut') this.set({ ...this.state, endReason: reason });
      return;
    }
    this.set({ token: null, expiresAt: null, mustChangePassword: false, restoring: false, endReason: reason });
  }

  /** Timers sleep with the tab: when the user comes back after the token expired, renew it. */
  checkExpiry() {
    if (this.state.token && isExpired(this.state.expiresAt)) void this.renew();
  }

  clearEndReason() {
    if (this.state.endReason) this.set({ ...this.state, endReason: null });
  }

  private set(next: SessionState) {
    const tokenChanged = next.token !== this.state.token || next.expiresAt !== this.state.expiresAt;
    this.state = next;
    if (tokenChanged) this.schedule();
    this.emit();
  }

  /** Renews the token shortly before it expires, so requests rarely meet an expired one. */
  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.state.token || !this.state.expiresAt) return;
    const left = Date.parse(this.state.expiresAt) - Date.now();
    if (Number.isNaN(left)) return;
    const delay = Math.max(0, left - Math.min(RENEW_AHEAD_MS, left / 2));
    this.timer = setTimeout(() => void this.renew(), Math.min(delay, MAX_TIMEOUT));
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }
}

export const sessionStore = new SessionStore({ broadcast: true });
