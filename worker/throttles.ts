/**
 * Counts the provider calls this process saw throttled (RequestLimitExceeded, HTTP 429). With the
 * rate head-room (worker/README.md "Rate limits") the count stays 0 unless another client of the
 * account uses the quota too; each throttle is retried, never a failure, and counted here. The
 * host logs the counts (periodically when they changed, and at shutdown) and serves them on the
 * health port (`GET /throttles`). Plain data, so a metrics endpoint can export it as it is.
 */
import type { ThrottleEvent } from '../activities/throttle';

export interface ThrottleSnapshot {
  readonly total: number;
  /** `service.Action` → throttled calls. */
  readonly byApi: Readonly<Record<string, number>>;
}

export class ThrottleCounter {
  private total = 0;
  private readonly byApi = new Map<string, number>();

  record(event: ThrottleEvent): void {
    const api = `${event.service}.${event.action}`;
    this.total += 1;
    this.byApi.set(api, (this.byApi.get(api) ?? 0) + 1);
  }

  snapshot(): ThrottleSnapshot {
    return { total: this.total, byApi: Object.fromEntries([...this.byApi].sort(([a], [b]) => (a < b ? -1 : 1))) };
  }
}

/** This process's counter: the activities record into it (worker/main.ts), the host reports it. */
export const processThrottles = new ThrottleCounter();

/** How often the host logs the counts, when they changed since the last line. */
export const THROTTLE_LOG_INTERVAL_MS = 60_000;
