/**
 * Per-action request-rate limits (reference §2: most calls 20/s, CreateLiveRecord 500/s,
 * Stop/DeleteLiveRecord 200/s), as a sliding one-second window per `service.Action`.
 *
 * A window is measured on both clocks: a call is refused only when `limit` calls were
 * admitted within the last second of wall time AND within the last second of emulated
 * time. With a real clock the two agree. A burst of real calls is limited even while a
 * test clock stands still, and polls that are minutes apart in simulated time are not
 * refused because a test replays them within a few real milliseconds.
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

interface Admitted {
  readonly wall: number;
  readonly emulated: number;
}

/** Sliding-window admission per `service.Action`, measured on both clocks (see the file comment). */
export class RateLimiter {
  private readonly admitted = new Map<string, Admitted[]>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly wallNow: () => number = () => performance.now(),
    private readonly emulatedNow: () => number = wallNow,
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
    const now: Admitted = { wall: this.wallNow(), emulated: this.emulatedNow() };
    const windowMs = this.options.windowMs;
    const recent = (this.admitted.get(key) ?? []).filter(
      (a) => a.wall > now.wall - windowMs || a.emulated > now.emulated - windowMs,
    );
    const inWall = recent.filter((a) => a.wall > now.wall - windowMs).length;
    const inEmulated = recent.filter((a) => a.emulated > now.emulated - windowMs).length;
    this.admitted.set(key, recent);
    if (inWall >= limit && inEmulated >= limit) return { ok: false, limit };
    recent.push(now);
    return { ok: true };
  }

  reset(): void {
    this.admitted.clear();
  }
}
