/**
 * Invariant 1 against an operator: a recording workflow terminated from the Temporal CLI (a
 * separate process) leaves its task billing; one run of the orphan sweep's Schedule stops it,
 * and status, result and stop say what happened. A stop asked of a terminated recording
 * before any sweep reaps it at once and answers `stopped` only once the task is stopped.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { PRODUCTS, type Product } from '../../domain/catalog';
import { chinaStandardTimeToEpochMs } from '../../domain/china-time';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { resolveTemporalCli } from '../../worker/dev-server';
import { ORPHAN_SWEEP_SCHEDULE_ID } from '../../worker/orphan-sweep-schedule';
import { recordingWorkflowId, WORKFLOW_TYPES } from '../../workflows/messages';
import type { RecordingStatus } from '../../client/recordings/public-shapes';
import { sdkClients } from '../support/emulator';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/wait';

const run = promisify(execFile);
/** The swept TIW app: scenario seq 199 records in it. */
const TIW_SEQ = 199;
const TIW_APP = 1_400_000_000 + TIW_SEQ;
const cli = resolveTemporalCli(undefined, resolve(__dirname, '..', '..'));

let t: TestStack;
beforeAll(async () => {
  // Tasks of app TIW_APP are matched against the running recordings; no grace, so the test needs no wait.
  t = await startTestStack({ env: { ORPHAN_SWEEP_TIW_APPS: `${TIW_APP}@ap-guangzhou`, ORPHAN_SWEEP_GRACE: '0s' } });
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

/** `temporal workflow terminate` of the recording, as an operator would (a separate process). */
async function terminate(recordId: string): Promise<void> {
  const address = t.stack.temporal.address;
  const workflowId = recordingWorkflowId(recordId);
  await run(cli, [
    'workflow',
    'terminate',
    '--address',
    address,
    '--workflow-id',
    workflowId,
    '--reason',
    'operator test',
  ]);
}

type CreateHold = Pick<Parameters<TestStack['emulator']['control']['addFault']>[0], 'service' | 'action'>;

/** Starts a recording whose create the emulator holds for 3 s, and terminates it while that create is in flight. */
async function terminateMidCreate(product: Product, seq: number, hold: CreateHold) {
  const scenario = SCENARIOS[product];
  const recordId = `it-reaper-mid-create-${product}-${Date.now().toString(36)}`;
  scenario.setUp(t.emulator.control, seq);
  t.emulator.control.addFault({ ...hold, latencyMs: 3_000, times: 1 });
  const spec = scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 1_000 });
  await t.stack.client.recordings.startRecording(spec);
  // Held by the fault: in the journal, not yet handled.
  const inFlight = () => t.emulator.control.calls({ action: hold.action }).filter((c) => c.outcome === 'pending');
  await until(
    'the create is in flight',
    () => Promise.resolve(inFlight()),
    (c) => c.length > 0,
  );
  await terminate(recordId);
  return { recordId, spec, identity: scenario.identity(seq) };
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
  await terminate(recordId);
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

  const listed = await until(
    'list shows them Terminated',
    () => recordings.list({ limit: 1000 }),
    (all) => orphans.every((o) => all.some((r) => r.recordId === o.recordId && r.state === 'Terminated')),
    { timeoutMs: 30_000 },
  );
  expect(listed.filter((r) => r.state === 'Terminated').map((r) => r.runStatus)).toContain('TERMINATED');

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
  const response = await fetch(`${t.stack.gateway.url}/v1/recordings/${o.recordId}/stop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.stack.gateway.localToken}` },
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
  const response = await fetch(`${t.stack.gateway.url}/v1/recordings/${o.recordId}/stop`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.stack.gateway.localToken}` },
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

test("a sweep stops a running TIW task that no recording owns, and leaves the app's owned task alone", async () => {
  const { recordings } = t.stack.client;
  const scenario = SCENARIOS['tiw-online'];
  scenario.setUp(t.emulator.control, TIW_SEQ);
  const recordId = `it-reaper-owned-${Date.now().toString(36)}`;
  await recordings.startRecording(scenario.spec(recordId, TIW_SEQ, Date.now(), { collectTimeoutMs: 1_000 }));
  await waitForState(recordings, recordId, 'Recording', 60_000);
  const owned = (await recordings.status(recordId)).taskId;

  // Someone else's start on the same app (another room), straight to the provider: no workflow knows it.
  t.emulator.control.joinRoom({ sdkAppId: TIW_APP, roomId: 7777 }, 'foreign-anchor', { audio: true, video: true });
  const sdk = sdkClients(t.emulator);
  let foreign: string;
  try {
    const started = (await sdk.tiw.request('StartOnlineRecord', {
      SdkAppId: TIW_APP,
      RoomId: 7777,
      RecordUserId: 'tic_record_user_7777_foreign',
      RecordUserSig: 'sig',
    })) as { TaskId: string };
    foreign = started.TaskId;
  } finally {
    sdk.close();
  }

  const temporal = t.stack.client.temporal;
  const before = await sweepsClosed(temporal);
  await temporal.schedule.getHandle(ORPHAN_SWEEP_SCHEDULE_ID).trigger();
  await until(
    'the sweep closed',
    () => sweepsClosed(temporal),
    (n) => n > before,
  );
  const running = t.emulator.control.tasks({ product: 'tiw-online', running: true }).map((task) => task.taskId);
  expect(running).toContain(owned);
  expect(running).not.toContain(foreign);
  expect((await recordings.status(recordId)).state).toBe('Recording');
  await recordings.stop(recordId, { wait: true });
}, 200_000);

async function sweepsClosed(temporal: TestStack['stack']['client']['temporal']): Promise<number> {
  const query = `WorkflowType = '${WORKFLOW_TYPES.orphanSweep}' AND ExecutionStatus = 'Completed'`;
  return (await temporal.workflow.count(query)).count;
}

test('a recording terminated while its create is in flight: the sweep looks the task up (trtc-web) and stops it', async () => {
  const { recordings } = t.stack.client;
  const { recordId, identity } = await terminateMidCreate('trtc-web', 198, {
    service: 'trtc',
    action: 'StartWebRecord',
  });
  const creates = () => t.callsOf('StartWebRecord', identity);
  await until(
    'the provider created the task',
    () => Promise.resolve(creates()),
    (c) => c.some((x) => x.outcome === 'ok'),
  );
  expect(t.emulator.control.tasks({ product: 'trtc-web', identity, running: true })).toHaveLength(1);

  const status = await recordings.status(recordId);
  expect(status).toMatchObject({
    state: 'Terminated',
    closure: { lastState: 'Starting', liveTaskIds: [], startMayHaveCreated: true, reap: { state: 'pending' } },
  });
  const temporal = t.stack.client.temporal;
  await temporal.schedule.getHandle(ORPHAN_SWEEP_SCHEDULE_ID).trigger();
  const reaped = await until(
    'reaped',
    () => recordings.status(recordId),
    (s: RecordingStatus) => s.closure?.reap.state === 'done',
  );
  expect(reaped.closure?.reap).toMatchObject({ state: 'done', report: { tasks: [{ outcome: 'stopped' }] } });
  expect(t.emulator.control.tasks({ product: 'trtc-web', identity, running: true })).toEqual([]);
}, 200_000);

test.each(['trtc-cloud', 'trro-cloud'] as const)(
  'a %s recording terminated while its create is in flight: the task its callback reveals is stopped',
  async (product) => {
    const { recordings } = t.stack.client;
    const seq = product === 'trtc-cloud' ? 196 : 197;
    const service = product === 'trtc-cloud' ? 'trtc' : 'trro';
    const { recordId, identity } = await terminateMidCreate(product, seq, { service, action: 'CreateCloudRecording' });
    const [created] = await until(
      'the provider created the task',
      () => Promise.resolve(t.emulator.control.tasks({ product, identity })),
      (tasks) => tasks.length > 0,
    );
    // No lookup exists for these products, and the sweep finds nothing to stop: only the callback can tell.
    const reaped = await until(
      'the revealed task reaped',
      () => recordings.status(recordId),
      (s: RecordingStatus) => s.closure?.reap.state === 'done',
      { timeoutMs: 120_000 },
    );
    expect(reaped).toMatchObject({
      state: 'Terminated',
      liveTaskIds: [],
      closure: {
        lastState: 'Starting',
        startMayHaveCreated: true,
        reap: { state: 'done', report: { by: 'callback', tasks: [{ taskId: created?.taskId, outcome: 'stopped' }] } },
      },
    });
    expect(t.emulator.control.tasks({ product, identity, running: true })).toEqual([]);
  },
  200_000,
);

test('a css-live recording terminated while its create is in flight says until when its unknown task may run', async () => {
  const { recordings } = t.stack.client;
  const { recordId, spec, identity } = await terminateMidCreate('css-live', 195, {
    service: 'live',
    action: 'CreateLiveRecord',
  });
  await until(
    'the provider created the task',
    () => Promise.resolve(t.emulator.control.tasks({ product: 'css-live', identity, running: true })),
    (tasks) => tasks.length > 0,
  );
  // No lookup, no TaskId in CSS callbacks, no stop without one: the status names the provider's own bound.
  const endTime = (spec.params as { EndTime: string }).EndTime;
  const status = await recordings.status(recordId);
  expect(status).toMatchObject({
    state: 'Terminated',
    closure: { lastState: 'Starting', startMayHaveCreated: true, reap: { state: 'unreachable' } },
  });
  const reap = status.closure?.reap;
  const mayRunUntil = reap?.state === 'unreachable' ? reap.mayRunUntil : undefined;
  expect(Date.parse(mayRunUntil ?? '')).toBe(chinaStandardTimeToEpochMs(endTime));
}, 200_000);
