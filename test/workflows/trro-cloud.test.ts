/** trro-cloud specifics: callbacks are the only state source (no polling); duplicates revealed by callbacks are stopped. */
import type { TaskControlInput } from '../../domain/contract';
import { RecordingKeysKey } from '../../domain/search-attributes';
import { providerEventSignal, stopUpdate } from '../../workflows/messages';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, waitForStatus, type RecordingHandle } from './support/harness';
import { HOUR, MINUTE, event, paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['trro-cloud']);
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

async function recording() {
  const now = await h.now();
  const handle = await h.start(h.request('trro-cloud', paramsFor('trro-cloud', now), { collectTimeoutMs: 5 * MINUTE }));
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  return { handle, taskId: status.taskId! };
}

test('an idle end (302 LeaveCode 99) by callback ends as IdleEnded; nothing is ever polled', async () => {
  const { handle, taskId } = await recording();
  await h.env.sleep(HOUR);
  await handle.signal(
    providerEventSignal,
    event('trro-cloud', { kind: 'task-ended', taskId, endCause: 'idle-timeout', detail: '302 LeaveCode=99' }),
  );
  await handle.signal(
    providerEventSignal,
    event('trro-cloud', { kind: 'files', taskId, files: [{ name: 'dev-1.mp4' }] }),
  );
  await handle.signal(providerEventSignal, event('trro-cloud', { kind: 'upload-complete', taskId }));
  const result = await handle.result();
  expect(result).toMatchObject({
    state: 'IdleEnded',
    endReason: 'idle',
    files: [{ name: 'dev-1.mp4' }],
    filesComplete: true,
  });
  expect(h.provider.count('describeTask')).toBe(0);
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'trro-cloud-idle-callback');
});

/** What every TRRO callback of this device carries besides the TaskId (recorders/trtc-callbacks.ts). */
const DEVICE = { projectId: 'proj', deviceId: 'dev-1', videoStreamId: 0 } as const;

/** The first create acts but its answer is lost: the task exists at the provider, the workflow hears "ambiguous". */
function loseFirstCreateAnswer(provider: FakeProvider): { lost: () => string } {
  let lost = '';
  provider.script.startTask = (input, n) => {
    if (n > 1) return undefined;
    lost = provider.createTask(input, Date.now()).taskId;
    return { kind: 'ambiguous', identity: {}, reason: 'ProviderTimeout after send' };
  };
  return { lost: () => lost };
}

test('a duplicate from an ambiguous create, revealed by a file callback after ours was adopted, is stopped and listed', async () => {
  const first = loseFirstCreateAnswer(h.provider);
  const now = await h.now();
  const handle = await h.start(
    h.request('trro-cloud', paramsFor('trro-cloud', now), { collectTimeoutMs: 5 * MINUTE, lostTaskWaitMs: MINUTE }),
  );
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'start-uncertain'), 'start-uncertain');
  await h.env.sleep(2 * MINUTE); // no callback of the lost task within lostTaskWaitMs: it creates again (reference §8)
  const { taskId } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  expect(h.provider.count('startTask')).toBe(2);
  // Not a task-started: the lost task's first file (its 301 never came through).
  await handle.signal(
    providerEventSignal,
    event('trro-cloud', { kind: 'files', taskId: first.lost(), files: [{ name: 'x/dev-1_0_1.mp4' }], ...DEVICE }),
  );
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'extra-task-stopped'), 'extra task stopped');
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  const result = await handle.result();
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([
    first.lost(),
    taskId,
  ]);
  expect(h.provider.mustGet(first.lost()).state).toBe('ended');
  expect(result.taskIds).toEqual([taskId, first.lost()]);
  expect(result.taskId).toBe(taskId);
  expect(result.files).toEqual([]); // the duplicate's file is not this recording's output
  // (no file of our own task came in this test: files-incomplete is expected and beside the point)
  expect(result.warnings.map((w) => w.code)).toEqual(['start-uncertain', 'extra-task-stopped', 'files-incomplete']);
  await saveHistory(h, handle, 'trro-cloud-duplicate-stopped');
});

test('a duplicate whose task-started arrives while the second create is in flight stays a candidate, then is stopped', async () => {
  const first = loseFirstCreateAnswer(h.provider);
  const started: { handle?: RecordingHandle; signalled?: boolean } = {};
  const answered = h.provider.script.startTask;
  h.provider.script.startTask = async (input, n) => {
    const handle = started.handle;
    if (n === 2 && handle !== undefined) {
      // The lost task's 301 reaches the recording before our second start call has answered.
      await handle.signal(
        providerEventSignal,
        event('trro-cloud', { kind: 'task-started', taskId: first.lost(), ...DEVICE }),
      );
      await waitForStatus(handle, (s) => s.candidateTaskIds.includes(first.lost()), 'candidate');
      started.signalled = true;
    }
    return answered?.(input, n);
  };
  const now = await h.now();
  const handle = await h.start(
    h.request('trro-cloud', paramsFor('trro-cloud', now), { collectTimeoutMs: 5 * MINUTE, lostTaskWaitMs: MINUTE }),
  );
  started.handle = handle;
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'start-uncertain'), 'start-uncertain');
  await h.env.sleep(2 * MINUTE); // nothing within lostTaskWaitMs: the second create goes out
  const { taskId } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'extra-task-stopped'), 'extra task stopped');
  expect(started.signalled).toBe(true);
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  const result = await handle.result();
  expect(taskId).not.toBe(first.lost());
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([
    first.lost(),
    taskId,
  ]);
  expect(result).toMatchObject({ taskId, taskIds: [taskId, first.lost()] });
  expect(result.warnings.find((w) => w.code === 'extra-task-stopped')?.detail).toContain(first.lost());
  await saveHistory(h, handle, 'trro-cloud-duplicate-before-answer');
});

test('the lost task revealed by its task-started while the workflow waits is adopted, never stopped; no second create', async () => {
  const first = loseFirstCreateAnswer(h.provider);
  const now = await h.now();
  const handle = await h.start(
    h.request('trro-cloud', paramsFor('trro-cloud', now), {
      collectTimeoutMs: 5 * MINUTE,
      lostTaskWaitMs: 10 * MINUTE,
    }),
  );
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'start-uncertain'), 'start-uncertain');
  await handle.signal(
    providerEventSignal,
    event('trro-cloud', { kind: 'task-started', taskId: first.lost(), ...DEVICE }),
  );
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  expect(status.taskId).toBe(first.lost());
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  const result = await handle.result();
  expect(h.provider.count('startTask')).toBe(1);
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([first.lost()]);
  expect(result.warnings.map((w) => w.code)).toEqual(['start-uncertain', 'files-incomplete']);
  await saveHistory(h, handle, 'trro-cloud-lost-task-adopted');
});

test('a duplicate revealed only while the recording is stopping is stopped before the result is final', async () => {
  const first = loseFirstCreateAnswer(h.provider);
  const now = await h.now();
  const handle = await h.start(
    h.request('trro-cloud', paramsFor('trro-cloud', now), { collectTimeoutMs: 2 * MINUTE, lostTaskWaitMs: MINUTE }),
  );
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'start-uncertain'), 'start-uncertain');
  await h.env.sleep(2 * MINUTE);
  const { taskId } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(
    providerEventSignal,
    event('trro-cloud', { kind: 'info', taskId: first.lost(), detail: '306 Status=0', ...DEVICE }),
  );
  const result = await handle.result();
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([
    taskId,
    first.lost(),
  ]);
  expect(result.warnings.map((w) => w.code)).toContain('extra-task-stopped');
  expect(result.taskIds).toEqual([taskId, first.lost()]);
  await saveHistory(h, handle, 'trro-cloud-duplicate-while-stopping');
});

test('a task of the same device that no create of ours explains is warned about, not stopped', async () => {
  const { handle, taskId } = await recording();
  // The device is a routing key from the start: the gateway offers such a task to this recording.
  expect((await handle.describe()).typedSearchAttributes.get(RecordingKeysKey)).toEqual(
    expect.arrayContaining(['device:proj/dev-1', `task:${taskId}`]),
  );
  await handle.signal(
    providerEventSignal,
    event('trro-cloud', { kind: 'task-started', taskId: 'someone-else', ...DEVICE }),
  );
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'foreign-task-event'), 'foreign warning');
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  const result = await handle.result();
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([taskId]);
  expect(result.taskIds).toEqual([taskId]);
});

test('MP4 output (the default) has no upload-complete event: a quiet spell after the last file completes it', async () => {
  const { handle, taskId } = await recording();
  const stopped = handle.executeUpdate(stopUpdate, { args: [{}] });
  await stopped;
  const stoppedAt = await h.now();
  await handle.signal(
    providerEventSignal,
    event('trro-cloud', { kind: 'files', taskId, files: [{ name: 'dev-1_0.mp4' }] }),
  );
  await h.env.sleep(10_000);
  await handle.signal(
    providerEventSignal,
    event('trro-cloud', { kind: 'files', taskId, files: [{ name: 'dev-1_1.mp4' }] }),
  );
  const result = await handle.result();
  expect(result).toMatchObject({
    state: 'Completed',
    filesComplete: true,
    files: [{ name: 'dev-1_0.mp4' }, { name: 'dev-1_1.mp4' }],
  });
  expect(result.warnings.map((w) => w.code)).not.toContain('files-incomplete');
  // Ended by the quiet spell after the second file, far before the 5 min collect bound.
  expect(result.endedAtMs - stoppedAt).toBeLessThan(2 * MINUTE);
  await saveHistory(h, handle, 'trro-cloud-mp4-quiet-spell');
});
