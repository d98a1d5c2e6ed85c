/**
 * Invariant 1 against an operator: a recording workflow terminated from the Temporal CLI (a
 * separate process) leaves its task billing; one run of the orphan sweep's Schedule stops it,
 * and status, result and stop say what happened. A stop asked of a terminated recording
 * before any sweep reaps it at once and answers `stopped` only once the task is stopped.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { PRODUCTS, type Product } from '../../domain/catalog';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { resolveTemporalCli } from '../../worker/dev-server';
import { ORPHAN_SWEEP_SCHEDULE_ID } from '../../worker/orphan-sweep-schedule';
import { recordingWorkflowId, WORKFLOW_TYPES } from '../../workflows/messages';
import type { RecordingStatus } from '../../workflows/types';
import { startTestStack, type TestStack } from '../support/stack';

const run = promisify(execFile);
const cli = resolveTemporalCli(undefined, resolve(__dirname, '..', '..'));

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${ms} ms: ${JSON.stringify(value)}`);
    await delay(250);
  }
}

/** Starts a recording, waits until it records, and terminates its workflow with the Temporal CLI. */
async function recordThenTerminate(product: Product, seq: number) {
  const scenario = SCENARIOS[product];
  const recordId = `it-reaper-${product}-${seq}-${Date.now().toString(36)}`;
  scenario.setUp(t.emulator.control, seq);
  const { recordings } = t.stack.client;
  await recordings.startRecording(scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 1_000 }));
  await waitForState(recordings, recordId, 'Recording', 60_000);
  const { taskId } = await recordings.status(recordId);
  await run(cli, [
    'workflow',
    'terminate',
    '--address',
    t.stack.temporal.address,
    '--workflow-id',
    recordingWorkflowId(recordId),
    '--reason',
    'operator test',
  ]);
  const identity = scenario.identity(seq);
  expect(t.emulator.control.tasks({ product, identity, running: true }).map((task) => task.taskId)).toEqual([taskId]);
  return { recordId, product, taskId: taskId ?? '', identity };
}

test('one sweep stops the task of every terminated recording; status, result and a later stop say so', async () => {
  const { recordings } = t.stack.client;
  const orphans = await Promise.all(PRODUCTS.map((product, i) => recordThenTerminate(product, 90 + i)));

  for (const o of orphans) {
    const status = await recordings.status(o.recordId);
    expect({ product: o.product, state: status.state, closure: status.closure }).toMatchObject({
      product: o.product,
      state: 'Terminated',
      closure: {
        executionStatus: 'TERMINATED',
        lastState: 'Recording',
        liveTaskIds: [o.taskId],
        reap: { state: 'pending' },
      },
    });
  }

  const temporal = t.stack.client.temporal;
  await temporal.schedule.getHandle(ORPHAN_SWEEP_SCHEDULE_ID).trigger();
  const reaped = await Promise.all(
    orphans.map((o) =>
      until(
        `${o.product} reaped`,
        () => recordings.status(o.recordId),
        (s: RecordingStatus) => s.closure?.reap.state === 'done',
      ),
    ),
  );
  for (const [i, o] of orphans.entries()) {
    expect(reaped[i]?.closure?.reap).toMatchObject({
      state: 'done',
      report: { by: 'sweep', executionStatus: 'TERMINATED', tasks: [{ taskId: o.taskId, outcome: 'stopped' }] },
    });
    expect(t.emulator.control.tasks({ product: o.product, identity: o.identity, running: true })).toEqual([]);
  }
  const sweeps = [];
  for await (const w of temporal.workflow.list({ query: `WorkflowType = '${WORKFLOW_TYPES.orphanSweep}'` }))
    sweeps.push(w);
  expect(sweeps).toHaveLength(1);

  const o = orphans[0]!;
  const result = await recordings.result(o.recordId, { wait: true });
  expect(result).toMatchObject({ state: 'Terminated', endReason: 'terminated', taskId: o.taskId });
  const response = await fetch(`${t.stack.gateway.url}/recordings/${o.recordId}/stop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ wait: true }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ stopped: true, status: { state: 'Terminated' } });

  // A second sweep finds nothing left to do: no second stop call.
  const stopCalls = t.emulator.control.calls().filter((c) => /Stop|Delete|Release/.test(c.action)).length;
  await temporal.schedule.getHandle(ORPHAN_SWEEP_SCHEDULE_ID).trigger();
  await until(
    'second sweep closed',
    async () => {
      const closed = [];
      for await (const w of temporal.workflow.list({
        query: `WorkflowType = '${WORKFLOW_TYPES.orphanSweep}' AND ExecutionStatus = 'Completed'`,
      }))
        closed.push(w);
      return closed.length;
    },
    (n) => n === 2,
  );
  expect(t.emulator.control.calls().filter((c) => /Stop|Delete|Release/.test(c.action)).length).toBe(stopCalls);
}, 400_000);

test('stop on a terminated recording reaps it at once and answers stopped only after the task stopped', async () => {
  const o = await recordThenTerminate('trtc-cloud', 99);
  const response = await fetch(`${t.stack.gateway.url}/recordings/${o.recordId}/stop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ wait: true }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { stopped: boolean; status: RecordingStatus };
  expect(body).toMatchObject({
    stopped: true,
    status: { state: 'Terminated', closure: { reap: { state: 'done', report: { by: 'stop' } } } },
  });
  expect(t.emulator.control.tasks({ product: o.product, identity: o.identity, running: true })).toEqual([]);
}, 200_000);
