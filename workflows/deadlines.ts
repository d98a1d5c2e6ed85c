/**
 * Time in the workflow (pure): the clock, the request's knobs with their defaults, when to poll
 * the provider next, and what the watch loop does next: act on a provider end or a stop
 * request, act on the first deadline that has passed, or wait until the nearest deadline or
 * poll. Deadlines: scheduled end and maximum duration (both movable), trtc-cloud's
 * ResourceExpiredHour minus a safety margin, and css-live's own end (EndTime, or 30 min in
 * highlight mode).
 */
import { BOUNDS, CONTROL_DEADLINE_MARGIN_MS } from '../domain/bounds';
import { CATALOG, DEFAULT_ACTIVITY_QUEUE_PREFIX, type Product } from '../domain/catalog';
import { chinaStandardTimeToEpochMs } from '../domain/china-time';
import { fleetIntervalMs, type PollClass } from '../domain/poll-budget';
import type { EndReason, RecordingSnapshot } from './lifecycle';
import type { ExpiryPolicy, PollSettings, RecordingRequest } from './types';

// ---- the clock -------------------------------------------------------------------------

/**
 * Workflow time. Inside the workflow sandbox `Date.now()` is not the wall clock: Temporal
 * replaces it with the deterministic time of the current workflow task (the same on replay),
 * which is exactly what timers and deadlines here must use. This is the one place that reads it.
 */
export function nowMs(): number {
  return Date.now();
}

// ---- the request's knobs, defaults applied ---------------------------------------------

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

/** Poll defaults (TRTC guide); a request's `poll` overrides any of them. */
export const DEFAULT_POLL: Required<PollSettings> = {
  // TRTC guide: describe about 15 s after the start.
  firstDelayMs: 15 * SECOND,
  minIntervalMs: 15 * SECOND,
  intervalMs: 30 * SECOND,
  quietMaxIntervalMs: 2 * MINUTE,
  maxIntervalMs: 10 * MINUTE,
};

/** Defaults of the request's other knobs. */
export const DEFAULTS = {
  expiryPolicy: 'stop-before-expiry' as ExpiryPolicy,
  activityQueuePrefix: DEFAULT_ACTIVITY_QUEUE_PREFIX,
  collectTimeoutMs: 15 * MINUTE,
  lostTaskWaitMs: 2 * MINUTE,
  maxStartCalls: 5,
} as const;

/** The knobs one run works with, derived once from the request. */
export interface ResolvedOptions {
  readonly expiryPolicy: ExpiryPolicy;
  readonly expiryMarginMs: number;
  readonly poll: Required<PollSettings>;
  readonly activityQueuePrefix: string;
  readonly collectTimeoutMs: number;
  readonly lostTaskWaitMs: number;
  readonly maxStartCalls: number;
  readonly historyLengthThreshold?: number;
}

/** The request's knobs with DEFAULTS and DEFAULT_POLL filled in. */
export function resolveOptions(request: RecordingRequest): ResolvedOptions {
  return {
    expiryPolicy: request.expiryPolicy ?? DEFAULTS.expiryPolicy,
    expiryMarginMs: request.expiryMarginMs ?? CONTROL_DEADLINE_MARGIN_MS,
    poll: { ...DEFAULT_POLL, ...request.poll },
    activityQueuePrefix: request.activityQueuePrefix ?? DEFAULTS.activityQueuePrefix,
    collectTimeoutMs: request.collectTimeoutMs ?? DEFAULTS.collectTimeoutMs,
    lostTaskWaitMs: request.lostTaskWaitMs ?? DEFAULTS.lostTaskWaitMs,
    maxStartCalls: request.maxStartCalls ?? DEFAULTS.maxStartCalls,
    ...(request.historyLengthThreshold === undefined ? {} : { historyLengthThreshold: request.historyLengthThreshold }),
  };
}

// ---- when to poll next -----------------------------------------------------------------

// Callbacks come first; the poll is the fallback that still notices an end when callbacks are
// lost. It starts ~15 s after the task started (TRTC guide), then backs off (doubling per poll)
// toward a ceiling that is higher once callbacks are flowing, and tightens near a deadline so
// the provider state is fresh when we act. Under patch `fleet-aware-polling` the describe API's
// quota is a budget shared by the fleet: the first poll is shifted by a per-recording phase (no
// lockstep), and no poll comes sooner than the fleet interval of the recording's class
// (domain/poll-budget.ts), whose unit the last describe answered with.

/** What the poll schedule reads from the snapshot. */
export interface PollClock {
  readonly startedAtMs: number;
  readonly pollCount: number;
  readonly lastPollAtMs?: number;
  readonly callbackCount: number;
  /** Present under patch `fleet-aware-polling`. */
  readonly fleet?: {
    /** Offset of the first poll (domain/poll-budget.ts `pollPhaseMs`). */
    readonly phaseMs: number;
    /** The fleet poll unit from the last describe; absent before the first answer. */
    readonly unitMs?: number;
  };
}

/** The back-off's ceiling: higher once callbacks are flowing. */
function backOffCeilingMs(clock: PollClock, poll: Required<PollSettings>): number {
  return clock.callbackCount > 0 ? poll.maxIntervalMs : poll.quietMaxIntervalMs;
}

/**
 * The recording's poll class: urgent when a deadline comes before its next poll at its usual
 * rate would, quiet while no callback has arrived, healthy otherwise.
 */
export function pollClass(clock: PollClock, poll: Required<PollSettings>, deadlineMs?: number): PollClass {
  const usual: PollClass = clock.callbackCount > 0 ? 'healthy' : 'quiet';
  if (deadlineMs === undefined || clock.lastPollAtMs === undefined) return usual;
  const ceiling = backOffCeilingMs(clock, poll);
  const unitMs = clock.fleet?.unitMs;
  const usualIntervalMs = Math.max(ceiling, unitMs === undefined ? 0 : fleetIntervalMs(unitMs, usual));
  return deadlineMs - clock.lastPollAtMs <= usualIntervalMs ? 'urgent' : usual;
}

/** Epoch ms of the next poll. `deadlineMs` is the nearest time the workflow will act on its own. */
export function nextPollAtMs(clock: PollClock, poll: Required<PollSettings>, deadlineMs?: number): number {
  if (clock.pollCount === 0 || clock.lastPollAtMs === undefined)
    return clock.startedAtMs + poll.firstDelayMs + (clock.fleet?.phaseMs ?? 0);
  const ceiling = backOffCeilingMs(clock, poll);
  // 2^n grows past any ceiling by n = 40; clamp the exponent so the number stays finite.
  let delay = Math.min(ceiling, poll.intervalMs * 2 ** Math.min(clock.pollCount - 1, 40));
  if (deadlineMs !== undefined && deadlineMs > clock.lastPollAtMs) {
    delay = Math.min(delay, Math.max(poll.minIntervalMs, (deadlineMs - clock.lastPollAtMs) / 2));
  }
  const unitMs = clock.fleet?.unitMs;
  if (unitMs !== undefined) delay = Math.max(delay, fleetIntervalMs(unitMs, pollClass(clock, poll, deadlineMs)));
  return clock.lastPollAtMs + Math.max(delay, poll.minIntervalMs);
}

// ---- deadlines and the next step -------------------------------------------------------

/** What the watch loop does next. */
export type NextStep =
  | { readonly kind: 'provider-ended' }
  | { readonly kind: 'stop'; readonly reason: EndReason }
  | { readonly kind: 'detach'; readonly reason: string }
  /** css-live: the provider ends the task by itself now (no callback says so). */
  | { readonly kind: 'provider-bound'; readonly reason: EndReason }
  | { readonly kind: 'wait'; readonly untilMs?: number; readonly poll: boolean };

/** css-live: when the provider ends the task on its own (scheduled EndTime, or highlight ≤ 30 min). */
export function cssEndsAtMs(
  params: Readonly<Record<string, unknown>>,
  createdAtMs: number,
): { atMs: number; reason: EndReason } | undefined {
  const end = typeof params['EndTime'] === 'string' ? chinaStandardTimeToEpochMs(params['EndTime']) : undefined;
  if (params['Highlight'] === 1) {
    const cap = createdAtMs + (BOUNDS['css-live'].highlightMaxMs ?? 0);
    return end !== undefined && end > createdAtMs && end < cap
      ? { atMs: end, reason: 'scheduled-end' }
      : { atMs: cap, reason: 'provider-max-duration' };
  }
  return end === undefined ? undefined : { atMs: end, reason: 'scheduled-end' };
}

/** Hinted polls of one recording are at least this far apart: a flood of hints costs one poll each 10 s at most. */
export const HINT_POLL_GAP_MS = 10_000;

/** When a pending poll hint is answered: at once, or the gap after the last poll; undefined when none is pending. */
export function hintedPollAtMs(s: Pick<RecordingSnapshot, 'pollHintAtMs' | 'lastPollAtMs'>): number | undefined {
  const hint = s.pollHintAtMs;
  if (hint === undefined) return undefined;
  const last = s.lastPollAtMs;
  if (last === undefined) return hint;
  if (last >= hint) return undefined;
  return Math.max(hint, last + HINT_POLL_GAP_MS);
}

interface Deadline {
  readonly atMs: number;
  readonly step: Exclude<NextStep, { kind: 'wait' | 'provider-ended' }>;
}

function deadlines(
  s: RecordingSnapshot,
  product: Product,
  params: Readonly<Record<string, unknown>>,
  opts: ResolvedOptions,
): Deadline[] {
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
          ? {
              kind: 'detach',
              reason: `ResourceExpiredHour: the provider refuses describe/modify/stop for task ${s.task.taskId} from about ${when}; detached on purpose (policy 'detach'), the task runs until the provider ends it (MaxIdleTime)`,
            }
          : { kind: 'stop', reason: 'expired' },
    });
  }
  if (product === 'css-live' && s.startRequestedAtMs !== undefined) {
    const end = cssEndsAtMs(params, s.startRequestedAtMs);
    if (end !== undefined) out.push({ atMs: end.atMs, step: { kind: 'provider-bound', reason: end.reason } });
  }
  return out.sort((a, b) => a.atMs - b.atMs);
}

/**
 * The next step for an active recording at `nowMs`. `fleetPhaseMs` is given under patch
 * `fleet-aware-polling`: the recording's first-poll phase, and the fleet budget applies.
 */
export function nextStep(
  s: RecordingSnapshot,
  product: Product,
  params: Readonly<Record<string, unknown>>,
  opts: ResolvedOptions,
  nowMs: number,
  fleetPhaseMs?: number,
): NextStep {
  if (s.providerEnd !== undefined) return { kind: 'provider-ended' };
  if (s.stopRequest !== undefined) return { kind: 'stop', reason: s.stopRequest.reason };
  const all = deadlines(s, product, params, opts);
  const due = all.find((d) => d.atMs <= nowMs);
  if (due !== undefined) return due.step;
  const nearest = all[0]?.atMs;
  const polls = CATALOG[product].capabilities.describe && s.task !== undefined && s.startedAtMs !== undefined;
  const pollAt = polls
    ? nextPollAtMs(
        {
          startedAtMs: s.startedAtMs ?? nowMs,
          pollCount: s.pollCount,
          lastPollAtMs: s.lastPollAtMs,
          callbackCount: s.callbackCount,
          ...(fleetPhaseMs === undefined
            ? {}
            : {
                fleet: {
                  phaseMs: fleetPhaseMs,
                  ...(s.fleetPollUnitMs === undefined ? {} : { unitMs: s.fleetPollUnitMs }),
                },
              }),
        },
        opts.poll,
        nearest,
      )
    : undefined;
  const hinted = polls ? hintedPollAtMs(s) : undefined;
  const firstPoll = hinted === undefined || (pollAt !== undefined && pollAt < hinted) ? pollAt : hinted;
  const candidates = [nearest, firstPoll].filter((v): v is number => v !== undefined);
  if (candidates.length === 0) return { kind: 'wait', poll: false };
  const untilMs = Math.min(...candidates);
  return { kind: 'wait', untilMs, poll: firstPoll !== undefined && firstPoll <= untilMs };
}
