/**
 * Invariant 1 where the provider has no idempotency key (css-live, trro-cloud), on separately
 * run processes: the worker is SIGKILLed while its create is in flight, after the provider
 * received it and before the answer came back. The create is never sent again by a retry
 * policy: the workflow treats the lost attempt as ambiguous and applies the product's recovery
 * rule (trro-cloud: the task-started callback, routed by its device, names the TaskId; css-live: no way to learn it,
 * so the recording is Detached with the time until which the task may run, and the provider
 * ends it by itself at EndTime).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CATALOG, type Product } from '../../domain/catalog';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS, cssWindow } from '../../scripts/scenarios';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ worker: false });
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

/** Starts a recording whose create the emulator holds for a while, and SIGKILLs the worker while it waits. */
async function killDuringCreate(product: Product, seq: number, window?: number) {
  const scenario = SCENARIOS[product];
  const identity = scenario.identity(seq);
  const recordId = `it-create-once-${product}-${Date.now().toString(36)}`;
  const { service, actions } = CATALOG[product];
  const createAction = actions.start ?? '';
  scenario.setUp(t.emulator.control, seq);
  t.emulator.control.addFault({ service, action: createAction, latencyMs: 3_000, times: 1 });
  const first = await t.spawnWorker();
  // The window starts once the worker is up: spawning it can take seconds on a loaded machine.
  const windowStartMs = Date.now();
  const base = scenario.spec(recordId, seq, windowStartMs, { collectTimeoutMs: 5_000, lostTaskWaitMs: 20_000 });
  const spec =
    window === undefined ? base : { ...base, params: { ...base.params, ...cssWindow(windowStartMs, window) } };
  await t.stack.client.recordings.startRecording(spec);
  const deadline = Date.now() + 30_000;
  // Held by the fault: the call is in the journal, not yet handled (its identity is known only then).
  const inFlight = () => t.emulator.control.calls({ action: createAction }).filter((c) => c.outcome === 'pending');
  while (inFlight().length === 0 && Date.now() < deadline) await delay(20);
  expect(inFlight()).toHaveLength(1);
  await first.kill(); // the provider still acts on the create it received: the task exists, its answer is lost
  await delay(3_500);
  expect(t.callsOf(createAction, identity).map((c) => c.outcome)).toEqual(['ok']);
  expect(t.emulator.control.tasks({ product, identity, running: true })).toHaveLength(1);
  return { recordId, identity, createAction, windowEndsMs: windowStartMs + (window ?? 0) };
}

test('trro-cloud: a create lost with its worker is not re-sent by the retry policy; the callback routed by device names the task', async () => {
  const { recordId, identity, createAction } = await killDuringCreate('trro-cloud', 81);
  const second = await t.spawnWorker();
  try {
    const { recordings } = t.stack.client;
    // The lost attempt times out (startToClose) and reaches the workflow as ambiguous: still one create.
    const deadline = Date.now() + 90_000;
    let status = await recordings.status(recordId);
    while (!status.warnings.some((w) => w.code === 'start-uncertain') && Date.now() < deadline) {
      await delay(200);
      status = await recordings.status(recordId);
    }
    expect(status.warnings.map((w) => w.code)).toContain('start-uncertain');
    expect(t.callsOf(createAction, identity)).toHaveLength(1);

    await waitForState(recordings, recordId, 'Recording', 90_000);
    status = await recordings.status(recordId);
    // The lost task's 301 names its device, so the gateway routed it here (device:<ProjectId>/<DeviceId>)
    // while the worker was gone: the workflow adopts that task and never creates a second one.
    const created = t.emulator.control.tasks({ product: 'trro-cloud', identity });
    expect(created).toHaveLength(1);
    expect(status.taskId).toBe(created[0]?.taskId);
    await recordings.stop(recordId, { wait: true });
    expect(await recordings.result(recordId, { wait: true })).toMatchObject({
      state: 'Completed',
      endReason: 'stopped-by-request',
      taskId: status.taskId,
      taskIds: [status.taskId],
    });
    expect(t.callsOf(createAction, identity)).toHaveLength(1);
    expect(t.emulator.control.tasks({ product: 'trro-cloud', identity, running: true })).toEqual([]);
  } finally {
    await second.stop();
  }
}, 240_000);

test('css-live: a create lost with its worker is not re-sent; the recording is Detached until EndTime, which ends the task', async () => {
  const { recordId, identity, createAction, windowEndsMs } = await killDuringCreate('css-live', 82, 75_000);
  const second = await t.spawnWorker();
  try {
    const { recordings } = t.stack.client;
    await waitForState(recordings, recordId, 'Recording', 90_000);
    const status = await recordings.status(recordId);
    expect(status.taskId).toBeUndefined();
    expect(status.warnings.map((w) => w.code)).toContain('start-uncertain');
    await recordings.stop(recordId, { wait: true });
    const result = await recordings.result(recordId, { wait: true });
    expect(result).toMatchObject({ state: 'Detached', endReason: 'detached' });
    expect(result?.detachedReason).toMatch(/ambiguous .* ends it by itself at \d{4}-\d\d-\d\dT/);
    expect(t.callsOf(createAction, identity)).toHaveLength(1);
    // The unknown task runs until its EndTime, then the provider ends it. The margin is for a loaded
    // machine only: the emulator's timer fires at EndTime (sent to the second, so up to 1 s early).
    const endsBy = windowEndsMs + 60_000;
    while (t.emulator.control.tasks({ product: 'css-live', identity, running: true }).length > 0 && Date.now() < endsBy)
      await delay(500);
    expect(t.emulator.control.tasks({ product: 'css-live', identity, running: true })).toEqual([]);
  } finally {
    await second.stop();
  }
}, 240_000);
