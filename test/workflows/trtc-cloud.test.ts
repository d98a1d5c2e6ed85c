/** trtc-cloud recording lifecycle under time-skipping, against a fake provider (calls asserted). */
import { ApplicationFailure } from '@temporalio/common';
import type { TaskControlInput, ModifyTaskInput, StartTaskInput } from '../../domain/contract';
import { activityTaskQueue } from '../../domain/catalog';
import { botUserIdFor } from '../../domain/identity';
import {
  extendUpdate,
  modifyUpdate,
  pauseUpdate,
  providerEventSignal,
  statusQuery,
  stopSignal,
  stopUpdate,
} from '../../workflows/messages';
import { RecordingKeysKey } from '../../domain/search-attributes';
import { FakeProvider } from './support/fake-provider';
import { Harness, expectUpdateRejected, saveHistory, waitForStatus } from './support/harness';
import { DAY, HOUR, MINUTE, event, paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['trtc-cloud']);
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

type Extra = Parameters<Harness['request']>[2];

/** Hours-long scenarios poll at most every 30 min, keeping their committed histories small. */
const SPARSE_POLL = { quietMaxIntervalMs: 30 * MINUTE };

/** Starts a trtc-cloud recording and waits until it records; `extra` may depend on the server's now. */
async function recording(extra: Extra | ((now: number) => Extra) = {}, params: Record<string, unknown> = {}) {
  const now = await h.now();
  const handle = await h.start(
    h.request('trtc-cloud', paramsFor('trtc-cloud', now, params), typeof extra === 'function' ? extra(now) : extra),
  );
  const status = await waitForStatus(handle, (s) => s.state === 'Recording' || s.state === 'Scheduled', 'Recording');
  return { handle, now, status };
}

test('stop by update answers once the task is stopped; one start, one stop, each on its rate-limit queue', async () => {
  const { handle } = await recording();
  const status = await handle.executeUpdate(stopUpdate, { args: [{ requestedBy: 'test' }] });
  expect(['Stopping', 'Completed']).toContain(status.state);
  expect(status.stoppedAtMs).toBeDefined();
  await handle.signal(
    providerEventSignal,
    event('trtc-cloud', { kind: 'upload-complete', taskId: status.taskId, files: [{ name: '1400000001_3560.m3u8' }] }),
  );
  const result = await handle.result();
  expect(result).toMatchObject({
    state: 'Completed',
    endReason: 'stopped-by-request',
    taskId: status.taskId,
    filesComplete: true,
    files: [{ name: '1400000001_3560.m3u8' }],
  });
  expect(h.provider.count('startTask')).toBe(1);
  expect(h.provider.count('stopTask')).toBe(1);
  expect(h.provider.callsOf('startTask')[0]?.taskQueue).toBe(activityTaskQueue('trtc-cloud', 'start', h.prefix));
  expect(h.provider.callsOf('stopTask')[0]?.taskQueue).toBe(activityTaskQueue('trtc-cloud', 'stop', h.prefix));
  await saveHistory(h, handle, 'trtc-cloud-stop-update-files');
});

test('a scheduled start three days ahead waits durably, starts once, polls first ~15 s in and backs off', async () => {
  const now = await h.now();
  const startAtMs = now + 3 * DAY;
  const handle = await h.start(
    h.request('trtc-cloud', paramsFor('trtc-cloud', now), { schedule: { startAtMs, endAtMs: startAtMs + 2 * HOUR } }),
  );
  expect((await handle.query(statusQuery)).state).toBe('Scheduled');
  const result = await handle.result();
  expect(result.endReason).toBe('scheduled-end');
  const start = h.provider.callsOf('startTask');
  expect(start).toHaveLength(1);
  expect(start[0]?.atMs).toBeGreaterThanOrEqual(startAtMs);
  const polls = h.provider.callsOf('describeTask').map((c) => c.atMs);
  expect(polls[0]! - start[0]!.atMs).toBeGreaterThanOrEqual(15_000);
  // Plus the recording's first-poll phase in [0, 15 s) (patch fleet-aware-polling: no lockstep).
  expect(polls[0]! - start[0]!.atMs).toBeLessThan(35_000);
  const gaps = polls.slice(1).map((t, i) => t - polls[i]!);
  expect(gaps[1]!).toBeGreaterThan(gaps[0]! - 1_000); // backs off…
  expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * MINUTE + 5_000); // …to the quiet ceiling
  expect(h.provider.callsOf('stopTask')[0]!.atMs).toBeGreaterThanOrEqual(startAtMs + 2 * HOUR);
  await saveHistory(h, handle, 'trtc-cloud-scheduled-start-polls');
});

test('cancelling before the scheduled start ends with cancelled-before-start and no provider call', async () => {
  const now = await h.now();
  const handle = await h.start(
    h.request('trtc-cloud', paramsFor('trtc-cloud', now), { schedule: { startAtMs: now + 2 * DAY } }),
  );
  await waitForStatus(handle, (s) => s.state === 'Scheduled', 'Scheduled');
  await handle.cancel();
  const result = await handle.result();
  expect(result).toMatchObject({ state: 'Cancelled', endReason: 'cancelled-before-start' });
  expect(h.provider.calls).toHaveLength(0);
  await saveHistory(h, handle, 'trtc-cloud-cancel-before-start');
});

test('a stop update before the scheduled start cancels it without calling the provider', async () => {
  const now = await h.now();
  const handle = await h.start(
    h.request('trtc-cloud', paramsFor('trtc-cloud', now), { schedule: { startAtMs: now + DAY } }),
  );
  const status = await handle.executeUpdate(stopUpdate, { args: [{}] });
  expect(status).toMatchObject({ state: 'Cancelled', endReason: 'cancelled-before-start' });
  expect(h.provider.calls).toHaveLength(0);
});

test('the scheduled end stops the task, and an extend moves it', async () => {
  const { handle, now } = await recording((now) => ({ schedule: { endAtMs: now + 10 * DAY }, poll: SPARSE_POLL }));
  await handle.executeUpdate(extendUpdate, { args: [{ endAtMs: now + 3 * HOUR }] });
  const result = await handle.result();
  expect(result.endReason).toBe('scheduled-end');
  const stop = h.provider.callsOf('stopTask');
  expect(stop).toHaveLength(1);
  expect(stop[0]!.atMs).toBeGreaterThanOrEqual(now + 3 * HOUR);
  expect(stop[0]!.atMs).toBeLessThan(now + 3 * HOUR + MINUTE);
  await saveHistory(h, handle, 'trtc-cloud-scheduled-end');
});

test('the maximum duration stops the task', async () => {
  const { handle } = await recording({ schedule: { maxDurationMs: 90 * MINUTE } });
  const result = await handle.result();
  expect(result.endReason).toBe('max-duration');
  const stopAt = h.provider.callsOf('stopTask')[0]!.atMs;
  expect(stopAt - result.startedAtMs!).toBeGreaterThanOrEqual(90 * MINUTE);
  expect(stopAt - result.startedAtMs!).toBeLessThan(91 * MINUTE);
  await saveHistory(h, handle, 'trtc-cloud-max-duration');
});

test('an idle end reported by callback ends the recording without a stop call', async () => {
  const { handle, status } = await recording();
  await h.env.sleep(20 * MINUTE);
  const botUserId = status.identity?.botUserId;
  await handle.signal(
    providerEventSignal,
    event('trtc-cloud', {
      kind: 'task-ended',
      taskId: status.taskId,
      botUserId,
      endCause: 'idle-timeout',
      detail: '302 LeaveCode=99',
    }),
  );
  await handle.signal(
    providerEventSignal,
    event('trtc-cloud', { kind: 'upload-complete', taskId: status.taskId, detail: '305 Status=0' }),
  );
  const result = await handle.result();
  expect(result).toMatchObject({
    state: 'IdleEnded',
    endReason: 'idle',
    filesComplete: true,
    providerEnd: { cause: 'idle-timeout', source: 'callback' },
  });
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'trtc-cloud-idle-callback');
});

test('an idle end discovered only by polling (Idle, then gone) ends as idle without a stop call', async () => {
  const { handle, status } = await recording({ collectTimeoutMs: 5 * MINUTE });
  const taskId = status.taskId!;
  h.provider.mustGet(taskId).state = 'idle';
  await h.env.sleep(3 * MINUTE);
  h.provider.tasks.delete(taskId); // exited: Describe now refuses (mapped to ended / not-found)
  const result = await handle.result();
  expect(result).toMatchObject({
    state: 'IdleEnded',
    endReason: 'idle',
    providerEnd: { cause: 'idle-timeout', source: 'poll' },
    filesComplete: false,
  });
  expect(result.warnings.map((w) => w.code)).toContain('files-incomplete');
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'trtc-cloud-idle-poll');
});

test('ResourceExpiredHour, policy stop-before-expiry: stops a margin before control is lost', async () => {
  const { handle } = await recording({ poll: SPARSE_POLL }, { ResourceExpiredHour: 6 });
  const result = await handle.result();
  expect(result).toMatchObject({ state: 'Expired', endReason: 'expired' });
  const start = h.provider.callsOf('startTask')[0]!.atMs;
  const stop = h.provider.callsOf('stopTask')[0]!.atMs;
  expect(stop - start).toBeGreaterThanOrEqual(5.5 * HOUR - MINUTE);
  expect(stop - start).toBeLessThan(6 * HOUR);
  await saveHistory(h, handle, 'trtc-cloud-expiry-stop');
});

test('ResourceExpiredHour, policy detach: ends on purpose with the reason and no stop call', async () => {
  const { handle } = await recording(
    (now) => ({ expiryPolicy: 'detach', schedule: { endAtMs: now + 30 * DAY }, poll: SPARSE_POLL }),
    { ResourceExpiredHour: 6 },
  );
  const result = await handle.result();
  expect(result).toMatchObject({ state: 'Detached', endReason: 'detached' });
  expect(result.detachedReason).toMatch(/ResourceExpiredHour/);
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'trtc-cloud-expiry-detach');
});

test('modify always sends the complete desired layout and subscriptions; pause is rejected for trtc-cloud', async () => {
  const { handle, status } = await recording();
  const layout = { MixLayoutMode: 4, MixLayoutList: [{ UserId: 'alice', Top: 0, Left: 0, Width: 640, Height: 360 }] };
  const first = await handle.executeUpdate(modifyUpdate, { args: [{ MixLayoutParams: layout }] });
  const subscribe = { SubscribeAudioUserIds: ['alice', 'bob'], SubscribeVideoUserIds: ['bob'] };
  const second = await handle.executeUpdate(modifyUpdate, { args: [{ SubscribeStreamUserIds: subscribe }] });
  const sent = h.provider.callsOf('modifyTask').map((c) => (c.input as ModifyTaskInput).changes);
  expect(sent).toEqual([
    { MixLayoutParams: layout, SubscribeStreamUserIds: { SubscribeAudioUserIds: ['alice'] } },
    { MixLayoutParams: layout, SubscribeStreamUserIds: subscribe },
  ]);
  expect(second).toEqual(sent[1]);
  expect(first).toEqual(sent[0]);
  await expectUpdateRejected(handle.executeUpdate(pauseUpdate), /only tiw-online/);
  await expectUpdateRejected(handle.executeUpdate(modifyUpdate, { args: [{ Foo: 1 } as never] }), /unknown: Foo/);
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(providerEventSignal, event('trtc-cloud', { kind: 'upload-complete', taskId: status.taskId }));
  expect((await handle.result()).endReason).toBe('stopped-by-request');
  await saveHistory(h, handle, 'trtc-cloud-modify');
});

test('cancelling the workflow while recording still stops the billing task', async () => {
  const { handle, status } = await recording();
  await handle.cancel();
  const result = await handle.result();
  expect(result).toMatchObject({ state: 'Cancelled', endReason: 'cancelled' });
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([status.taskId]);
  await saveHistory(h, handle, 'trtc-cloud-cancel-recording');
});

test('a stop signal sent while no worker runs is carried out when a worker starts', async () => {
  const queue = `offline-${Date.now()}`;
  const now = await h.now();
  const request = h.request('trtc-cloud', paramsFor('trtc-cloud', now));
  const handle = await h.start(request, queue);
  const first = await h.workflowWorker(queue, false);
  await first.runUntil(waitForStatus(handle, (s) => s.state === 'Recording', 'Recording'));
  // No workflow worker on `queue` now: the signal is stored in history and waits.
  await handle.signal(stopSignal, { requestedBy: 'ops' });
  expect(h.provider.count('stopTask')).toBe(0);
  const second = await h.workflowWorker(queue);
  const result = await second.runUntil(handle.result());
  expect(result.endReason).toBe('stopped-by-request');
  expect(h.provider.count('stopTask')).toBe(1);
  expect(h.provider.count('startTask')).toBe(1);
  await saveHistory(h, handle, 'trtc-cloud-stop-signal-no-worker');
});

test('identity routing keys are published before startTask, and a callback racing the response is fine', async () => {
  const now = await h.now();
  const request = h.request('trtc-cloud', paramsFor('trtc-cloud', now));
  let keysAtStart: string[] | undefined;
  let identitySent: StartTaskInput['identity'];
  h.provider.script.startTask = async (input: StartTaskInput) => {
    const described = await h.env.client.workflow.getHandle(`recording:${input.recordId}`).describe();
    keysAtStart = described.typedSearchAttributes.get(RecordingKeysKey);
    identitySent = input.identity;
    return undefined;
  };
  const handle = await h.start(request);
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  expect(keysAtStart).toContain(`bot:${botUserIdFor(request.recordId)}`);
  // The activity is handed the bot UserId the routing keys name; it never derives its own.
  expect(identitySent).toEqual({ botUserId: botUserIdFor(request.recordId) });
  const described = await handle.describe();
  expect(described.typedSearchAttributes.get(RecordingKeysKey)).toEqual(
    expect.arrayContaining([`task:${status.taskId}`, `bot:${botUserIdFor(request.recordId)}`]),
  );
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(providerEventSignal, event('trtc-cloud', { kind: 'upload-complete', taskId: status.taskId }));
  expect((await handle.result()).endReason).toBe('stopped-by-request');
  expect(h.provider.count('stopTask')).toBe(1);
});

test('a lost TaskId (ambiguous start) is recovered from the task-started callback for our bot; no second start', async () => {
  const now = await h.now();
  const request = h.request('trtc-cloud', paramsFor('trtc-cloud', now));
  let created = '';
  h.provider.script.startTask = (input) => {
    created = h.provider.createTask(input, Date.now()).taskId; // the provider acted…
    return { kind: 'ambiguous', identity: {}, reason: 'ProviderResponseInvalid: unreadable' }; // …the answer was lost
  };
  const handle = await h.start(request);
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'start-uncertain'), 'start-uncertain');
  await handle.signal(
    providerEventSignal,
    event('trtc-cloud', { kind: 'task-started', taskId: 'someone-else', botUserId: 'other-bot' }),
  );
  await handle.signal(
    providerEventSignal,
    event('trtc-cloud', { kind: 'task-started', taskId: created, botUserId: botUserIdFor(request.recordId) }),
  );
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  expect(status.taskId).toBe(created);
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(providerEventSignal, event('trtc-cloud', { kind: 'upload-complete', taskId: created }));
  await handle.result();
  expect(h.provider.count('startTask')).toBe(1);
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([created]);
  await saveHistory(h, handle, 'trtc-cloud-lost-taskid-callback');
});

test('a lost TaskId with no callback is retried with the same bot UserId (the provider replaces, not duplicates)', async () => {
  const now = await h.now();
  h.provider.script.startTask = (input, n) => {
    if (n > 1) return undefined;
    h.provider.createTask(input, Date.now());
    return { kind: 'ambiguous', identity: {}, reason: 'ProviderResponseInvalid' };
  };
  const handle = await h.start(
    h.request('trtc-cloud', paramsFor('trtc-cloud', now), {
      schedule: { maxDurationMs: HOUR },
      collectTimeoutMs: MINUTE,
    }),
  );
  const result = await handle.result();
  const starts = h.provider.callsOf('startTask').map((c) => c.input as StartTaskInput);
  expect(starts).toHaveLength(2);
  expect(starts[1]!.attempt).toBe(starts[0]!.attempt);
  expect(result.endReason).toBe('max-duration');
});

test('a start the provider refuses (non-retryable) fails the recording with the provider code', async () => {
  h.provider.script.startTask = () => {
    throw ApplicationFailure.create({
      type: 'InvalidParameter.OutOfRange',
      message: 'RecordMode out of range',
      nonRetryable: true,
    });
  };
  const now = await h.now();
  const handle = await h.start(h.request('trtc-cloud', paramsFor('trtc-cloud', now)));
  const result = await handle.result();
  expect(result).toMatchObject({
    state: 'Failed',
    endReason: 'failed',
    failure: { type: 'InvalidParameter.OutOfRange' },
  });
  expect(h.provider.count('startTask')).toBe(1);
  expect(h.provider.count('stopTask')).toBe(0);
});
