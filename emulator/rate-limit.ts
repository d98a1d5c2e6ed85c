/**
 * Per-action request-rate limits (reference §2: most calls 20/s, CreateLiveRecord 500/s,
 * Stop/DeleteLiveRecord 200/s), as a sliding one-second window per `service.Action`.
 *
 * Runs on wall time, not the emulated clock: the limit is about how fast callers really
 * send, and a frozen test clock must not freeze the window.
 */
import { performance } from 'node:perf_hooks';

/** Documented per-action limits that differ from the default of 20 per second. */
export const DOCUMENTED_RATE_LIMITS: Readonly<Record<string, number>> = {
  'live.CreateLiveRecord': 500,
  'live.StopLiveRecord': 200,
  'live.DeleteLiveRecord': 200,
};

export interface RateLimitOptions {
  readonly enabled: boolean;
  /** Requests per window for actions without an entry in `perAction`. */
  readonly defaultPerSecond: number;
  /** `service.Action` (or bare `Action`) → requests per window. */
  readonly perAction: Readonly<Record<string, number>>;
  readonly windowMs: number;
}

export class RateLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly wallNow: () => number = () => performance.now(),
  ) {}

  /** The limit that applies to one action. */
  limitFor(service: string, action: string): number {
    const { perAction } = this.options;
    return perAction[`${service}.${action}`] ?? perAction[action] ?? this.options.defaultPerSecond;
  }

  /** Admits the call (and counts it) or returns the limit it would exceed. */
  admit(service: string, action: string): { ok: true } | { ok: false; limit: number } {
    if (!this.options.enabled) return { ok: true };
    const key = `${service}.${action}`;
    const limit = this.limitFor(service, action);
    const now = this.wallNow();
    const since = now - this.options.windowMs;
    const times = (this.accepted.get(key) ?? []).filter((t) => t > since);
    if (times.length >= limit) {
      this.accepted.set(key, times);
      return { ok: false, limit };
    }
    times.push(now);
    this.accepted.set(key, times);
    return { ok: true };
  }

  reset(): void {
    this.accepted.clear();
  }
}
