/**
 * When to poll the provider next (pure). Callbacks come first; the poll is the fallback that
 * still notices an end when callbacks are lost. It starts ~15 s after the task started (TRTC
 * guide), then backs off (doubling per poll) toward a ceiling that is higher once callbacks are
 * flowing, and tightens near a deadline so the provider state is fresh when we act. The total
 * rate across all recordings is held by the describe queue's server-side rate limit.
 */
import type { PollSettings } from './types';

export interface PollClock {
  readonly startedAtMs: number;
  readonly pollCount: number;
  readonly lastPollAtMs?: number;
  readonly callbackCount: number;
}

/** Epoch ms of the next poll. `deadlineMs` is the nearest time the workflow will act on its own. */
export function nextPollAtMs(clock: PollClock, poll: Required<PollSettings>, deadlineMs?: number): number {
  if (clock.pollCount === 0 || clock.lastPollAtMs === undefined) return clock.startedAtMs + poll.firstDelayMs;
  const ceiling = clock.callbackCount > 0 ? poll.maxIntervalMs : poll.quietMaxIntervalMs;
  // 2^n grows past any ceiling by n = 40; clamp the exponent so the number stays finite.
  let delay = Math.min(ceiling, poll.intervalMs * 2 ** Math.min(clock.pollCount - 1, 40));
  if (deadlineMs !== undefined && deadlineMs > clock.lastPollAtMs) {
    delay = Math.min(delay, Math.max(poll.minIntervalMs, (deadlineMs - clock.lastPollAtMs) / 2));
  }
  return clock.lastPollAtMs + Math.max(delay, poll.minIntervalMs);
}
