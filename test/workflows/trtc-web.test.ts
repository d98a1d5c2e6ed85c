/** trtc-web specifics: RecordId attempts, TaskExist recovery, provider max duration (804), ends seen only by polling, page pause (803). */
import type { RecoverTaskInput, StartTaskInput } from '../../domain/contract';
import { activityTaskQueue } from '../../domain/catalog';
import { webRecordIdFor } from '../../domain/identity';
import { pauseUpdate, providerEventSignal, stopUpdate } from '../../workflows/messages';
import { RecordingKeysKey } from '../../domain/search-attributes';
import { FakeProvider } from './support/fake-provider';
import { Harness, expectUpdateRejected, saveHistory, waitForStatus } from './support/harness';
import { HOUR, MINUTE, event, paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['trtc-web']);
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

async function startWeb(extra: Parameters<Harness['request']>[2] = {}) {
  const now = await h.now();
  const request = h.request('trtc-web', paramsFor('trtc-web', now), { collectTimeoutMs: 5 * MINUTE, ...extra });
  return { request, handle: await h.start(request) };
}

test('a refused start (retry-next-attempt) is retried with the next attempt, i.e. a new RecordId', async () => {
  h.provider.script.startTask = (_input, n) =>
    n === 1 ? { kind: 'retry-next-attempt', code: 'InternalError', retryAfterMs: 500 } : undefined;
  const { request, handle } = await startWeb();
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  const starts = h.provider.callsOf('startTask');
  expect(starts.map((c) => (c.input as StartTaskInput).attempt)).toEqual([0, 1]);
  // One owner of the identity: each start carries the RecordId the workflow derived and published.
  expect(starts.map((c) => (c.input as StartTaskInput).identity)).toEqual([
    { webRecordId: webRecordIdFor(request.recordId, 0) },
    { webRecordId: webRecordIdFor(request.recordId, 1) },
  ]);
  expect(starts[1]!.atMs - starts[0]!.atMs).toBeGreaterThanOrEqual(500);
  expect(status.identity?.webRecordId).toBe(webRecordIdFor(request.recordId, 1));
  expect((await handle.describe()).typedSearchAttributes.get(RecordingKeysKey)).toContain(
    `web:${webRecordIdFor(request.recordId, 1)}`,
  );
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(
    providerEventSignal,
    event('trtc-web', { kind: 'upload-complete', taskId: status.taskId, detail: '312 Status=0' }),
  );
  expect((await handle.result()).attempts).toBe(2);
  await saveHistory(h, handle, 'trtc-web-next-attempt');
});

test('TaskExist is reconciled with DescribeWebRecord by RecordId (same attempt), not a second start', async () => {
  let existing = '';
  h.provider.script.startTask = (input) => {
    existing = h.provider.createTask(input, Date.now()).taskId;
    return { kind: 'exists', identity: {}, code: 'FailedOperation.TaskExist' };
  };
  h.provider.script.recoverTask = () => ({ kind: 'found', task: h.provider.mustGet(existing).ref });
  const { handle } = await startWeb();
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  expect(status.taskId).toBe(existing);
  const recover = h.provider.callsOf('recoverTask');
  expect(recover.map((c) => c.taskQueue)).toEqual([activityTaskQueue('trtc-web', 'describe', h.prefix)]);
  expect((recover[0]!.input as RecoverTaskInput).attempt).toBe(0);
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.result();
  expect(h.provider.count('startTask')).toBe(1);
});

test('TaskExist with no running task found moves to the next attempt', async () => {
  h.provider.script.startTask = (_input, n) =>
    n === 1 ? { kind: 'exists', identity: {}, code: 'FailedOperation.TaskExist' } : undefined;
  const { handle } = await startWeb({ lostTaskWaitMs: 30_000, schedule: { maxDurationMs: HOUR } });
  const result = await handle.result();
  expect(h.provider.callsOf('startTask').map((c) => (c.input as StartTaskInput).attempt)).toEqual([0, 1]);
  expect(h.provider.count('recoverTask')).toBe(1);
  expect(result.endReason).toBe('max-duration');
});

test('the provider max duration (804 Status 1) ends the recording as provider-max-duration, no stop call', async () => {
  const { handle } = await startWeb();
  const { taskId } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  await h.env.sleep(HOUR);
  await handle.signal(
    providerEventSignal,
    event('trtc-web', { kind: 'task-ended', taskId, endCause: 'max-duration', detail: '804 Status=1' }),
  );
  await handle.signal(
    providerEventSignal,
    event('trtc-web', { kind: 'files', taskId, files: [{ name: 'f1', fileId: '5285890' }] }),
  );
  await handle.signal(
    providerEventSignal,
    event('trtc-web', { kind: 'upload-complete', taskId, detail: '312 Status=0' }),
  );
  const result = await handle.result();
  expect(result).toMatchObject({
    state: 'Completed',
    endReason: 'provider-max-duration',
    files: [{ name: 'f1', fileId: '5285890' }],
    filesComplete: true,
  });
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'trtc-web-provider-max-duration');
});

test('a task that vanished is discovered by polling (TaskNotExist) and ends as ended-externally', async () => {
  const { handle } = await startWeb();
  const { taskId } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  await h.env.sleep(5 * MINUTE);
  h.provider.tasks.delete(taskId!);
  const result = await handle.result();
  expect(result).toMatchObject({ endReason: 'ended-externally', providerEnd: { cause: 'not-found', source: 'poll' } });
  expect(h.provider.count('stopTask')).toBe(0);
  expect(
    h.provider
      .callsOf('describeTask')
      .every((c) => c.taskQueue === activityTaskQueue('trtc-web', 'describe', h.prefix)),
  ).toBe(true);
});

test('page pause/resume callbacks (803) move the state; pause by update is rejected (no pause API)', async () => {
  const { handle } = await startWeb();
  const { taskId } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  await expectUpdateRejected(handle.executeUpdate(pauseUpdate), /trtc-web has no pause API/);
  await handle.signal(providerEventSignal, event('trtc-web', { kind: 'paused', taskId, detail: '803 Status=2' }));
  await waitForStatus(handle, (s) => s.state === 'Paused', 'Paused');
  await handle.signal(providerEventSignal, event('trtc-web', { kind: 'resumed', taskId, detail: '803 Status=3' }));
  await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording again');
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  expect((await handle.result()).endReason).toBe('stopped-by-request');
});
