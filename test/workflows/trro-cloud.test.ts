/** trro-cloud specifics: callbacks are the only state source (no polling); duplicates revealed by callbacks are stopped. */
import type { TaskControlInput } from '../../domain/contract';
import { providerEventSignal, stopUpdate } from '../../workflows/messages';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, waitForStatus } from './support/harness';
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

test('a duplicate task revealed by a task-started callback is stopped, and the warning says so', async () => {
  const { handle, taskId } = await recording();
  await handle.signal(providerEventSignal, event('trro-cloud', { kind: 'task-started', taskId: 'trro-dup-7' }));
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'extra-task-stopped'), 'extra task stopped');
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  const result = await handle.result();
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([
    'trro-dup-7',
    taskId,
  ]);
  expect(result.taskIds).toEqual([taskId, 'trro-dup-7']);
  expect(result.taskId).toBe(taskId);
  await saveHistory(h, handle, 'trro-cloud-duplicate-stopped');
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
