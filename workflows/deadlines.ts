/**
 * What the watch loop does next (pure): act on a provider end or a stop request, act on the
 * first deadline that has passed, or wait until the nearest deadline or poll. Deadlines:
 * scheduled end and maximum duration (both movable), trtc-cloud's ResourceExpiredHour minus a
 * safety margin, and css-live's own end (EndTime, or 30 min in highlight mode).
 */
import { BOUNDS } from '../domain/bounds';
import { CATALOG, type Product } from '../domain/catalog';
import { chinaStandardTimeToEpochMs } from '../domain/china-time';
import type { ResolvedOptions } from './options';
import { nextPollAtMs } from './poll';
import type { EndReason, RecordingSnapshot } from './types';

export type NextStep =
  | { readonly kind: 'provider-ended' }
  | { readonly kind: 'stop'; readonly reason: EndReason }
  | { readonly kind: 'detach'; readonly reason: string }
  /** css-live: the provider ends the task by itself now (no callback says so). */
  | { readonly kind: 'provider-bound'; readonly reason: EndReason }
  | { readonly kind: 'wait'; readonly untilMs?: number; readonly poll: boolean };

/** css-live: when the provider ends the task on its own (scheduled EndTime, or highlight ≤ 30 min). */
export function cssEndsAtMs(params: Readonly<Record<string, unknown>>, createdAtMs: number): { atMs: number; reason: EndReason } | undefined {
  const end = typeof params['EndTime'] === 'string' ? chinaStandardTimeToEpochMs(params['EndTime']) : undefined;
  if (params['Highlight'] === 1) {
    const cap = createdAtMs + (BOUNDS['css-live'].highlightMaxMs ?? 0);
    return end !== undefined && end > createdAtMs && end < cap ? { atMs: end, reason: 'scheduled-end' } : { atMs: cap, reason: 'provider-max-duration' };
  }
  return end === undefined ? undefined : { atMs: end, reason: 'scheduled-end' };
}

interface Deadline {
  readonly atMs: number;
  readonly step: Exclude<NextStep, { kind: 'wait' | 'provider-ended' }>;
}

function deadlines(s: RecordingSnapshot, product: Product, params: Readonly<Record<string, unknown>>, opts: ResolvedOptions): Deadline[] {
  const out: Deadline[] = [];
  if (s.endAtMs !== undefined) out.push({ atMs: s.endAtMs, step: { kind: 'stop', reason: 'scheduled-end' } });
  if (s.maxDurationMs !== undefined && s.startedAtMs !== undefined) {
    out.push({ atMs: s.startedAtMs + s.maxDurationMs, step: { kind: 'stop', reason: 'max-duration' } });
  }
  if (s.controlExpiresAtMs !== undefined && s.task !== undefined) {
    const atMs = s.controlExpiresAtMs - opts.expiryMarginMs;
    const when = new Date(s.controlExpiresAtMs).toISOString();
    out.push({
      atMs,
      step:
        opts.expiryPolicy === 'detach'
          ? { kind: 'detach', reason: `ResourceExpiredHour: the provider refuses describe/modify/stop for task ${s.task.taskId} from about ${when}; detached on purpose (policy 'detach'), the task runs until the provider ends it (MaxIdleTime)` }
          : { kind: 'stop', reason: 'expired' },
    });
  }
  if (product === 'css-live' && s.startRequestedAtMs !== undefined) {
    const end = cssEndsAtMs(params, s.startRequestedAtMs);
    if (end !== undefined) out.push({ atMs: end.atMs, step: { kind: 'provider-bound', reason: end.reason } });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/** The next step for an active recording at `nowMs`. */
export function nextStep(s: RecordingSnapshot, product: Product, params: Readonly<Record<string, unknown>>, opts: ResolvedOptions, nowMs: number): NextStep {
  if (s.providerEnd !== undefined) return { kind: 'provider-ended' };
  if (s.stopRequest !== undefined) return { kind: 'stop', reason: s.stopRequest.reason };
  const all = deadlines(s, product, params, opts);
  const due = all.find((d) => d.atMs <= nowMs);
  if (due !== undefined) return due.step;
  const nearest = all[0]?.atMs;
  const polls = CATALOG[product].capabilities.describe && s.task !== undefined && s.startedAtMs !== undefined;
  const pollAt = polls ? nextPollAtMs({ startedAtMs: s.startedAtMs ?? nowMs, pollCount: s.pollCount, lastPollAtMs: s.lastPollAtMs, callbackCount: s.callbackCount }, opts.poll, nearest) : undefined;
  const candidates = [nearest, pollAt].filter((v): v is number => v !== undefined);
  if (candidates.length === 0) return { kind: 'wait', poll: false };
  const untilMs = Math.min(...candidates);
  return { kind: 'wait', untilMs, poll: pollAt !== undefined && pollAt <= untilMs };
}
