/** Time in the workflow, tested directly: defaults, the poll schedule, the deadlines and the watch loop's next step. */
import type { TaskRef } from '../../../domain/contract';
import { BOUNDS, CONTROL_DEADLINE_MARGIN_MS } from '../../../domain/bounds';
import { epochMsToChinaStandardTime } from '../../../domain/china-time';
import {
  DEFAULT_POLL,
  HINT_POLL_GAP_MS,
  cssEndsAtMs,
  hintedPollAtMs,
  nextPollAtMs,
  nextStep,
  nowMs,
  pollClass,
  resolveOptions,
} from '../../../workflows/deadlines';
import { RecordingLifecycle } from '../../../workflows/lifecycle';

const T0 = 1_800_000_000_000;
const HOUR = 3_600_000;
const task = (taskId = 't1', extra: Partial<TaskRef> = {}): TaskRef => ({
  product: 'trtc-cloud',
  taskId,
  identity: { botUserId: 'bot-1' },
  ...extra,
});

function recording(): RecordingLifecycle {
  const life = RecordingLifecycle.create({}, T0);
  life.noteStartCall({ botUserId: 'bot-1' }, T0);
  life.adoptTask(task(), T0 + 100);
  return life;
}

describe('the clock', () => {
  test('nowMs reads Date.now (the workflow task time inside the sandbox)', () => {
    const spy = jest.spyOn(Date, 'now').mockReturnValue(T0 + 42);
    try {
      expect(nowMs()).toBe(T0 + 42);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('resolveOptions', () => {
  test('an empty request gets the documented defaults', () => {
    expect(resolveOptions({ recordId: 'r', product: 'trtc-cloud', params: {} })).toEqual({
      expiryPolicy: 'stop-before-expiry',
      expiryMarginMs: CONTROL_DEADLINE_MARGIN_MS,
      poll: {
        firstDelayMs: 15_000,
        minIntervalMs: 15_000,
        intervalMs: 30_000,
        quietMaxIntervalMs: 120_000,
        maxIntervalMs: 600_000,
      },
      activityQueuePrefix: 'tencent',
      collectTimeoutMs: 15 * 60_000,
      lostTaskWaitMs: 2 * 60_000,
      maxStartCalls: 5,
    });
  });

  test('a request overrides single poll settings and keeps the other defaults', () => {
    const opts = resolveOptions({
      recordId: 'r',
      product: 'trtc-cloud',
      params: {},
      poll: { firstDelayMs: 1_000 },
      expiryPolicy: 'detach',
      historyLengthThreshold: 40,
    });
    expect(opts.poll).toEqual({ ...DEFAULT_POLL, firstDelayMs: 1_000 });
    expect(opts.expiryPolicy).toBe('detach');
    expect(opts.historyLengthThreshold).toBe(40);
  });
});

describe('poll schedule', () => {
  const clock = { startedAtMs: T0, pollCount: 0, callbackCount: 0 };
  test('first poll ~15 s after the start, then doubling up to the quiet ceiling', () => {
    expect(nextPollAtMs(clock, DEFAULT_POLL)).toBe(T0 + 15_000);
    expect(nextPollAtMs({ ...clock, pollCount: 1, lastPollAtMs: T0 }, DEFAULT_POLL)).toBe(T0 + 30_000);
    expect(nextPollAtMs({ ...clock, pollCount: 2, lastPollAtMs: T0 }, DEFAULT_POLL)).toBe(T0 + 60_000);
    expect(nextPollAtMs({ ...clock, pollCount: 50, lastPollAtMs: T0 }, DEFAULT_POLL)).toBe(
      T0 + DEFAULT_POLL.quietMaxIntervalMs,
    );
  });
  test('backs off further once callbacks flow, and tightens near a deadline', () => {
    expect(nextPollAtMs({ ...clock, pollCount: 50, lastPollAtMs: T0, callbackCount: 3 }, DEFAULT_POLL)).toBe(
      T0 + DEFAULT_POLL.maxIntervalMs,
    );
    expect(
      nextPollAtMs({ ...clock, pollCount: 50, lastPollAtMs: T0, callbackCount: 3 }, DEFAULT_POLL, T0 + 120_000),
    ).toBe(T0 + 60_000);
    expect(nextPollAtMs({ ...clock, pollCount: 50, lastPollAtMs: T0 }, DEFAULT_POLL, T0 + 1_000)).toBe(
      T0 + DEFAULT_POLL.minIntervalMs,
    );
  });
  test('a deadline already behind the last poll does not tighten it; a huge poll count stays finite', () => {
    expect(nextPollAtMs({ ...clock, pollCount: 1, lastPollAtMs: T0 }, DEFAULT_POLL, T0 - 1)).toBe(T0 + 30_000);
    expect(nextPollAtMs({ ...clock, pollCount: 10_000, lastPollAtMs: T0, callbackCount: 1 }, DEFAULT_POLL)).toBe(
      T0 + DEFAULT_POLL.maxIntervalMs,
    );
  });
});

describe('cssEndsAtMs', () => {
  const end = epochMsToChinaStandardTime(T0 + HOUR);
  const cap = T0 + (BOUNDS['css-live'].highlightMaxMs ?? 0);
  test('a scheduled EndTime is the end; without one (and no highlight) the provider sets none', () => {
    expect(cssEndsAtMs({ EndTime: end }, T0)).toEqual({ atMs: T0 + HOUR, reason: 'scheduled-end' });
    expect(cssEndsAtMs({}, T0)).toBeUndefined();
  });
  test('highlight mode ends at the 30 min cap unless EndTime comes first', () => {
    expect(cap).toBe(T0 + 30 * 60_000);
    expect(cssEndsAtMs({ Highlight: 1 }, T0)).toEqual({ atMs: cap, reason: 'provider-max-duration' });
    expect(cssEndsAtMs({ Highlight: 1, EndTime: end }, T0)).toEqual({ atMs: cap, reason: 'provider-max-duration' });
    const early = epochMsToChinaStandardTime(T0 + 10 * 60_000);
    expect(cssEndsAtMs({ Highlight: 1, EndTime: early }, T0)).toEqual({
      atMs: T0 + 10 * 60_000,
      reason: 'scheduled-end',
    });
  });
});

describe('nextStep', () => {
  const opts = resolveOptions({ recordId: 'r', product: 'trtc-cloud', params: {} });
  test('a provider end beats a stop request, which beats deadlines; the earliest passed deadline decides', () => {
    const life = recording();
    life.extend(T0 + 150, 5); // max duration ends at T0 + 105, before the scheduled end
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 200)).toEqual({ kind: 'stop', reason: 'max-duration' });
    life.requestStop('stopped-by-request', T0);
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 200)).toEqual({
      kind: 'stop',
      reason: 'stopped-by-request',
    });
    life.providerEnded({ atMs: T0, source: 'poll' });
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 200)).toEqual({ kind: 'provider-ended' });
  });
  test('ResourceExpiredHour: stop or detach a margin before control is lost', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.adoptTask(task('t1', { controlExpiresAtMs: T0 + 72 * HOUR }), T0);
    const actAt = T0 + 72 * HOUR - opts.expiryMarginMs;
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, actAt - 1)).toMatchObject({ kind: 'wait' });
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, actAt)).toEqual({ kind: 'stop', reason: 'expired' });
    expect(nextStep(life.data, 'trtc-cloud', {}, { ...opts, expiryPolicy: 'detach' }, actAt)).toMatchObject({
      kind: 'detach',
      reason: expect.stringMatching(/ResourceExpiredHour/) as unknown,
    });
  });
  test('css-live ends by itself at EndTime; no polling for products without describe', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.noteStartCall({}, T0);
    life.adoptTask({ product: 'css-live', taskId: '1', identity: {} }, T0);
    const params = { EndTime: epochMsToChinaStandardTime(T0 + HOUR) };
    expect(nextStep(life.data, 'css-live', params, opts, T0 + 10)).toEqual({
      kind: 'wait',
      untilMs: T0 + HOUR,
      poll: false,
    });
    expect(nextStep(life.data, 'css-live', params, opts, T0 + HOUR)).toEqual({
      kind: 'provider-bound',
      reason: 'scheduled-end',
    });
  });
  test('with no deadline, a product with describe waits for its next poll', () => {
    const life = recording();
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 200)).toEqual({
      kind: 'wait',
      untilMs: T0 + 100 + 15_000,
      poll: true,
    });
  });
  test('a poll hint brings the next poll forward once, no sooner than 10 s after the last poll', () => {
    const life = recording();
    life.hintPoll(T0 + 1_000);
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 1_000)).toEqual({
      kind: 'wait',
      untilMs: T0 + 1_000,
      poll: true,
    });
    life.notePoll(T0 + 1_001, { state: 'recording' });
    // Answered: back to the schedule. A new hint right after that poll waits out the gap.
    expect(hintedPollAtMs(life.data)).toBeUndefined();
    life.hintPoll(T0 + 2_000);
    expect(hintedPollAtMs(life.data)).toBe(T0 + 1_001 + HINT_POLL_GAP_MS);
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 2_000)).toEqual({
      kind: 'wait',
      untilMs: T0 + 1_001 + HINT_POLL_GAP_MS,
      poll: true,
    });
    // A deadline before it still comes first, and products without describe never poll.
    life.extend(T0 + 5_000, undefined);
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 2_000)).toEqual({
      kind: 'wait',
      untilMs: T0 + 5_000,
      poll: false,
    });
    expect(nextStep(life.data, 'trro-cloud', {}, opts, T0 + 2_000)).toMatchObject({ poll: false });
  });
  test('a deadline before the next poll is waited for without polling', () => {
    const life = recording();
    life.extend(T0 + 5_000, undefined);
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 200)).toEqual({
      kind: 'wait',
      untilMs: T0 + 5_000,
      poll: false,
    });
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 5_000)).toEqual({ kind: 'stop', reason: 'scheduled-end' });
  });
  test('the maximum duration counts from the task start, not from the request', () => {
    const life = RecordingLifecycle.create({ maxDurationMs: HOUR }, T0);
    life.adoptTask(task(), T0 + 10 * 60_000);
    // trro-cloud has no describe, so only the deadline counts.
    expect(nextStep(life.data, 'trro-cloud', {}, opts, T0 + HOUR)).toEqual({
      kind: 'wait',
      untilMs: T0 + 10 * 60_000 + HOUR,
      poll: false,
    });
    expect(nextStep(life.data, 'trro-cloud', {}, opts, T0 + 10 * 60_000 + HOUR)).toEqual({
      kind: 'stop',
      reason: 'max-duration',
    });
  });
  test('nothing to wait for and nothing to poll: wait without a timeout', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.recordWithoutTask(T0);
    expect(nextStep(life.data, 'css-live', {}, opts, T0 + 1)).toEqual({ kind: 'wait', poll: false });
  });
});

describe('fleet-aware poll schedule', () => {
  const MINUTE = 60_000;
  const quiet = { startedAtMs: T0, pollCount: 3, lastPollAtMs: T0, callbackCount: 0 };
  const healthy = { ...quiet, callbackCount: 2 };
  test('the first poll is shifted by the phase', () => {
    expect(nextPollAtMs({ ...quiet, pollCount: 0, fleet: { phaseMs: 4_321 } }, DEFAULT_POLL)).toBe(T0 + 19_321);
  });
  test('without a unit yet, the own schedule holds', () => {
    expect(nextPollAtMs({ ...quiet, fleet: { phaseMs: 0 } }, DEFAULT_POLL)).toBe(nextPollAtMs(quiet, DEFAULT_POLL));
  });
  test('a small fleet leaves the own schedule; a large one widens the interval', () => {
    expect(nextPollAtMs({ ...quiet, fleet: { phaseMs: 0, unitMs: 10_000 } }, DEFAULT_POLL)).toBe(T0 + 2 * MINUTE);
    expect(nextPollAtMs({ ...quiet, fleet: { phaseMs: 0, unitMs: 20 * MINUTE } }, DEFAULT_POLL)).toBe(T0 + 10 * MINUTE);
    expect(nextPollAtMs({ ...healthy, fleet: { phaseMs: 0, unitMs: 20 * MINUTE } }, DEFAULT_POLL)).toBe(
      T0 + 20 * MINUTE,
    );
  });
  test('a deadline before the usual next poll makes the recording urgent: polled before healthy ones', () => {
    const fleet = { phaseMs: 0, unitMs: 20 * MINUTE };
    const deadline = T0 + 15 * MINUTE;
    expect(pollClass({ ...healthy, fleet }, DEFAULT_POLL, deadline)).toBe('urgent');
    expect(pollClass({ ...healthy, fleet }, DEFAULT_POLL, T0 + 60 * MINUTE)).toBe('healthy');
    expect(pollClass({ ...quiet, fleet }, DEFAULT_POLL)).toBe('quiet');
    const urgentAt = nextPollAtMs({ ...healthy, fleet }, DEFAULT_POLL, deadline);
    expect(urgentAt).toBe(T0 + 5 * MINUTE);
    expect(urgentAt).toBeLessThan(nextPollAtMs({ ...healthy, fleet }, DEFAULT_POLL));
  });
});
