/** When a failed delivery is tried again, and when it stops. */
export interface RetrySchedule {
  /** Delay after the first failed attempt (ms). */
  baseMs: number;
  /** No wait longer than this (ms). */
  capMs: number;
  /** Attempts per (re)delivery before it is failed. */
  maxAttempts: number;
}

/** Production default: 1 min, 2, 4, … capped at 6 h; 10 attempts span about 8.5 hours. */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { baseMs: 60_000, capMs: 6 * 3600_000, maxAttempts: 10 };

/**
 * The wait after failed attempt `attempt` (1-based): base × 2^(attempt−1), capped, plus up to 10 % of
 * jitter so the deliveries failed by one outage do not all come back in the same second.
 * Null when that was the last attempt.
 */
export function retryDelayMs(attempt: number, s: RetrySchedule, random: () => number = Math.random): number | null {
  if (attempt >= s.maxAttempts) return null;
  const exp = Math.min(s.capMs, s.baseMs * 2 ** Math.min(attempt - 1, 40));
  return Math.round(exp + exp * 0.1 * random());
}
