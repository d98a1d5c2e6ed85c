/** The recording state machine, tested directly (no Temporal): transitions, end reasons, provider events, merges. */
import fc from 'fast-check';
import type { ProviderEndCause, ProviderEvent, TaskRef } from '../../../domain/contract';
import {
  EVENT_ID_WINDOW,
  NEXT_STATES,
  RecordingLifecycle,
  TERMINAL_STATE,
  TERMINAL_STATES,
  WARNING_LIMIT,
  applyProviderEvent,
  claimLeftoverCandidates,
  endReasonForCause,
  endReasonForEnd,
  matchesDevice,
  matchesIdentity,
  mergeFiles,
  mergeWarning,
  rememberEventId,
  type EndReason,
  type EventRules,
  type RecordingState,
} from '../../../workflows/lifecycle';

const T0 = 1_800_000_000_000;
const task = (taskId = 't1', extra: Partial<TaskRef> = {}): TaskRef => ({
  product: 'trtc-cloud',
  taskId,
  identity: { botUserId: 'bot-1' },
  ...extra,
});
const ev = (fields: Partial<ProviderEvent> & Pick<ProviderEvent, 'kind' | 'eventId'>): ProviderEvent => ({
  product: 'trtc-cloud',
  occurredAtMs: T0,
  ...fields,
});

function recording(): RecordingLifecycle {
  const life = RecordingLifecycle.create({}, T0);
  life.noteStartCall({ botUserId: 'bot-1' }, T0);
  life.adoptTask(task(), T0 + 100);
  return life;
}

/** A lifecycle in `state` (with a task, as a recording past its start has). */
function inState(state: RecordingState): RecordingLifecycle {
  return RecordingLifecycle.restore({ ...recording().snapshot(), state });
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

  test('a refuted callback end is forgotten with a warning: a stop can be requested again, the state stays Recording', () => {
    const life = recording();
    life.providerEnded({ cause: 'stopped-by-api', atMs: T0, source: 'callback', detail: 'OnlineRecordStopped' });
    expect(life.requestStop('stopped-by-request', T0 + 1)).toBe(false);
    life.providerEndRefuted('OnlineRecordStopped callback for task t1, but the provider says RECORDING', T0 + 2);
    expect(life.data.providerEnd).toBeUndefined();
    expect(life.data.state).toBe('Recording');
    expect(life.data.warnings).toEqual([
      {
        code: 'end-not-confirmed',
        detail: 'OnlineRecordStopped callback for task t1, but the provider says RECORDING',
        atMs: T0 + 2,
        count: 1,
      },
    ]);
    expect(life.requestStop('stopped-by-request', T0 + 3)).toBe(true);
    expect(JSON.parse(JSON.stringify(life.snapshot()))).toEqual(life.snapshot());
  });

  test("the control deadline is the earlier of the activity's and the workflow's estimate", () => {
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

describe('transitions', () => {
  type Move = 'beginStart' | 'adoptTask' | 'recordWithoutTask' | 'paused' | 'resumed' | 'beginStopping';
  const move = (life: RecordingLifecycle, m: Move): void => {
    if (m === 'adoptTask') life.adoptTask(task('t9'), T0 + 1);
    else if (m === 'recordWithoutTask') life.recordWithoutTask(T0 + 1);
    else life[m]();
  };

  test.each<[RecordingState, Move, RecordingState]>([
    ['Scheduled', 'beginStart', 'Starting'],
    ['Starting', 'adoptTask', 'Recording'],
    ['Starting', 'recordWithoutTask', 'Recording'],
    ['Starting', 'beginStopping', 'Stopping'],
    ['Recording', 'paused', 'Paused'],
    ['Paused', 'resumed', 'Recording'],
    ['Recording', 'beginStopping', 'Stopping'],
    ['Paused', 'beginStopping', 'Stopping'],
  ])('allowed: %s --%s--> %s', (from, m, to) => {
    const life = inState(from);
    move(life, m);
    expect(life.state).toBe(to);
  });

  test.each<[RecordingState, Move]>([
    ['Scheduled', 'recordWithoutTask'],
    ['Scheduled', 'beginStopping'],
    ['Starting', 'paused'],
    ['Starting', 'beginStart'],
    ['Recording', 'beginStart'],
    ['Recording', 'resumed'],
    ['Paused', 'paused'],
    ['Stopping', 'resumed'],
    ['Stopping', 'beginStopping'],
    ['Completed', 'beginStart'],
    ['Cancelled', 'beginStopping'],
    ['Detached', 'recordWithoutTask'],
  ])('refused: %s --%s-->, and the state stays', (from, m) => {
    const life = inState(from);
    expect(() => move(life, m)).toThrow(`lifecycle: ${from} → `);
    expect(life.state).toBe(from);
  });

  test('a new TaskId while recording is adopted without a move (a replacement), and recorded once', () => {
    const life = recording();
    life.adoptTask(task('t2'), T0 + 500);
    life.adoptTask(task('t2'), T0 + 600);
    expect(life.state).toBe('Recording');
    expect(life.data.taskIds).toEqual(['t1', 't2']);
    expect(life.data.startedAtMs).toBe(T0 + 100);
  });

  test('terminal states allow no further non-terminal move', () => {
    for (const state of TERMINAL_STATES) expect(NEXT_STATES[state]).toEqual([]);
    expect(NEXT_STATES.Stopping).toEqual([]);
  });

  test('finish goes terminal from any state, and the first ending stays', () => {
    for (const state of ['Scheduled', 'Starting', 'Recording', 'Paused', 'Stopping'] as const) {
      const life = inState(state);
      life.finish(T0 + 1, 'idle');
      life.finish(T0 + 2, 'failed');
      expect(life.data).toMatchObject({ state: 'IdleEnded', endReason: 'idle', endedAtMs: T0 + 1 });
      expect(life.isTerminal).toBe(true);
      expect(life.isActive).toBe(false);
    }
  });

  test('detach and fail keep why, and end Detached and Failed', () => {
    const detached = recording();
    detached.detach('policy detach', T0 + 3);
    expect(detached.data).toMatchObject({
      state: 'Detached',
      endReason: 'detached',
      detachedReason: 'policy detach',
      endedAtMs: T0 + 3,
    });
    const failed = recording();
    failed.fail('InvalidParameter', 'RoomId missing', T0 + 4);
    expect(failed.data).toMatchObject({
      state: 'Failed',
      endReason: 'failed',
      failure: { type: 'InvalidParameter', message: 'RoomId missing' },
    });
  });

  test('a stop is settled once stopped, once the provider ended the task, or when there never was a task', () => {
    const life = recording();
    life.requestStop('stopped-by-request', T0);
    life.beginStopping();
    expect(life.stopSettled).toBe(false);
    life.stopped(T0 + 1);
    expect(life.stopSettled).toBe(true);

    const ended = recording();
    ended.beginStopping();
    ended.providerEnded({ atMs: T0, source: 'poll' });
    expect(ended.stopSettled).toBe(true);

    const taskless = RecordingLifecycle.create({}, T0);
    taskless.beginStopping();
    expect(taskless.stopSettled).toBe(true);

    expect(recording().stopSettled).toBe(false);
  });

  test('the first start call bounds the TaskId issue time; every call is counted', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.noteStartCall({ botUserId: 'a' }, T0 + 10);
    life.nextAttempt();
    life.noteStartCall({ botUserId: 'b' }, T0 + 20);
    expect(life.data).toMatchObject({
      startCalls: 2,
      attempt: 1,
      startRequestedAtMs: T0 + 10,
      identity: { botUserId: 'b' },
    });
  });

  test('every change bumps the version, so waiting loops wake; an empty file list is no change', () => {
    const life = recording();
    const before = life.version;
    life.addFiles([]);
    life.addFiles(undefined);
    expect(life.version).toBe(before);
    life.addFiles([{ name: 'a' }]);
    life.extend(T0 + 9, undefined);
    expect(life.version).toBe(before + 2);
  });

  test('extend: a number moves a deadline, null clears it, undefined leaves it', () => {
    const life = RecordingLifecycle.create({ endAtMs: T0 + 1_000, maxDurationMs: 60_000 }, T0);
    life.extend(T0 + 2_000, undefined);
    expect(life.data).toMatchObject({ endAtMs: T0 + 2_000, maxDurationMs: 60_000 });
    life.extend(undefined, null);
    expect(life.data.endAtMs).toBe(T0 + 2_000);
    expect(life.data.maxDurationMs).toBeUndefined();
  });

  test('TaskId bookkeeping: candidates skip known ids, a duplicate task is recorded once until handled', () => {
    const life = recording();
    life.addCandidate('t1');
    life.addCandidate('t2');
    life.addCandidate('t2');
    expect(life.data.candidateTaskIds).toEqual(['t2']);
    life.addExtraTask('x');
    life.addExtraTask('x');
    expect(life.data.taskIds).toEqual(['t1', 'x']);
    expect(life.data.extraTaskIds).toEqual(['x']);
    life.extraTaskHandled('x');
    expect(life.data.extraTaskIds).toEqual([]);
    life.adoptTask(task('t2'), T0 + 5);
    expect(life.data.candidateTaskIds).toEqual([]);
  });
});

describe('end reasons', () => {
  test('every end reason leads to one of the terminal states, and every terminal state is reachable', () => {
    const reached = new Set(Object.values(TERMINAL_STATE));
    expect([...reached].sort()).toEqual([...TERMINAL_STATES].sort());
  });

  test.each<[ProviderEndCause | undefined, EndReason]>([
    ['idle-timeout', 'idle'],
    ['auto-stop', 'auto-stop'],
    ['max-duration', 'provider-max-duration'],
    ['forced-stop', 'forced-stop'],
    ['failed', 'failed'],
    ['stopped-by-api', 'ended-externally'],
    ['room-dismissed', 'ended-externally'],
    ['kicked', 'ended-externally'],
    ['replaced', 'ended-externally'],
    ['not-found', 'ended-externally'],
    [undefined, 'ended-externally'],
  ])('provider cause %s reads as %s', (cause, reason) => {
    expect(endReasonForCause(cause)).toBe(reason);
  });

  test('a bound the provider enforces with no cause is the scheduled end; with a cause, the cause decides', () => {
    expect(endReasonForEnd({ atMs: T0, source: 'bound' })).toBe('scheduled-end');
    expect(endReasonForEnd({ atMs: T0, source: 'bound', cause: 'max-duration' })).toBe('provider-max-duration');
    expect(endReasonForEnd({ atMs: T0, source: 'callback' })).toBe('ended-externally');
    expect(endReasonForEnd(undefined)).toBe('ended-externally');
  });

  test('precedence: an explicit reason beats our stop request, which beats what the provider said', () => {
    const ours = recording();
    ours.requestStop('max-duration', T0 + 1);
    ours.providerEnded({ cause: 'idle-timeout', atMs: T0 + 2, source: 'callback' });
    ours.finish(T0 + 3);
    expect(ours.data).toMatchObject({ state: 'Completed', endReason: 'max-duration' });

    const explicit = recording();
    explicit.requestStop('stopped-by-request', T0 + 1);
    explicit.finish(T0 + 3, 'control-lost');
    expect(explicit.data).toMatchObject({ state: 'Expired', endReason: 'control-lost' });

    const theirs = recording();
    theirs.providerEnded({ cause: 'auto-stop', atMs: T0 + 2, source: 'poll' });
    theirs.finish(T0 + 3);
    expect(theirs.data).toMatchObject({ state: 'IdleEnded', endReason: 'auto-stop' });
  });
});

describe('applyProviderEvent', () => {
  test('a re-delivered event (same eventId) changes nothing', () => {
    const life = recording();
    applyProviderEvent(
      life,
      ev({ eventId: 'e1', kind: 'files', taskId: 't1', files: [{ name: 'a' }] }),
      T0,
      'trtc-cloud',
    );
    applyProviderEvent(
      life,
      ev({ eventId: 'e1', kind: 'files', taskId: 't1', files: [{ name: 'b' }] }),
      T0,
      'trtc-cloud',
    );
    expect(life.data.files).toEqual([{ name: 'a' }]);
    expect(life.data.callbackCount).toBe(1);
  });

  test("a task-started for our bot before the start answered becomes a candidate; another bot's does not", () => {
    const life = RecordingLifecycle.create({}, T0);
    life.noteStartCall({ botUserId: 'bot-1' }, T0);
    applyProviderEvent(
      life,
      ev({ eventId: 'a', kind: 'task-started', taskId: 'x', botUserId: 'bot-2' }),
      T0,
      'trtc-cloud',
    );
    applyProviderEvent(
      life,
      ev({ eventId: 'b', kind: 'task-started', taskId: 'y', botUserId: 'bot-1' }),
      T0,
      'trtc-cloud',
    );
    expect(life.data.candidateTaskIds).toEqual(['y']);
  });

  test('trtc-cloud: our task replaced (302 LeaveCode 101) by a newer one of our bot is followed, not ended', () => {
    const life = recording();
    applyProviderEvent(
      life,
      ev({ eventId: 'a', kind: 'task-started', taskId: 't2', botUserId: 'bot-1' }),
      T0,
      'trtc-cloud',
    );
    applyProviderEvent(
      life,
      ev({ eventId: 'b', kind: 'task-ended', taskId: 't1', botUserId: 'bot-1', endCause: 'replaced' }),
      T0,
      'trtc-cloud',
    );
    expect(life.task?.taskId).toBe('t2');
    expect(life.data.providerEnd).toBeUndefined();
    expect(life.data.taskIds).toEqual(['t1', 't2']);
  });

  test('trro-cloud: a second task-started beside ours is a duplicate to stop', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.adoptTask({ product: 'trro-cloud', taskId: 'r1', identity: {} }, T0);
    applyProviderEvent(
      life,
      { eventId: 'a', product: 'trro-cloud', kind: 'task-started', taskId: 'r2', occurredAtMs: T0 },
      T0,
      'trro-cloud',
    );
    expect(life.data.extraTaskIds).toEqual(['r2']);
  });

  test('events about another task are only a warning; upload-complete while recording means it ended', () => {
    const life = recording();
    applyProviderEvent(
      life,
      ev({ eventId: 'a', kind: 'task-ended', taskId: 'zzz', endCause: 'failed' }),
      T0,
      'trtc-cloud',
    );
    expect(life.data.providerEnd).toBeUndefined();
    expect(life.data.warnings.map((w) => w.code)).toEqual(['foreign-task-event']);
    applyProviderEvent(life, ev({ eventId: 'b', kind: 'upload-complete', taskId: 't1' }), T0 + 7, 'trtc-cloud');
    expect(life.data.uploadComplete).toBe(true);
    expect(life.data.providerEnd).toMatchObject({ source: 'callback' });
  });

  test('property: any event sequence keeps the lifecycle consistent and counts each eventId once', () => {
    const kinds = [
      'task-started',
      'task-start-failed',
      'task-ended',
      'paused',
      'resumed',
      'files',
      'upload-complete',
      'info',
    ] as const;
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

  test('events of another product, and any event after the end, change nothing (not even the count)', () => {
    const life = recording();
    applyProviderEvent(
      life,
      ev({ eventId: 'a', kind: 'task-ended', taskId: 't1', product: 'trtc-web' }),
      T0,
      'trtc-cloud',
    );
    expect(life.data.callbackCount).toBe(0);
    life.finish(T0 + 1, 'stopped-by-request');
    applyProviderEvent(
      life,
      ev({ eventId: 'b', kind: 'files', taskId: 't1', files: [{ name: 'late' }] }),
      T0 + 2,
      'trtc-cloud',
    );
    expect(life.data).toMatchObject({ callbackCount: 0, files: [] });
  });

  test("our task ending keeps the provider's time, cause and words; a missing time falls back to now", () => {
    const life = recording();
    applyProviderEvent(
      life,
      ev({
        eventId: 'a',
        kind: 'task-ended',
        taskId: 't1',
        endCause: 'idle-timeout',
        occurredAtMs: T0 + 50,
        detail: '302 LeaveCode=0',
      }),
      T0 + 99,
      'trtc-cloud',
    );
    expect(life.data.providerEnd).toEqual({
      cause: 'idle-timeout',
      atMs: T0 + 50,
      source: 'callback',
      detail: '302 LeaveCode=0',
    });
    const failed = recording();
    applyProviderEvent(
      failed,
      ev({ eventId: 'b', kind: 'task-start-failed', taskId: 't1', occurredAtMs: 0 }),
      T0 + 99,
      'trtc-cloud',
    );
    expect(failed.data.providerEnd).toEqual({ cause: 'failed', atMs: T0 + 99, source: 'callback' });
  });

  test('a replacement with no newer TaskId seen is an end of our task (cause replaced)', () => {
    const life = recording();
    applyProviderEvent(
      life,
      ev({ eventId: 'a', kind: 'task-ended', taskId: 't1', endCause: 'replaced' }),
      T0,
      'trtc-cloud',
    );
    expect(life.task?.taskId).toBe('t1');
    expect(life.data.providerEnd).toMatchObject({ cause: 'replaced', source: 'callback' });
  });

  test('pause and resume callbacks move Recording ⇄ Paused and are ignored in any other state', () => {
    const life = recording();
    applyProviderEvent(life, ev({ eventId: 'a', kind: 'resumed', taskId: 't1' }), T0, 'trtc-cloud');
    expect(life.state).toBe('Recording');
    applyProviderEvent(life, ev({ eventId: 'b', kind: 'paused', taskId: 't1' }), T0, 'trtc-cloud');
    applyProviderEvent(life, ev({ eventId: 'c', kind: 'paused', taskId: 't1' }), T0, 'trtc-cloud');
    expect(life.state).toBe('Paused');
    applyProviderEvent(life, ev({ eventId: 'd', kind: 'resumed', taskId: 't1' }), T0, 'trtc-cloud');
    expect(life.state).toBe('Recording');
  });

  test('files of a task whose TaskId is not known yet are ours only when the identity matches', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.noteStartCall({ botUserId: 'bot-1' }, T0);
    applyProviderEvent(
      life,
      ev({ eventId: 'a', kind: 'files', taskId: 'x', botUserId: 'bot-2', files: [{ name: 'theirs' }] }),
      T0,
      'trtc-cloud',
    );
    applyProviderEvent(
      life,
      ev({ eventId: 'b', kind: 'files', taskId: 'y', botUserId: 'bot-1', files: [{ name: 'ours' }] }),
      T0,
      'trtc-cloud',
    );
    expect(life.data.files).toEqual([{ name: 'ours' }]);
    // Beside a known task, another task's files are not ours even for our bot.
    const known = recording();
    applyProviderEvent(
      known,
      ev({ eventId: 'c', kind: 'files', taskId: 'other', botUserId: 'bot-1', files: [{ name: 'x' }] }),
      T0,
      'trtc-cloud',
    );
    expect(known.data.files).toEqual([]);
  });

  test('upload-complete while stopping, with no cause, completes the files but is no provider end', () => {
    const life = recording();
    life.requestStop('stopped-by-request', T0);
    life.beginStopping();
    applyProviderEvent(life, ev({ eventId: 'a', kind: 'upload-complete', taskId: 't1' }), T0, 'trtc-cloud');
    expect(life.data.uploadComplete).toBe(true);
    expect(life.data.providerEnd).toBeUndefined();
  });

  test('identity: the bot id decides, else the record user id; with nothing to compare, any event matches', () => {
    const event = ev({ eventId: 'a', kind: 'info', botUserId: 'b1', recordUserId: 'r1' });
    expect(matchesIdentity(event, { botUserId: 'b1' })).toBe(true);
    expect(matchesIdentity(event, { botUserId: 'b2', recordUserId: 'r1' })).toBe(false);
    expect(matchesIdentity(event, { recordUserId: 'r1' })).toBe(true);
    expect(matchesIdentity(event, { recordUserId: 'r2' })).toBe(false);
    expect(matchesIdentity(ev({ eventId: 'b', kind: 'info' }), { botUserId: 'b1' })).toBe(false);
    expect(matchesIdentity(ev({ eventId: 'c', kind: 'info' }), {})).toBe(true);
    expect(matchesIdentity(event, undefined)).toBe(true);
  });
});

describe('merging what a recording accumulates', () => {
  test('files merge by name, user and track; warnings count repeats and stay bounded', () => {
    expect(
      mergeFiles(
        [{ name: 'a', userId: 'u' }],
        [
          { name: 'a', userId: 'u', sizeBytes: 3 },
          { name: 'a', userId: 'v' },
        ],
      ),
    ).toEqual([
      { name: 'a', userId: 'u', sizeBytes: 3 },
      { name: 'a', userId: 'v' },
    ]);
    const twice = mergeWarning(mergeWarning([], { code: 'poll-failed', detail: 'x', atMs: 1, count: 1 }), {
      code: 'poll-failed',
      detail: 'x',
      atMs: 2,
      count: 1,
    });
    expect(twice).toEqual([{ code: 'poll-failed', detail: 'x', atMs: 2, count: 2 }]);
    let many = twice;
    for (let i = 0; i < 50; i += 1)
      many = mergeWarning(many, { code: 'poll-failed', detail: String(i), atMs: i, count: 1 });
    expect(many).toHaveLength(WARNING_LIMIT);
    expect(EVENT_ID_WINDOW).toBeGreaterThanOrEqual(100);
  });

  test('a file reported again keeps its place; the same name on another track is another file', () => {
    const merged = mergeFiles(
      [{ name: 'a' }, { name: 'b', trackType: 'audio' }],
      [
        { name: 'b', trackType: 'video' },
        { name: 'a', url: 'https://x/a' },
      ],
    );
    expect(merged).toEqual([
      { name: 'a', url: 'https://x/a' },
      { name: 'b', trackType: 'audio' },
      { name: 'b', trackType: 'video' },
    ]);
  });

  test('past the warning limit the oldest distinct warning is dropped first', () => {
    let warnings = mergeWarning([], { code: 'poll-failed', detail: 'first', atMs: 0, count: 1 });
    for (let i = 1; i <= WARNING_LIMIT; i += 1)
      warnings = mergeWarning(warnings, { code: 'stop-failed', detail: String(i), atMs: i, count: 1 });
    expect(warnings).toHaveLength(WARNING_LIMIT);
    expect(warnings[0]).toMatchObject({ detail: '1' });
    expect(warnings.at(-1)).toMatchObject({ detail: String(WARNING_LIMIT) });
  });

  test('the event-id window refuses a seen id and forgets the oldest once full', () => {
    expect(rememberEventId(['a'], 'a')).toBeUndefined();
    const full = Array.from({ length: EVENT_ID_WINDOW }, (_, i) => `e${i}`);
    const next = rememberEventId(full, 'new');
    expect(next).toHaveLength(EVENT_ID_WINDOW);
    expect(next?.[0]).toBe('e1');
    expect(next?.at(-1)).toBe('new');
    // A re-delivery older than the window counts as new again: the window bounds memory, not time.
    const life = recording();
    for (let i = 0; i <= EVENT_ID_WINDOW; i += 1) life.firstSighting(`e${i}`);
    expect(life.firstSighting('e0')).toBe(true);
    expect(life.firstSighting(`e${EVENT_ID_WINDOW}`)).toBe(false);
  });

  test('a poll records its time and what it saw; a failed poll only counts', () => {
    const life = recording();
    life.notePoll(T0 + 1, { state: 'recording', providerStatus: 'InProgress' });
    life.notePoll(T0 + 2);
    expect(life.data).toMatchObject({
      pollCount: 2,
      lastPollAtMs: T0 + 2,
      lastObservedState: 'recording',
      lastProviderStatus: 'InProgress',
    });
  });
});

describe('trro-cloud tasks this recording did not adopt (patch stop-unadopted-tasks)', () => {
  const DEVICE = { ProjectId: 'proj', DeviceId: 'dev-1', VideoStreamId: 0 };
  const rules: EventRules = { params: DEVICE, claimUnadopted: true, screenFiles: true };
  let n = 0;
  const trro = (kind: ProviderEvent['kind'], taskId: string, extra: Partial<ProviderEvent> = {}): ProviderEvent => ({
    eventId: `e${(n += 1)}`,
    product: 'trro-cloud',
    kind,
    taskId,
    occurredAtMs: T0,
    projectId: 'proj',
    deviceId: 'dev-1',
    videoStreamId: 0,
    ...extra,
  });
  const apply = (life: RecordingLifecycle, event: ProviderEvent) =>
    applyProviderEvent(life, event, T0, 'trro-cloud', rules);
  /** A trro-cloud recording whose first create was ambiguous `ambiguous` times. */
  function starting(ambiguous: number): RecordingLifecycle {
    const life = RecordingLifecycle.create({}, T0);
    life.noteStartCall({}, T0);
    for (let i = 0; i < ambiguous; i += 1) life.noteAmbiguousStart();
    return life;
  }
  const adopt = (life: RecordingLifecycle, taskId: string) =>
    life.adoptTask({ product: 'trro-cloud', taskId, identity: {} }, T0);

  test('the device decides: ProjectId and DeviceId, and the stream when the callback names it', () => {
    expect(matchesDevice(trro('info', 'x'), DEVICE)).toBe(true);
    expect(matchesDevice(trro('info', 'x', { videoStreamId: undefined }), DEVICE)).toBe(true);
    expect(matchesDevice(trro('info', 'x', { videoStreamId: 1 }), DEVICE)).toBe(false);
    expect(matchesDevice(trro('info', 'x', { deviceId: 'dev-2' }), DEVICE)).toBe(false);
    expect(matchesDevice(trro('info', 'x', { projectId: undefined, deviceId: undefined }), DEVICE)).toBe(false);
  });

  test('a duplicate started before our start answered is a candidate, then stopped once ours is adopted', () => {
    const life = starting(1);
    apply(life, trro('task-started', 'lost'));
    expect(life.data.candidateTaskIds).toEqual(['lost']);
    expect(life.data.extraTaskIds).toEqual([]); // never stopped while it may be the one to adopt
    adopt(life, 'answered');
    claimLeftoverCandidates(life, T0);
    expect(life.data.extraTaskIds).toEqual(['lost']);
    expect(life.data.taskIds).toEqual(['answered', 'lost']);
    expect(life.data.unaccountedStarts).toBe(0);
  });

  test('a candidate the start phase adopts is ours: nothing is stopped', () => {
    const life = starting(1);
    apply(life, trro('task-started', 'lost'));
    adopt(life, 'lost');
    life.accountForUnknownTask();
    claimLeftoverCandidates(life, T0);
    expect(life.data.extraTaskIds).toEqual([]);
    // Its own later events are its own; a further unknown task is not explained by any start of ours.
    apply(life, trro('files', 'lost', { files: [{ name: 'lost/dev_1.mp4' }] }));
    apply(life, trro('task-started', 'stranger'));
    expect(life.data.extraTaskIds).toEqual([]);
    expect(life.data.files.map((f) => f.name)).toEqual(['lost/dev_1.mp4']);
    expect(life.data.warnings.map((w) => w.code)).toEqual(['foreign-task-event']);
  });

  test.each(['files', 'info', 'task-started'] as const)(
    'a %s event of an unknown task beside ours is a duplicate to stop, when an ambiguous start explains it',
    (kind) => {
      const life = starting(1);
      adopt(life, 'answered');
      apply(life, trro(kind, 'dup', { files: [{ name: 'dup/dev_1.mp4' }] }));
      expect(life.data.extraTaskIds).toEqual(['dup']);
      expect(life.data.files).toEqual([]); // the duplicate's files are not this recording's result
      // Its later end (after our stop) is expected: no second claim, no warning.
      apply(life, trro('task-ended', 'dup', { endCause: 'stopped-by-api' }));
      expect(life.data.providerEnd).toBeUndefined();
      expect(life.data.warnings).toEqual([]);
    },
  );

  test('an unknown task that already ended is listed with a warning, never stopped nor adopted', () => {
    const life = starting(1);
    apply(life, trro('task-started', 'lost'));
    apply(life, trro('task-ended', 'lost', { detail: '302 LeaveCode=99' }));
    expect(life.data.candidateTaskIds).toEqual([]);
    expect(life.data.taskIds).toEqual(['lost']);
    expect(life.data.extraTaskIds).toEqual([]);
    expect(life.data.warnings).toMatchObject([
      { code: 'extra-task-ended', detail: expect.stringContaining('lost') as unknown },
    ]);
    expect(life.data.unaccountedStarts).toBe(0);
  });

  test('with no ambiguous start, another task of the device is someone else’s: warned, not stopped', () => {
    const life = starting(0);
    adopt(life, 'answered');
    apply(life, trro('task-started', 'other-recording'));
    apply(life, trro('task-ended', 'other-recording-2'));
    expect(life.data.extraTaskIds).toEqual([]);
    expect(life.data.taskIds).toEqual(['answered']);
    expect(life.data.warnings.map((w) => w.code)).toEqual(['foreign-task-event', 'foreign-task-event']);
  });

  test('two ambiguous starts explain two unknown tasks, and no more', () => {
    const life = starting(2);
    adopt(life, 'answered');
    for (const id of ['d1', 'd2', 'd3']) apply(life, trro('task-started', id));
    expect(life.data.extraTaskIds).toEqual(['d1', 'd2']);
  });

  test('another device stream, and the legacy rules, keep the old behaviour', () => {
    const life = starting(1);
    adopt(life, 'answered');
    apply(life, trro('files', 'other-stream', { videoStreamId: 1 }));
    expect(life.data.extraTaskIds).toEqual([]);
    const legacy = starting(1);
    adopt(legacy, 'answered');
    applyProviderEvent(legacy, trro('files', 'dup'), T0, 'trro-cloud');
    expect(legacy.data.extraTaskIds).toEqual([]); // before the patch only a task-started counted
  });

  test('the counter survives continue-as-new; a snapshot from older code explains nothing', () => {
    const life = starting(1);
    const next = RecordingLifecycle.restore(life.snapshot());
    expect(next.data.unaccountedStarts).toBe(1);
    const { unaccountedStarts: _gone, ...old } = life.snapshot();
    expect(RecordingLifecycle.restore(old).accountForUnknownTask()).toBe(false);
  });
});

describe('callback files outside the recording storage (patch screen-callback-files)', () => {
  const COS = { Vendor: 0, Region: 'ap-guangzhou', Bucket: 'rec-1250000000', AccessKey: 'a', SecretKey: 's' };

  test('css-live: a forged VOD URL is refused with a warning naming its host only; the genuine one is kept', () => {
    const life = RecordingLifecycle.create({}, T0);
    life.recordWithoutTask(T0);
    const rules: EventRules = { params: { StreamName: 's' }, claimUnadopted: false, screenFiles: true };
    const file = (eventId: string, name: string, url: string): ProviderEvent => ({
      eventId,
      product: 'css-live',
      kind: 'files',
      occurredAtMs: T0,
      streamName: 's',
      files: [{ name, url }],
    });
    applyProviderEvent(life, file('a', 'f1', 'http://1250000000.vod2.myqcloud.com/x/f1/f0.flv'), T0, 'css-live', rules);
    applyProviderEvent(life, file('b', 'f2', 'https://attacker.example/evil.flv?sig=secret'), T0, 'css-live', rules);
    expect(life.data.files.map((f) => f.name)).toEqual(['f1']);
    expect(life.data.warnings).toMatchObject([
      { code: 'file-refused', detail: expect.stringContaining('attacker.example') as unknown },
    ]);
    expect(JSON.stringify(life.data.warnings)).not.toContain('evil.flv');
    expect(JSON.stringify(life.data.warnings)).not.toContain('secret');
    // Legacy rules (histories before the patch) take the file as they did.
    const legacy = RecordingLifecycle.create({}, T0);
    legacy.recordWithoutTask(T0);
    applyProviderEvent(legacy, file('b', 'f2', 'https://attacker.example/evil.flv'), T0, 'css-live');
    expect(legacy.data.files.map((f) => f.name)).toEqual(['f2']);
  });

  test('trtc-cloud VOD: a 311 from another VOD app is refused; files named without a URL pass', () => {
    const life = recording();
    const rules: EventRules = {
      params: { StorageParams: { CloudVod: { TencentVod: { SubAppId: 1500001 } } } },
      claimUnadopted: false,
      screenFiles: true,
    };
    applyProviderEvent(
      life,
      ev({
        eventId: 'v',
        kind: 'files',
        taskId: 't1',
        files: [{ name: 'a.mp4', url: 'https://1500009.vod2.myqcloud.com/a.mp4' }],
      }),
      T0,
      'trtc-cloud',
      rules,
    );
    applyProviderEvent(
      life,
      ev({ eventId: 'w', kind: 'files', taskId: 't1', files: [{ name: 'b.m3u8' }] }),
      T0,
      'trtc-cloud',
      {
        ...rules,
        params: { StorageParams: { CloudStorage: COS } },
      },
    );
    expect(life.data.files.map((f) => f.name)).toEqual(['b.m3u8']);
    expect(life.data.warnings.map((w) => w.detail)).toEqual([expect.stringMatching(/^1500009\.vod2\.myqcloud\.com: /)]);
  });
});
