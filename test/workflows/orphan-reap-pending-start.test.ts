/**
 * The reap of a recording that closed while Starting after a start call (an operator's
 * Terminate mid-create): the product's lookup, with the very input of that start attempt,
 * finds the task it may have created, and the reap stops it; when the lookup finds none the
 * attempt is reported `not-created`. On the time-skipping server with the fake provider.
 */
import { type OrphanedRecording, type RecoverTaskInput, type TaskRef } from '../../domain/contract';
import { orphanReapWorkflow } from '../../workflows';
import { reapWorkflowId } from '../../workflows/messages';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, type StartedRecording } from './support/harness';

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

function closedWhileStarting(recordId: string, pendingStart: RecoverTaskInput): OrphanedRecording {
  return {
    recordId,
    workflowId: `recording:${recordId}`,
    runId: 'run-1',
    executionStatus: 'TERMINATED',
    closedAtMs: 1,
    product: 'tiw-online',
    lastState: 'Starting',
    tasks: [],
    unresolved: [],
    pendingStart,
  };
}

const attempt = (recordId: string): RecoverTaskInput => ({
  product: 'tiw-online',
  recordId,
  attempt: 1,
  region: 'ap-guangzhou',
  params: { SdkAppId: 1400000001, RoomId: 42 },
  identity: { recordUserId: `tic_record_user_${recordId}` },
});

/** A TIW task of the attempt's app, room and identity, recording at the fake provider. */
function runningTask(recordId: string, taskId: string): TaskRef {
  const ref: TaskRef = {
    product: 'tiw-online',
    taskId,
    region: 'ap-guangzhou',
    sdkAppId: 1400000001,
    roomId: '42',
    identity: { recordUserId: `tic_record_user_${recordId}` },
  };
  h.provider.tasks.set(taskId, { ref, state: 'recording', files: [] });
  return ref;
}

async function reap(recordId: string, tasks: TaskRef[] = []) {
  const handle = await h.env.client.workflow.start(orphanReapWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: reapWorkflowId(recordId),
    args: [{ ...closedWhileStarting(recordId, attempt(recordId)), tasks, activityQueuePrefix: h.prefix, by: 'sweep' }],
  });
  return { handle, report: await handle.result() };
}

test('the lookup finds the task the interrupted start created, and the reap stops it', async () => {
  const recordId = `pending-${h.prefix}-found`;
  const found = runningTask(recordId, 'tiw-created-late');
  h.provider.script = { recoverTask: () => ({ kind: 'found', task: found }) };
  const { handle, report } = await reap(recordId);
  expect(report.tasks).toEqual([{ taskId: 'tiw-created-late', outcome: 'stopped' }]);
  // The lookup got the start attempt's own input: same identity, so it finds that attempt's task only.
  expect(h.provider.callsOf('recoverTask').map((c) => c.input)).toEqual([attempt(recordId)]);
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as { task: TaskRef }).task)).toEqual([found]);
  const run = { ...handle, firstExecutionRunId: (await handle.describe()).runId };
  await saveHistory(h, run as unknown as StartedRecording, 'orphan-reap-pending-start-found');
});

test('a lookup that finds nothing reports the attempt not-created and stops nothing', async () => {
  const recordId = `pending-${h.prefix}-none`;
  const { handle, report } = await reap(recordId);
  expect(report.tasks).toEqual([{ taskId: 'start attempt 1', outcome: 'not-created' }]);
  expect(h.provider.count('stopTask')).toBe(0);
  const run = { ...handle, firstExecutionRunId: (await handle.describe()).runId };
  await saveHistory(h, run as unknown as StartedRecording, 'orphan-reap-pending-start-none');
});

test('a task the run had seen start and the lookup finds again is stopped once', async () => {
  const recordId = `pending-${h.prefix}-seen`;
  const seen = runningTask(recordId, 'tiw-seen-and-found');
  h.provider.script = { recoverTask: () => ({ kind: 'found', task: seen }) };
  const { handle, report } = await reap(recordId, [seen]);
  expect(report.tasks).toEqual([{ taskId: 'tiw-seen-and-found', outcome: 'stopped' }]);
  expect(h.provider.count('stopTask')).toBe(1);
  const run = { ...handle, firstExecutionRunId: (await handle.describe()).runId };
  await saveHistory(h, run as unknown as StartedRecording, 'orphan-reap-seen-and-found');
});
