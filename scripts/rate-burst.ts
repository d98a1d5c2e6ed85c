/**
 * A burst of recordings started at once against the emulator with its rate limiter on, as the
 * rate head-room integration test and benchmark drive it: every recording is started together,
 * each must reach Recording, then all are stopped; the emulator's call journal says how many
 * calls it answered RequestLimitExceeded and how fast the creates were accepted. Bounded in time.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { CallRecord, RunningEmulator } from '../emulator/index';
import type { RecordingsClient } from '../client/recordings/client';
import { CATALOG, type Product } from '../domain/catalog';
import type { RecordingState } from '../workflows/types';
import { isTerminal } from './lifecycle-log';
import { SCENARIOS } from './scenarios';

/** Products whose start needs no provider-side presence beyond a room (the burst sets it up). */
export type BurstProduct = Extract<Product, 'trtc-web' | 'trtc-cloud'>;

export interface RateBurstOptions {
  readonly product: BurstProduct;
  readonly count: number;
  /** Prefix of the recordIds; distinct per burst on one stack. */
  readonly runId: string;
  /** Scenario numbers `seqBase .. seqBase + count - 1` (rooms, SdkAppIds). */
  readonly seqBase: number;
  /**
   * Schedules every recording to start at one instant this long after the first is submitted,
   * so their creates reach the activity queue together: a backlog the dispatch rate must pace,
   * after a quiet spell that filled every partition's burst (the worst case). Absent: start now.
   */
  readonly startTogetherAfterMs?: number;
  /** Every recording must reach Recording within this (from its start time). */
  readonly recordingTimeoutMs: number;
  /** Every task must be stopped within this (from the first stop). */
  readonly stopTimeoutMs: number;
}

export interface RateBurstResult {
  readonly product: BurstProduct;
  readonly count: number;
  readonly reachedRecording: number;
  /** recordId → state, for those that did not reach Recording in time. */
  readonly notRecording: Readonly<Record<string, string>>;
  /** Provider tasks still running after the stop phase. */
  readonly leftRunning: number;
  /** Calls the emulator answered RequestLimitExceeded, by action (all actions of the burst). */
  readonly throttledByAction: Readonly<Record<string, number>>;
  readonly throttled: number;
  /** Create calls the emulator received (accepted or not) and accepted. */
  readonly createCalls: number;
  readonly createsAccepted: number;
  /** Accepted creates per second, from the first to the last accepted create. */
  readonly createRatePerSecond: number;
  /** The same between the 10th and the 90th percentile create: the paced middle, without stragglers. */
  readonly createRateMiddlePerSecond: number;
  /** Create calls (accepted or not) per wall second, from the first one. */
  readonly createsPerSecond: readonly number[];
  /** Most create calls (accepted or not) that arrived in any sliding second. */
  readonly peakCreatesInOneSecond: number;
  /** The documented limit of the create API. */
  readonly createLimitPerSecond: number;
  /** From the (scheduled) start to the last recording seen in Recording (ms). */
  readonly toAllRecordingMs: number;
  readonly totalMs: number;
}

/** The largest number of `times` (sorted ascending, ms) within any window of `windowMs`. */
export function peakInWindow(times: readonly number[], windowMs: number): number {
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < times.length; hi++) {
    while ((times[hi] ?? 0) - (times[lo] ?? 0) >= windowMs) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}

/** Events per second between the 10th and 90th percentile of `times` (sorted ascending, ms). */
export function middleRate(times: readonly number[]): number {
  const lo = Math.floor(times.length * 0.1);
  const hi = Math.ceil(times.length * 0.9) - 1;
  const spanMs = (times[hi] ?? 0) - (times[lo] ?? 0);
  return spanMs > 0 ? Math.round(((hi - lo) / spanMs) * 1000 * 100) / 100 : 0;
}

/** How many of `times` (sorted ascending, ms) fall in each whole second from the first. */
export function perSecond(times: readonly number[]): number[] {
  const first = times[0];
  if (first === undefined) return [];
  const counts: number[] = [];
  for (const t of times) {
    const i = Math.floor((t - first) / 1000);
    while (counts.length <= i) counts.push(0);
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Status of many recordings, a few at a time (a query each), for the waits below. */
async function statesOf(recordings: RecordingsClient, ids: readonly string[]): Promise<Map<string, string>> {
  const states = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 10) {
    const batch = ids.slice(i, i + 10);
    // A query can time out while the workers are busy: that recording is asked again next round.
    const seen = await Promise.all(
      batch.map((id) =>
        recordings.status(id).then(
          (s) => s.state,
          () => 'unknown',
        ),
      ),
    );
    batch.forEach((id, k) => states.set(id, seen[k] ?? 'unknown'));
  }
  return states;
}

/** Runs one burst on a stack whose workers already poll; resets nothing. */
export async function runRateBurst(
  recordings: RecordingsClient,
  emulator: RunningEmulator,
  options: RateBurstOptions,
): Promise<RateBurstResult> {
  const { product, count, runId, seqBase } = options;
  const scenario = SCENARIOS[product];
  const { service, actions, rateLimitPerSecond } = CATALOG[product];
  const createAction = actions.start ?? '';
  const seqs = Array.from({ length: count }, (_, i) => seqBase + i);
  const ids = seqs.map((seq) => `${runId}-${seq}`);
  for (const seq of seqs) scenario.setUp(emulator.control, seq);
  const begin = Date.now();
  const startAt = options.startTogetherAfterMs === undefined ? undefined : begin + options.startTogetherAfterMs;
  // No status polls during the burst: only the create (and later the stop) queue is exercised.
  const extra = {
    poll: { firstDelayMs: 3_600_000, intervalMs: 3_600_000 },
    ...(startAt === undefined ? {} : { startAt: new Date(startAt) }),
  };
  await Promise.all(
    seqs.map((seq, i) => recordings.startRecording(scenario.spec(ids[i] ?? '', seq, Date.now(), extra))),
  );
  if (startAt !== undefined) await delay(Math.max(0, startAt - Date.now()));
  const startedAt = Date.now();

  let waiting = [...ids];
  const finalStates = new Map<string, string>();
  const failed: string[] = [];
  const recordingBy = startedAt + options.recordingTimeoutMs;
  let allRecordingAt = Date.now();
  while (waiting.length > 0 && Date.now() < recordingBy) {
    const states = await statesOf(recordings, waiting);
    for (const [id, state] of states) {
      finalStates.set(id, state);
      if (isTerminal(state as RecordingState)) failed.push(id);
    }
    waiting = waiting.filter((id) => states.get(id) !== 'Recording' && !failed.includes(id));
    allRecordingAt = Date.now();
    if (waiting.length > 0) await delay(1_000);
  }

  for (const id of ids) await recordings.stop(id).catch(() => undefined);
  const stopBy = Date.now() + options.stopTimeoutMs;
  const running = (): number =>
    seqs.filter((seq) => emulator.control.tasks({ product, identity: scenario.identity(seq), running: true }).length)
      .length;
  while (running() > 0 && Date.now() < stopBy) await delay(500);
  for (const seq of seqs) scenario.tearDown(emulator.control, seq);

  const calls = emulator.control.calls({ service }).filter((c: CallRecord) => c.wallAt >= begin);
  const throttledCalls = calls.filter((c) => c.outcome.startsWith('RequestLimitExceeded'));
  const throttledByAction: Record<string, number> = {};
  for (const c of throttledCalls) throttledByAction[c.action] = (throttledByAction[c.action] ?? 0) + 1;
  const creates = calls.filter((c) => c.action === createAction).sort((a, b) => a.wallAt - b.wallAt);
  const accepted = creates.filter((c) => c.outcome === 'ok').map((c) => c.wallAt);
  const spanMs = (accepted.at(-1) ?? 0) - (accepted[0] ?? 0);
  const missed = [...failed, ...waiting];
  const notRecording = Object.fromEntries(missed.map((id) => [id, finalStates.get(id) ?? 'unknown']));
  return {
    product,
    count,
    reachedRecording: count - missed.length,
    notRecording,
    leftRunning: running(),
    throttledByAction,
    throttled: throttledCalls.length,
    createCalls: creates.length,
    createsAccepted: accepted.length,
    // n accepted creates span n − 1 intervals.
    createRatePerSecond: spanMs > 0 ? Math.round(((accepted.length - 1) / spanMs) * 1000 * 100) / 100 : 0,
    createRateMiddlePerSecond: middleRate(accepted),
    createsPerSecond: perSecond(creates.map((c) => c.wallAt)),
    peakCreatesInOneSecond: peakInWindow(
      creates.map((c) => c.wallAt),
      1_000,
    ),
    createLimitPerSecond: rateLimitPerSecond.start ?? 0,
    toAllRecordingMs: allRecordingAt - startedAt,
    totalMs: Date.now() - begin,
  };
}
