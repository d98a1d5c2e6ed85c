/**
 * The reap of a task a callback revealed after its recording closed mid-create: the reaper's
 * judgement (a fake here; worker/revealed-task.ts is unit-tested) says whose it is, the workflow
 * waits out the grace first, stops the task with the product's own stop activity and reports it
 * `by: callback`; a task judged not ours is left alone. On the time-skipping server.
 */
import { type RevealedTaskInput, type RevealedTaskVerdict, type TaskRef } from '../../domain/contract';
import { revealedTaskReapWorkflow } from '../../workflows';
import { revealedReapWorkflowId } from '../../workflows/messages';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, type StartedRecording } from './support/harness';

let h: Harness;
let verdict: RevealedTaskVerdict;
const judged: RevealedTaskInput[] = [];
beforeAll(async () => {
  h = await Harness.create(['trtc-cloud']);
  await h.reaperWorker({
    judgeRevealedTask: (input: RevealedTaskInput) => {
      judged.push(input);
      return Promise.resolve(verdict);
    },
  });
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
  judged.length = 0;
});

const task = (taskId: string): TaskRef => ({
  product: 'trtc-cloud',
  taskId,
  region: 'ap-guangzhou',
  sdkAppId: 1400000001,
  roomId: '42',
  identity: { botUserId: 'recbot_x' },
});

async function reveal(taskId: string) {
  const input = { product: 'trtc-cloud', taskId, keys: ['bot:recbot_x'], workflowIds: ['recording:a'] } as const;
  const handle = await h.env.client.workflow.start(revealedTaskReapWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: revealedReapWorkflowId('trtc-cloud', taskId),
    args: [{ ...input, activityQueuePrefix: h.prefix, graceMs: 15_000 }],
  });
  const before = await h.now();
  const result = await handle.result();
  return { handle, result, waitedMs: (await h.now()) - before, input };
}

test("a task of a closed run's unanswered start is stopped after the grace and reported by callback", async () => {
  const ref = task('revealed-1');
  h.provider.tasks.set(ref.taskId, { ref, state: 'recording', files: [] });
  verdict = {
    kind: 'stop',
    task: ref,
    recordId: 'a',
    workflowId: 'recording:a',
    runId: 'r1',
    executionStatus: 'TERMINATED',
  };
  const { handle, result, waitedMs, input } = await reveal(ref.taskId);
  expect(waitedMs).toBeGreaterThanOrEqual(15_000);
  expect(judged).toEqual([input]);
  expect(result).toMatchObject({
    kind: 'reaped',
    report: {
      recordId: 'a',
      by: 'callback',
      executionStatus: 'TERMINATED',
      tasks: [{ taskId: 'revealed-1', outcome: 'stopped' }],
    },
  });
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as { task: TaskRef }).task)).toEqual([ref]);
  const described = await handle.describe();
  expect(described.searchAttributes['RecordId']).toEqual(['a']);
  await saveHistory(
    h,
    { ...handle, firstExecutionRunId: described.runId } as unknown as StartedRecording,
    'revealed-reap-stopped',
  );
});

test('a task judged not ours is left alone: no stop call', async () => {
  verdict = { kind: 'leave', reason: 'a running recording holds its TaskId or identity' };
  const { handle, result } = await reveal('revealed-2');
  expect(result).toEqual({
    kind: 'left',
    taskId: 'revealed-2',
    reason: 'a running recording holds its TaskId or identity',
  });
  expect(h.provider.count('stopTask')).toBe(0);
  const described = await handle.describe();
  await saveHistory(
    h,
    { ...handle, firstExecutionRunId: described.runId } as unknown as StartedRecording,
    'revealed-reap-left',
  );
});
