/**
 * The session outside React: the JWT and its expiry in localStorage, and why the last session ended.
 * The Apollo links read the token from here and end the session when the server refuses it;
 * React subscribes with useSyncExternalStore.
 */
export type SessionEndReason = 'expired' | 'refused' | 'signedOut';

export interface SessionState {
  token: string | null;
  expiresAt: string | null;
  /** Why the previous session ended; shown once on the login page. */
  endReason: SessionEndReason | null;
}

export const SESSION_STORAGE_KEY = 'arrears.session';
const MAX_TIMEOUT = 2_147_483_647;

type Listener = () => void;

function readStored(): Pick<SessionState, 'token' | 'expiresAt'> {
  try {
    const raw = window.localStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return { token: null, expiresAt: null };
    const parsed = JSON.parse(raw) as { token?: unknown; expiresAt?: unknown };
    if (typeof parsed.token === 'string' && typeof parsed.expiresAt === 'string') {
      return { token: parsed.token, expiresAt: parsed.expiresAt };
    }
  } catch {
    // unreadable: treat as signed out
  }
  return { token: null, expiresAt: null };
}

export function isExpired(expiresAt: string | null, now: number = Date.now()): boolean {
  if (!expiresAt) return true;
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) || at <= now;
}

export class SessionStore {
  private state: SessionState;
  private listeners = new Set<Listener>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const stored = readStored();
    if (stored.token && isExpired(stored.expiresAt)) {
      this.state = { token: null, expiresAt: null, endReason: 'expired' };
      this.persist();
    } else {
      this.state = { ...stored, endReason: null };
      this.schedule();
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

  signIn(token: string, expiresAt: string) {
    this.set({ token, expiresAt, endReason: null });
  }

  /** Ends the session (idempotent: a burst of refused requests ends it once, with the first reason). */
  end(reason: SessionEndReason) {
    if (!this.state.token) return;
    this.set({ token: null, expiresAt: null, endReason: reason });
  }

  /** Timers sleep with the tab: re-check the expiry when the user comes back. */
  checkExpiry() {
    if (this.state.token && isExpired(this.state.expiresAt)) this.end('expired');
  }

  clearEndReason() {
    if (this.state.endReason) this.set({ ...this.state, endReason: null });
  }

  /** Re-reads localStorage (another tab signed in or out). */
  reload() {
    const stored = readStored();
    if (stored.token !== this.state.token) {
      this.state = { ...stored, endReason: stored.token ? null : this.state.endReason };
      this.schedule();
      this.emit();
    }
  }

  private set(next: SessionState) {
    this.state = next;
    this.persist();
    this.schedule();
    this.emit();
  }

  private persist() {
    try {
      if (this.state.token && this.state.expiresAt) {
        window.localStorage.setItem(
          SESSION_STORAGE_KEY,
          JSON.stringify({ token: this.state.token, expiresAt: this.state.expiresAt }),
        );
      } else {
        window.localStorage.removeItem(SESSION_STORAGE_KEY);
      }
    } catch {
      // storage unavailable: the session lives in memory only
    }
  }

  private schedule() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.state.token || !this.state.expiresAt) return;
    const delay = Date.parse(this.state.expiresAt) - Date.now();
    if (Number.isNaN(delay) || delay <= 0) {
      queueMicrotask(() => this.end('expired'));
      return;
    }
    this.timer = setTimeout(
      () => {
        if (isExpired(this.state.expiresAt)) this.end('expired');
        else this.schedule();
      },
      Math.min(delay, MAX_TIMEOUT),
    );
  }

  private emit() {
    for (const listener of this.listeners) listener();
  }
}

export const sessionStore = new SessionStore();
