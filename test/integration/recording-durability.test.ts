/**
 * Invariants 2 and 3 on the real stack: (d) the worker process is SIGKILLed mid-recording and a
 * new one finishes the lifecycle from history (the durable maximum-duration timer fires on the
 * new worker), leaving no task running; (e) a stop sent while no worker runs is accepted at once
 * and carried out when a worker starts.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ worker: false });
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

const uniqueId = (label: string): string => `it-dur-${label}-${Date.now().toString(36)}`;

test('a worker SIGKILLed mid-recording: a new worker finishes the lifecycle, one task, no orphan', async () => {
  const seq = 31;
  const scenario = SCENARIOS['trtc-cloud'];
  const identity = scenario.identity(seq);
  const recordId = uniqueId('kill');
  const { recordings } = t.stack.client;
  scenario.setUp(t.emulator.control, seq);
  const first = await t.spawnWorker();
  await recordings.startRecording(
    scenario.spec(recordId, seq, Date.now(), { maxDurationMs: 15_000, collectTimeoutMs: 20_000 }),
  );
  await waitForState(recordings, recordId, 'Recording');
  await delay(2_000);
  await first.kill();

  // The provider task bills on while no worker runs: exactly the orphan the restart must not leave.
  await delay(1_000);
  expect(t.emulator.control.tasks({ product: 'trtc-cloud', identity, running: true })).toHaveLength(1);
  const second = await t.spawnWorker();
  try {
    const result = await recordings.result(recordId);
    expect(result).toMatchObject({ state: 'Completed', endReason: 'max-duration', attempts: 1 });
    const tasks = t.emulator.control.tasks({ product: 'trtc-cloud', identity });
    expect(tasks.map((task) => [task.taskId, task.running])).toEqual([[result?.taskId, false]]);
    expect(t.callsOf('CreateCloudRecording', identity)).toHaveLength(1);
    expect(t.callsOf('DeleteCloudRecording', identity).map((c) => c.outcome)).toEqual(['ok']);
    expect(result?.files.length).toBeGreaterThan(0);
  } finally {
    await second.stop();
  }
  expect(t.emulator.control.runningTasks()).toEqual([]);
}, 90_000);

test('a stop signalled while no worker runs is carried out once a worker starts', async () => {
  const seq = 32;
  const scenario = SCENARIOS['tiw-online'];
  const identity = scenario.identity(seq);
  const recordId = uniqueId('stop-offline');
  const { recordings } = t.stack.client;
  scenario.setUp(t.emulator.control, seq);
  await t.stack.startWorker();
  await recordings.startRecording(scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 20_000 }));
  await waitForState(recordings, recordId, 'Recording');
  await t.stack.stopWorker();

  await expect(recordings.stop(recordId, { requestedBy: 'it' })).resolves.toBeUndefined();
  await delay(2_000);
  expect(t.emulator.control.tasks({ product: 'tiw-online', identity, running: true })).toHaveLength(1);
  expect(t.callsOf('StopOnlineRecord', identity)).toEqual([]);

  await t.stack.startWorker();
  try {
    const result = await recordings.result(recordId);
    expect(result).toMatchObject({ state: 'Completed', endReason: 'stopped-by-request', filesComplete: true });
    expect(t.callsOf('StopOnlineRecord', identity).map((c) => c.outcome)).toEqual(['ok']);
    expect(
      t.emulator.control.tasks({ product: 'tiw-online', identity }).map((task) => [task.taskId, task.running]),
    ).toEqual([[result?.taskId, false]]);
    expect((await recordings.status(recordId)).stopRequest).toMatchObject({ by: 'it', reason: 'stopped-by-request' });
  } finally {
    await t.stack.stopWorker();
  }
}, 90_000);
