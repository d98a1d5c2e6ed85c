/** tiw-online specifics: pause/resume, forced stop, idle (AUTO) by callback and by poll, describe until FINISHED, ResourceInUse recovery. */
import type { RecoverTaskInput, TaskControlInput } from '../../domain/contract';
import { activityTaskQueue } from '../../domain/catalog';
import { recordUserIdFor } from '../../domain/identity';
import {
  modifyUpdate,
  pauseUpdate,
  pollHintSignal,
  providerEventSignal,
  resumeUpdate,
  stopUpdate,
} from '../../workflows/messages';
import { RecordingKeysKey } from '../../domain/search-attributes';
import { FakeProvider } from './support/fake-provider';
import { Harness, expectUpdateRejected, saveHistory, waitForStatus } from './support/harness';
import { MINUTE, event, paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['tiw-online']);
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

async function recording(extra: Parameters<Harness['request']>[2] = {}) {
  const now = await h.now();
  const request = h.request('tiw-online', paramsFor('tiw-online', now), { collectTimeoutMs: 10 * MINUTE, ...extra });
  const handle = await h.start(request);
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  return { handle, status, request, taskId: status.taskId! };
}

test('pause and resume go through the provider and the state follows; invalid moves are rejected', async () => {
  const { handle, taskId, request } = await recording();
  await expectUpdateRejected(handle.executeUpdate(resumeUpdate), /not allowed in state Recording/);
  const paused = await handle.executeUpdate(pauseUpdate);
  expect(paused.state).toBe('Paused');
  await expectUpdateRejected(handle.executeUpdate(pauseUpdate), /not allowed in state Paused/);
  await expectUpdateRejected(
    handle.executeUpdate(modifyUpdate, { args: [{ MixLayoutParams: {} }] }),
    /only trtc-cloud/,
  );
  const resumed = await handle.executeUpdate(resumeUpdate);
  expect(resumed.state).toBe('Recording');
  expect(h.provider.callsOf('pauseTask').map((c) => c.taskQueue)).toEqual([
    activityTaskQueue('tiw-online', 'pause', h.prefix),
  ]);
  expect(h.provider.callsOf('resumeTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([taskId]);
  const described = await handle.describe();
  expect(described.typedSearchAttributes.get(RecordingKeysKey)).toContain(
    `ruser:${recordUserIdFor(request.recordId, 3560)}`,
  );
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  h.provider.endTask(taskId, 'stopped-by-api');
  expect((await handle.result()).endReason).toBe('stopped-by-request');
  await saveHistory(h, handle, 'tiw-online-pause-resume');
});

test('a forced stop after 90 min paused is noticed by polling and reported as forced-stop', async () => {
  const { handle, taskId } = await recording();
  await handle.executeUpdate(pauseUpdate);
  await h.env.sleep(91 * MINUTE);
  h.provider.endTask(taskId, 'forced-stop'); // DescribeOnlineRecord: FINISHED, FinishReason FORCE_STOP
  const result = await handle.result();
  expect(result).toMatchObject({
    state: 'Completed',
    endReason: 'forced-stop',
    providerEnd: { cause: 'forced-stop', source: 'poll' },
  });
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'tiw-online-forced-stop');
});

test('a forced stop reported by the Finished callback ends the recording with its videos', async () => {
  const { handle, status, taskId } = await recording();
  await handle.executeUpdate(pauseUpdate);
  const recordUserId = status.identity?.recordUserId;
  h.provider.endTask(taskId, 'forced-stop', 'stopping'); // what DescribeOnlineRecord confirms: STOPPED
  await handle.signal(
    providerEventSignal,
    event('tiw-online', { kind: 'task-ended', taskId, recordUserId, detail: 'OnlineRecordStopped' }),
  );
  await handle.signal(
    providerEventSignal,
    event('tiw-online', {
      kind: 'upload-complete',
      taskId,
      recordUserId,
      endCause: 'forced-stop',
      files: [{ name: 'video-1', url: 'https://vod.test/1.mp4' }],
    }),
  );
  const result = await handle.result();
  expect(result).toMatchObject({
    endReason: 'forced-stop',
    filesComplete: true,
    files: [{ name: 'video-1' }],
    providerEnd: { cause: 'forced-stop', source: 'callback' },
  });
  expect(h.provider.count('stopTask')).toBe(0);
});

test('an idle end (AUTO) reported by callback ends as IdleEnded', async () => {
  const { handle, taskId } = await recording();
  h.provider.endTask(taskId, 'idle-timeout'); // what DescribeOnlineRecord confirms: FINISHED, AUTO
  await handle.signal(
    providerEventSignal,
    event('tiw-online', {
      kind: 'upload-complete',
      taskId,
      endCause: 'idle-timeout',
      detail: 'OnlineRecordFinished FinishReason=AUTO',
    }),
  );
  expect(await handle.result()).toMatchObject({
    state: 'IdleEnded',
    endReason: 'idle',
    providerEnd: { source: 'callback' },
  });
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'tiw-online-idle-callback');
});

test('an end callback the provider does not confirm (forged: TIW signs no body) is refuted; the recording goes on', async () => {
  const { handle, status, taskId } = await recording();
  const describesBefore = h.provider.count('describeTask');
  await handle.signal(
    providerEventSignal,
    event('tiw-online', {
      kind: 'task-ended',
      taskId,
      recordUserId: status.identity?.recordUserId,
      endCause: 'stopped-by-api',
      detail: 'OnlineRecordStopped',
    }),
  );
  const after = await waitForStatus(
    handle,
    (s) => s.warnings.some((w) => w.code === 'end-not-confirmed'),
    'the end refuted',
  );
  expect(after.state).toBe('Recording');
  expect(after.providerEnd).toBeUndefined();
  expect(h.provider.count('describeTask')).toBeGreaterThan(describesBefore);
  expect(h.provider.count('stopTask')).toBe(0);
  // The recording is still ours to stop, and stopping it reaches the provider.
  h.provider.script.stopTask = () => {
    h.provider.endTask(taskId, 'stopped-by-api');
    return { kind: 'stopped', requestId: 'r' };
  };
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  expect(await handle.result()).toMatchObject({ state: 'Completed', endReason: 'stopped-by-request' });
  expect(h.provider.count('stopTask')).toBe(1);
  await saveHistory(h, handle, 'tiw-online-end-callback-refuted');
});

test('an idle end (AUTO) discovered only by polling ends as IdleEnded', async () => {
  const { handle, taskId } = await recording();
  await h.env.sleep(10 * MINUTE);
  h.provider.endTask(taskId, 'idle-timeout');
  expect(await handle.result()).toMatchObject({
    state: 'IdleEnded',
    endReason: 'idle',
    providerEnd: { cause: 'idle-timeout', source: 'poll' },
  });
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'tiw-online-idle-poll');
});

test('after a stop, describe is polled until FINISHED and its videos are the result', async () => {
  const { handle, taskId } = await recording();
  h.provider.script.stopTask = () => {
    h.provider.mustGet(taskId).state = 'stopping'; // STOPPED: processing and upload
    return { kind: 'stopped', requestId: 'r' };
  };
  let describes = 0;
  h.provider.script.describeTask = () => {
    describes += 1;
    const task = h.provider.mustGet(taskId);
    if (task.state === 'stopping' && describes >= 3)
      return {
        state: 'ended',
        endCause: 'stopped-by-api',
        files: [{ name: 'v1', url: 'https://vod.test/v1.mp4', durationMs: 1000 }],
      };
    return undefined;
  };
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  const result = await handle.result();
  expect(result).toMatchObject({
    endReason: 'stopped-by-request',
    filesComplete: true,
    files: [{ name: 'v1', durationMs: 1000 }],
  });
  expect(h.provider.count('stopTask')).toBe(1);
});

test('ResourceInUse.RecordUserId (exists) is reconciled through the lookup, never a second start', async () => {
  const now = await h.now();
  let existing = '';
  h.provider.script.startTask = (input) => {
    existing = h.provider.createTask(input, now).taskId;
    return { kind: 'exists', identity: {}, code: 'ResourceInUse.RecordUserId' };
  };
  h.provider.script.recoverTask = () => ({ kind: 'found', task: h.provider.mustGet(existing).ref });
  const handle = await h.start(h.request('tiw-online', paramsFor('tiw-online', now), { collectTimeoutMs: MINUTE }));
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  expect(status.taskId).toBe(existing);
  const recover = h.provider.callsOf('recoverTask');
  expect(recover.map((c) => c.taskQueue)).toEqual([activityTaskQueue('tiw-online', 'findRunning', h.prefix)]);
  expect((recover[0]!.input as RecoverTaskInput).attempt).toBe(0);
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.result();
  expect(h.provider.count('startTask')).toBe(1);
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([existing]);
  await saveHistory(h, handle, 'tiw-online-exists-recover');
});

test('a poll hint (a callback the gateway could not authenticate) brings the next describe forward', async () => {
  const { handle, taskId } = await recording({ poll: { firstDelayMs: 30 * MINUTE } });
  h.provider.endTask(taskId, 'idle-timeout');
  const hintedAt = await h.now();
  // No data comes with it: the workflow only asks the provider, which says the task ended.
  await handle.signal(pollHintSignal);
  const result = await handle.result();
  expect(result).toMatchObject({ endReason: 'idle', providerEnd: { source: 'poll' } });
  // Well before the first scheduled poll (30 min after the start).
  expect((result.providerEnd?.atMs ?? Infinity) - hintedAt).toBeLessThan(MINUTE);
  expect(h.provider.count('describeTask')).toBeGreaterThanOrEqual(1);
  await saveHistory(h, handle, 'tiw-online-poll-hint');
});
