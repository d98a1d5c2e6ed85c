/**
 * The stuck-run repair finds the workflow task to reset to by replaying the recording's own
 * history: checked on histories a fault run left stuck (a fresh worker's first activation ran
 * with an earlier task's time), against the current workflow code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { dataConverter } from '../../../runtime/codec';
import { loadStackConfig } from '../../../runtime/config';
import { WORKFLOWS_PATH } from '../../../worker/main';
import {
  discardedStarts,
  firstDivergentTask,
  priorRepairs,
  REPAIR_REASON_PREFIX,
  STUCK_QUERY,
  taskPrefixes,
} from '../../../worker/stuck-repair';
import { historyReplayer } from '../../../worker/workflow-bundle';
import { PAYLOAD_KEY } from '../../faults/fault-stack';
import { historyFromJson } from '../../workflows/support/history-json';
import '../../support/quiet-runtime';
import { DefaultLogger } from '@temporalio/worker';

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;
const STUCK = join(__dirname, '..', '..', 'faults', 'results', 'stuck-run-seed447206606');
const events = (name: string) => historyFromJson(readFileSync(join(STUCK, name), 'utf8')).events ?? [];

jest.setTimeout(180_000);

let replay: ReturnType<typeof historyReplayer>;
beforeAll(() => {
  const loaded = loadStackConfig({ PAYLOAD_ENCRYPTION_KEY: PAYLOAD_KEY, TEMPORAL_ADDRESS: '127.0.0.1:7233' });
  if (!loaded.ok) throw loaded.error;
  // The bundler's INFO lines (its asset list) are noise in the test log; warnings still show.
  replay = historyReplayer(
    undefined,
    WORKFLOWS_PATH,
    dataConverter(loaded.config.payloadKeys),
    new DefaultLogger('WARN'),
  );
});

const replays = (workflowId: string) => (prefix: readonly temporal.api.history.v1.IHistoryEvent[]) =>
  replay({ events: [...prefix] }, workflowId).then(
    () => true,
    () => false,
  );

test.each([
  // trtc-web: the fresh worker took the max-duration deadline as not yet passed and started a poll timer.
  ['fault-run-447206606-0116-trtc-web.json', 25],
  // trtc-cloud: the fresh worker took the task as started 15 s early; its later stop is not reproduced.
  ['fault-run-447206606-0060-trtc-cloud.json', 34],
])('%s: the first task whose commands a replay does not reproduce is completed event %i', async (file, expected) => {
  const history = events(file);
  await expect(firstDivergentTask(history, replays(file))).resolves.toBe(expected);
  // Every task before it replays, and the history up to it is kept by a reset to it.
  const before = taskPrefixes(history).filter((t) => t.completedEventId < expected);
  for (const t of before) await expect(replays(file)(history.slice(0, t.end))).resolves.toBe(true);
});

test('a run whose later tasks only timed out (seed 20261204, 0355): found by replay all the same', async () => {
  const file = join(STUCK, '..', 'stuck-full-seed20261204', 'fault-full-20261204-0355-trtc-cloud.json');
  const history = historyFromJson(readFileSync(file, 'utf8')).events ?? [];
  // Its attempts after that task timed out (the SDK reports only a first failure), so the run was
  // flagged as timed out, not nondeterministic; the replay finds the task all the same.
  await expect(firstDivergentTask(history, replays(file))).resolves.toBe(61);
  expect(discardedStarts(history, 61)).toBe(0);
});

test('a history the code replays whole has no divergent task', async () => {
  const history = events('fault-run-447206606-0245-trtc-cloud.json');
  await expect(firstDivergentTask(history, () => Promise.resolve(true))).resolves.toBeUndefined();
});

test('each prefix ends before the next workflow task starts, so its task commands are checked', () => {
  const history = events('fault-run-447206606-0116-trtc-web.json');
  const prefixes = taskPrefixes(history);
  expect(prefixes[0]).toEqual({ completedEventId: 4, end: 14 });
  for (const p of prefixes.slice(0, -1))
    expect(history[p.end]?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
});

test('a reset that would discard a start call is counted; earlier repairs are counted by their reason', () => {
  const history = events('fault-run-447206606-0116-trtc-web.json');
  expect(discardedStarts(history, 4)).toBe(1);
  expect(discardedStarts(history, 25)).toBe(0);
  const repairFailure = (message: string) => ({
    eventType: EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
    workflowTaskFailedEventAttributes: {
      cause: WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW,
      failure: { message },
    },
  });
  expect(priorRepairs([...history, repairFailure(`${REPAIR_REASON_PREFIX} 25`), repairFailure('operator reset')])).toBe(
    1,
  );
});

test('stuck candidates: nondeterministic failures and timed-out tasks alike (the SDK reports only the first failure)', () => {
  expect(STUCK_QUERY).toContain(
    "TemporalReportedProblems IN ('cause=WorkflowTaskFailedCauseNonDeterministicError', 'category=WorkflowTaskTimedOut')",
  );
  expect(STUCK_QUERY).toContain("ExecutionStatus = 'Running'");
});
