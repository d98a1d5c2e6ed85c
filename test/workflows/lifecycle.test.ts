/** The pure parts of the workflow, tested directly: lifecycle, provider events, poll schedule, deadlines, keys. */
import fc from 'fast-check';
import type { ProviderEvent, TaskRef } from '../../domain/contract';
import { PRODUCTS } from '../../domain/catalog';
import { epochMsToChinaStandardTime } from '../../domain/china-time';
import { DEFAULT_POLL, nextPollAtMs, nextStep, resolveOptions } from '../../workflows/deadlines';
import { recordIdOfWorkflowId, recordingWorkflowId } from '../../workflows/messages';
import { EVENT_ID_WINDOW, RecordingLifecycle, TERMINAL_STATE, WARNING_LIMIT, applyProviderEvent, endReasonForCause, mergeFiles, mergeWarning } from '../../workflows/lifecycle';
import { RecordingKeysKey, initialSearchAttributes, recordingKeys, roomOf } from '../../workflows/search-attributes';

const T0 = 1_800_000_000_000;
const task = (taskId = 't1', extra: Partial<TaskRef> = {}): TaskRef => ({ product: 'trtc-cloud', taskId, identity: { botUserId: 'bot-1' }, ...extra });
const ev = (fields: Partial<ProviderEvent> & Pick<ProviderEvent, 'kind' | 'eventId'>): ProviderEvent => ({ product: 'trtc-cloud', occurredAtMs: T0, ...fields });

function recording(): RecordingLifecycle {
  const life = RecordingLifecycle.create({}, T0);
  life.noteStartCall({ botUserId: 'bot-1' }, T0);
  life.adoptTask(task(), T0 + 100);
  return life;
}

describe('RecordingLifecycle', () => {
  test('starts Scheduled only when the start lies in the future', () => {
    expect(RecordingLifecycle.create({ startAtMs: T0 + 1 }, T0).state).toBe('Scheduled');
    expect(RecordingLifecycle.create({ startAtMs: T0 }, T0).state).toBe('Starting');
    expect(RecordingLifecycle.create({}, T0).state).toBe('Starting');
  });

  test('refuses moves the lifecycle does not allow', () => {
    const life = RecordingLifecycle.create({ startAtMs: T0 + 1 }, T0);
    expect(() => life.paused()).toThrow('Scheduled → Paused is not allowed');
    expect(() => life.beginStopping()).toThrow(/not allowed/);
    life.beginStart();
    expect(life.state).toBe('Starting');
  });

  test('the first stop wins, and a stop after the provider ended the task changes nothing', () => {
    const life = recording();
    expect(life.requestStop('scheduled-end', T0 + 5)).toBe(true);
    expect(life.requestStop('stopped-by-request', T0 + 6, 'ops')).toBe(false);
    expect(life.data.stopRequest).toEqual({ atMs: T0 + 5, reason: 'scheduled-end' });
    const ended = recording();
    ended.providerEnded({ cause: 'idle-timeout', atMs: T0, source: 'callback' });
    expect(ended.requestStop('stopped-by-request', T0)).toBe(false);
    ended.beginStopping();
    ended.finish(T0 + 9);
    expect(ended.data).toMatchObject({ state: 'IdleEnded', endReason: 'idle', endedAtMs: T0 + 9 });
  });

  test('a later provider report only adds a missing cause', () => {
    const life = recording();
    life.providerEnded({ atMs: T0, source: 'callback' });
    life.providerEnded({ cause: 'forced-stop', atMs: T0 + 1, source: 'poll' });
    life.providerEnded({ cause: 'failed', atMs: T0 + 2, source: 'poll' });
    expect(life.data.providerEnd).toEqual({ cause: 'forced-stop', atMs: T0, source: 'callback' });
  });

  test('the control deadline is the earlier of the activity\'s and the workflow\'s estimate', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.adoptTask(task('t1', { controlExpiresAtMs: T0 + 500 }), T0, T0 + 400);
    expect(life.data.controlExpiresAtMs).toBe(T0 + 400);
  });

  test('snapshots are plain JSON and restore as the next run', () => {
    const life = recording();
    life.addFiles([{ name: 'a.m3u8' }]);
    life.warn('poll-failed', 'InternalError', T0);
    const snap = life.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    const next = RecordingLifecycle.restore(snap);
    expect(next.data).toEqual({ ...snap, runIndex: 1 });
    expect(next.state).toBe('Recording');
  });

  test('every end reason has exactly one terminal state; provider causes map to end reasons', () => {
    expect(TERMINAL_STATE['cancelled-before-start']).toBe('Cancelled');
    expect(TERMINAL_STATE.detached).toBe('Detached');
    expect(endReasonForCause('idle-timeout')).toBe('idle');
    expect(endReasonForCause('max-duration')).toBe('provider-max-duration');
    expect(endReasonForCause('kicked')).toBe('ended-externally');
    expect(endReasonForCause(undefined)).toBe('ended-externally');
  });
});

describe('applyProviderEvent', () => {
  test('a re-delivered event (same eventId) changes nothing', () => {
    const life = recording();
    applyProviderEvent(life, ev({ eventId: 'e1', kind: 'files', taskId: 't1', files: [{ name: 'a' }] }), T0, 'trtc-cloud');
    applyProviderEvent(life, ev({ eventId: 'e1', kind: 'files', taskId: 't1', files: [{ name: 'b' }] }), T0, 'trtc-cloud');
    expect(life.data.files).toEqual([{ name: 'a' }]);
    expect(life.data.callbackCount).toBe(1);
  });

  test('a task-started for our bot before the start answered becomes a candidate; another bot\'s does not', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.noteStartCall({ botUserId: 'bot-1' }, T0);
    applyProviderEvent(life, ev({ eventId: 'a', kind: 'task-started', taskId: 'x', botUserId: 'bot-2' }), T0, 'trtc-cloud');
    applyProviderEvent(life, ev({ eventId: 'b', kind: 'task-started', taskId: 'y', botUserId: 'bot-1' }), T0, 'trtc-cloud');
    expect(life.data.candidateTaskIds).toEqual(['y']);
  });

  test('trtc-cloud: our task replaced (302 LeaveCode 101) by a newer one of our bot is followed, not ended', () => {
    const life = recording();
    applyProviderEvent(life, ev({ eventId: 'a', kind: 'task-started', taskId: 't2', botUserId: 'bot-1' }), T0, 'trtc-cloud');
    applyProviderEvent(life, ev({ eventId: 'b', kind: 'task-ended', taskId: 't1', botUserId: 'bot-1', endCause: 'replaced' }), T0, 'trtc-cloud');
    expect(life.task?.taskId).toBe('t2');
    expect(life.data.providerEnd).toBeUndefined();
    expect(life.data.taskIds).toEqual(['t1', 't2']);
  });

  test('trro-cloud: a second task-started beside ours is a duplicate to stop', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.adoptTask({ product: 'trro-cloud', taskId: 'r1', identity: {} }, T0);
    applyProviderEvent(life, { eventId: 'a', product: 'trro-cloud', kind: 'task-started', taskId: 'r2', occurredAtMs: T0 }, T0, 'trro-cloud');
    expect(life.data.extraTaskIds).toEqual(['r2']);
  });

  test('events about another task are only a warning; upload-complete while recording means it ended', () => {
    const life = recording();
    applyProviderEvent(life, ev({ eventId: 'a', kind: 'task-ended', taskId: 'zzz', endCause: 'failed' }), T0, 'trtc-cloud');
    expect(life.data.providerEnd).toBeUndefined();
    expect(life.data.warnings.map((w) => w.code)).toEqual(['foreign-task-event']);
    applyProviderEvent(life, ev({ eventId: 'b', kind: 'upload-complete', taskId: 't1' }), T0 + 7, 'trtc-cloud');
    expect(life.data.uploadComplete).toBe(true);
    expect(life.data.providerEnd).toMatchObject({ source: 'callback' });
  });

  test('property: any event sequence keeps the lifecycle consistent and counts each eventId once', () => {
    const kinds = ['task-started', 'task-start-failed', 'task-ended', 'paused', 'resumed', 'files', 'upload-complete', 'info'] as const;
    const arbEvent = fc.record({
      eventId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      kind: fc.constantFrom(...kinds),
      taskId: fc.option(fc.constantFrom('t1', 't2'), { nil: undefined }),
      botUserId: fc.option(fc.constantFrom('bot-1', 'bot-2'), { nil: undefined }),
      endCause: fc.option(fc.constantFrom('idle-timeout', 'replaced', 'failed' as const), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 30 }), (events) => {
        const life = recording();
        for (const e of events) applyProviderEvent(life, ev(e), T0, 'trtc-cloud');
        expect(life.data.callbackCount).toBe(new Set(events.map((e) => e.eventId)).size);
        expect(['Recording', 'Paused']).toContain(life.state);
        expect(life.data.taskIds).toContain(life.task?.taskId);
      }),
    );
  });
});

describe('poll schedule', () => {
  const clock = { startedAtMs: T0, pollCount: 0, callbackCount: 0 };
  test('first poll ~15 s after the start, then doubling up to the quiet ceiling', () => {
    expect(nextPollAtMs(clock, DEFAULT_POLL)).toBe(T0 + 15_000);
    expect(nextPollAtMs({ ...clock, pollCount: 1, lastPollAtMs: T0 }, DEFAULT_POLL)).toBe(T0 + 30_000);
    expect(nextPollAtMs({ ...clock, pollCount: 2, lastPollAtMs: T0 }, DEFAULT_POLL)).toBe(T0 + 60_000);
    expect(nextPollAtMs({ ...clock, pollCount: 50, lastPollAtMs: T0 }, DEFAULT_POLL)).toBe(T0 + DEFAULT_POLL.quietMaxIntervalMs);
  });
  test('backs off further once callbacks flow, and tightens near a deadline', () => {
    expect(nextPollAtMs({ ...clock, pollCount: 50, lastPollAtMs: T0, callbackCount: 3 }, DEFAULT_POLL)).toBe(T0 + DEFAULT_POLL.maxIntervalMs);
    expect(nextPollAtMs({ ...clock, pollCount: 50, lastPollAtMs: T0, callbackCount: 3 }, DEFAULT_POLL, T0 + 120_000)).toBe(T0 + 60_000);
    expect(nextPollAtMs({ ...clock, pollCount: 50, lastPollAtMs: T0 }, DEFAULT_POLL, T0 + 1_000)).toBe(T0 + DEFAULT_POLL.minIntervalMs);
  });
});

describe('nextStep', () => {
  const opts = resolveOptions({ recordId: 'r', product: 'trtc-cloud', params: {} });
  test('a provider end beats a stop request, which beats deadlines; the earliest passed deadline decides', () => {
    const life = recording();
    life.extend(T0 + 150, 5); // max duration ends at T0 + 105, before the scheduled end
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 200)).toEqual({ kind: 'stop', reason: 'max-duration' });
    life.requestStop('stopped-by-request', T0);
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 200)).toEqual({ kind: 'stop', reason: 'stopped-by-request' });
    life.providerEnded({ atMs: T0, source: 'poll' });
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, T0 + 200)).toEqual({ kind: 'provider-ended' });
  });
  test('ResourceExpiredHour: stop or detach a margin before control is lost', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.adoptTask(task('t1', { controlExpiresAtMs: T0 + 72 * 3_600_000 }), T0);
    const actAt = T0 + 72 * 3_600_000 - opts.expiryMarginMs;
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, actAt - 1)).toMatchObject({ kind: 'wait' });
    expect(nextStep(life.data, 'trtc-cloud', {}, opts, actAt)).toEqual({ kind: 'stop', reason: 'expired' });
    expect(nextStep(life.data, 'trtc-cloud', {}, { ...opts, expiryPolicy: 'detach' }, actAt)).toMatchObject({ kind: 'detach', reason: expect.stringMatching(/ResourceExpiredHour/) as unknown });
  });
  test('css-live ends by itself at EndTime; no polling for products without describe', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.noteStartCall({}, T0);
    life.adoptTask({ product: 'css-live', taskId: '1', identity: {} }, T0);
    const params = { EndTime: epochMsToChinaStandardTime(T0 + 3_600_000) };
    expect(nextStep(life.data, 'css-live', params, opts, T0 + 10)).toEqual({ kind: 'wait', untilMs: T0 + 3_600_000, poll: false });
    expect(nextStep(life.data, 'css-live', params, opts, T0 + 3_600_000)).toEqual({ kind: 'provider-bound', reason: 'scheduled-end' });
  });
});

describe('merging and keys', () => {
  test('files merge by name, user and track; warnings count repeats and stay bounded', () => {
    expect(mergeFiles([{ name: 'a', userId: 'u' }], [{ name: 'a', userId: 'u', sizeBytes: 3 }, { name: 'a', userId: 'v' }])).toEqual([
      { name: 'a', userId: 'u', sizeBytes: 3 },
      { name: 'a', userId: 'v' },
    ]);
    const twice = mergeWarning(mergeWarning([], { code: 'poll-failed', detail: 'x', atMs: 1, count: 1 }), { code: 'poll-failed', detail: 'x', atMs: 2, count: 1 });
    expect(twice).toEqual([{ code: 'poll-failed', detail: 'x', atMs: 2, count: 2 }]);
    let many = twice;
    for (let i = 0; i < 50; i += 1) many = mergeWarning(many, { code: 'poll-failed', detail: String(i), atMs: i, count: 1 });
    expect(many).toHaveLength(WARNING_LIMIT);
    expect(EVENT_ID_WINDOW).toBeGreaterThanOrEqual(100);
  });

  test('routing keys name identity, tasks and stream; room per product', () => {
    expect(recordingKeys({}, [{ botUserId: 'b', webRecordId: 'w', recordUserId: 'r' }], ['t2', 't1'])).toEqual(['bot:b', 'ruser:r', 'task:t1', 'task:t2', 'web:w']);
    expect(recordingKeys({ StreamName: 's' }, [], [])).toEqual(['stream:s']);
    expect(PRODUCTS.map((p) => roomOf(p, { RoomId: 3560, StreamName: 's', DeviceId: 'd' }))).toEqual(['3560', undefined, '3560', 's', 'd']);
    const initial = initialSearchAttributes('r1', 'css-live', { StreamName: 's' }, 'Starting');
    expect(initial.find((p) => p.key.name === RecordingKeysKey.name)?.value).toEqual(['stream:s']);
  });

  test('workflow ids round-trip and refuse an empty recordId', () => {
    expect(recordingWorkflowId('abc')).toBe('recording:abc');
    expect(recordIdOfWorkflowId('recording:abc')).toBe('abc');
    expect(recordIdOfWorkflowId('other')).toBeUndefined();
    expect(() => recordingWorkflowId('')).toThrow(/recordId/);
  });
});
