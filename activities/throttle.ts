/**
 * After a RequestLimitExceeded (cloud error kind `rate`): how long to wait, and who hears of it.
 * The delay doubles per attempt and is jittered, so workers throttled in the same second do not
 * come back in the same second again. The provider refused before acting, so a throttled call is
 * always safe to send again, creates included.
 */

/** First wait (limits are per second, so the next window opens within one) and the ceiling. */
export const THROTTLE_BACKOFF = { firstMs: 1_000, maxMs: 20_000 } as const;

/**
 * The wait before attempt `attempt + 1` (1-based, Temporal's `info.attempt`): the doubling base
 * times a factor in [0.5, 1.5) from `random` (a [0, 1) source, `Math.random` in production).
 */
export function throttleDelayMs(attempt: number, random: () => number): number {
  const base = Math.min(THROTTLE_BACKOFF.firstMs * 2 ** Math.max(0, attempt - 1), THROTTLE_BACKOFF.maxMs);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(base * (0.5 + r));
}

/** One throttled provider call, as the worker counts it (worker/throttles.ts). No parameters: they hold secrets. */
export interface ThrottleEvent {
  readonly service: string;
  readonly action: string;
  /** The provider's code (`RequestLimitExceeded`, `RequestLimitExceeded.UinLimitExceeded`) or the HTTP 429 error name. */
  readonly code: string;
  /** Temporal's 1-based attempt of the activity that was throttled. */
  readonly attempt: number;
}
