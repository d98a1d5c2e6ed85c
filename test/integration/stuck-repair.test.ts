/**
 * Invariant 1 against a workflow stuck on a nondeterministic task, the way fault runs left
 * some: a worker takes over a recording after another is killed and decides its first task
 * with an early workflow time (fixtures/stale-clock-worker.ts); it is killed in turn, and the
 * next worker's replay of the history diverges, so every workflow task fails while the
 * provider task bills. One run of the orphan sweep's Schedule resets the recording to the
 * divergent task; the recording then ends, its task stopped, with no second task created.
 * Workers are separate processes killed with SIGKILL.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { temporal as proto } from '@temporalio/proto';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { ORPHAN_SWEEP_SCHEDULE_ID } from '../../worker/orphan-sweep-schedule';
import { STUCK_QUERY } from '../../worker/stuck-repair';
import { recordingWorkflowId, WORKFLOW_TYPES } from '../../workflows/messages';
import { TERMINAL_STATES } from '../../workflows/lifecycle';
import { type orphanSweepWorkflow } from '../../workflows/reaper';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/wait';

const { EventType } = proto.api.enums.v1;
const SEQ = 61;
const MAX_DURATION_MS = 20_000;
/** No status poll before the maximum duration: its deadline is the recording's only timer. */
const NO_POLL = { firstDelayMs: 600_000, intervalMs: 600_000, quietMaxIntervalMs: 600_000, maxIntervalMs: 600_000 };

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ worker: false });
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

test('a recording stuck on a nondeterministic task is reset by the sweep and ends with its one task stopped', async () => {
  const { recordings, temporal } = t.stack.client;
  const scenario = SCENARIOS['trtc-cloud'];
  const recordId = `it-stale-clock-${Date.now().toString(36)}`;
  const handle = temporal.workflow.getHandle(recordingWorkflowId(recordId));
  const events = async () => (await handle.fetchHistory()).events ?? [];
  scenario.setUp(t.emulator.control, SEQ);

  const first = await t.spawnWorker();
  await recordings.startRecording(
    scenario.spec(recordId, SEQ, Date.now(), { maxDurationMs: MAX_DURATION_MS, poll: NO_POLL }),
  );
  await waitForState(recordings, recordId, 'Recording', 60_000);
  const { taskId } = await recordings.status(recordId);
  // Let the start's callbacks land while the first worker still runs: the takeover's first task is the deadline's.
  await delay(2_000);
  await first.kill();

  // The stale-clock worker takes the deadline's task as a minute early and starts another timer.
  const stale = await t.spawnWorker({}, 'test/integration/fixtures/stale-clock-worker.ts');
  await until(
    'a timer started after the deadline fired',
    events,
    (all) => {
      const fired = all.findIndex((e) => e.eventType === EventType.EVENT_TYPE_TIMER_FIRED);
      return fired >= 0 && all.slice(fired).some((e) => e.eventType === EventType.EVENT_TYPE_TIMER_STARTED);
    },
    { timeoutMs: 180_000, intervalMs: 500, context: () => t.logs.join('') },
  );
  await stale.kill();

  // A correct worker replays the history, diverges, and fails every workflow task from now on.
  await t.spawnWorker();
  await recordings.stop(recordId);
  await until(
    'Temporal reports the recording stuck',
    () => temporal.workflow.count(STUCK_QUERY),
    (c) => c.count === 1,
    { timeoutMs: 180_000, intervalMs: 500, context: () => t.logs.join('') },
  );
  expect(
    t.emulator.control.tasks({ product: 'trtc-cloud', identity: scenario.identity(SEQ), running: true }),
  ).toHaveLength(1);

  await temporal.schedule.getHandle(ORPHAN_SWEEP_SCHEDULE_ID).trigger();
  // The Schedule's own runs may come too; the one that found the recording stuck says what it did.
  const stuck = await until(
    'a sweep reported the repair',
    async () => {
      for await (const w of temporal.workflow.list({
        query: `WorkflowType = '${WORKFLOW_TYPES.orphanSweep}' AND ExecutionStatus = 'Completed'`,
      })) {
        const report = await temporal.workflow.getHandle<typeof orphanSweepWorkflow>(w.workflowId, w.runId).result();
        if ((report.stuck?.length ?? 0) > 0) return report.stuck;
      }
      return undefined;
    },
    (found) => found !== undefined,
    { timeoutMs: 180_000, intervalMs: 500, context: () => t.logs.join('') },
  );
  expect(stuck?.map((r) => ({ workflowId: r.workflowId, outcome: r.outcome }))).toEqual([
    { workflowId: handle.workflowId, outcome: 'reset' },
  ]);
  expect(stuck?.[0]?.resetToEventId).toBeGreaterThan(0);

  const ended = await until(
    'the reset recording ended',
    () => recordings.status(recordId),
    (s) => (TERMINAL_STATES as readonly string[]).includes(s.state),
    { timeoutMs: 180_000, intervalMs: 500, context: () => t.logs.join('') },
  );
  expect(ended.taskId).toBe(taskId);
  expect(t.emulator.control.tasks({ product: 'trtc-cloud', identity: scenario.identity(SEQ), running: true })).toEqual(
    [],
  );
  expect(t.callsOf('CreateCloudRecording', scenario.identity(SEQ))).toHaveLength(1);
  expect((await handle.describe()).runId).toBe(stuck?.[0]?.newRunId);
}, 900_000);
