/**
 * The orphan reaper's workflows on the time-skipping server: a sweep starts one reap per
 * orphan (a second sweep finds it reaped), and a reap stops every task with the recording's
 * own stop activity, reporting a refused stop per task instead of failing.
 */
import { ApplicationFailure } from '@temporalio/common';
import { type OrphanedRecording, type StuckRecording, type TaskRef } from '../../domain/contract';
import { orphanReapWorkflow, orphanSweepWorkflow } from '../../workflows';
import { reapWorkflowId } from '../../workflows/messages';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, type StartedRecording } from './support/harness';

let h: Harness;
let orphans: OrphanedRecording[] = [];
let stuck: StuckRecording[] = [];
beforeAll(async () => {
  h = await Harness.create(['trro-cloud']);
  await h.reaperWorker({
    findOrphans: () => Promise.resolve(orphans),
    repairStuck: () => Promise.resolve({ found: stuck.length, repairs: stuck }),
  });
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

const task = (taskId: string): TaskRef => ({
  product: 'trro-cloud',
  taskId,
  region: 'ap-guangzhou',
  identity: {},
});

function orphan(recordId: string, tasks: TaskRef[]): OrphanedRecording {
  return {
    recordId,
    workflowId: `recording:${recordId}`,
    runId: 'run-1',
    executionStatus: 'TERMINATED',
    closedAtMs: 1,
    product: 'trro-cloud',
    lastState: 'Recording',
    tasks,
    unresolved: [],
  };
}

test('a sweep starts one reap per orphan; the reap stops each task; a second sweep finds it reaped', async () => {
  orphans = [orphan(`orphan-${h.prefix}-a`, [task('t-a1'), task('t-a2')])];
  for (const ref of orphans[0]!.tasks) h.provider.tasks.set(ref.taskId, { ref, state: 'recording', files: [] });
  const sweep = { activityQueuePrefix: h.prefix, lookbackMs: 86_400_000, limit: 10 };
  const first = await h.env.client.workflow.start(orphanSweepWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: `sweep-${h.prefix}-1`,
    args: [sweep],
  });
  await expect(first.result()).resolves.toEqual({
    found: 1,
    reapsStarted: 1,
    alreadyReaped: 0,
    taskIds: ['t-a1', 't-a2'],
    unowned: [],
    stuck: [],
  });
  const reap = h.env.client.workflow.getHandle<typeof orphanReapWorkflow>(reapWorkflowId(orphans[0]!.recordId));
  await expect(reap.result()).resolves.toMatchObject({
    by: 'sweep',
    executionStatus: 'TERMINATED',
    tasks: [
      { taskId: 't-a1', outcome: 'stopped' },
      { taskId: 't-a2', outcome: 'stopped' },
    ],
  });
  expect(h.provider.callsOf('stopTask').map((c) => (c.input as { task: TaskRef }).task.taskId)).toEqual([
    't-a1',
    't-a2',
  ]);

  const second = await h.env.client.workflow.start(orphanSweepWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: `sweep-${h.prefix}-2`,
    args: [sweep],
  });
  await expect(second.result()).resolves.toMatchObject({ found: 1, reapsStarted: 0, alreadyReaped: 1 });
  expect(h.provider.count('stopTask')).toBe(2);
  await saveHistory(h, first as unknown as StartedRecording, 'orphan-sweep');
  const reapRun = { ...reap, firstExecutionRunId: (await reap.describe()).runId };
  await saveHistory(h, reapRun as unknown as StartedRecording, 'orphan-reap');
});

test('a sweep reports the stuck recordings its repair step reset or left to an operator', async () => {
  orphans = [];
  stuck = [
    { workflowId: 'recording:s-1', runId: 'r-1', outcome: 'reset', resetToEventId: 25, newRunId: 'r-2' },
    { workflowId: 'recording:s-2', runId: 'r-3', outcome: 'needs-operator', detail: 'already repaired 3 times' },
  ];
  try {
    const report = await h.env.client.workflow.execute(orphanSweepWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `sweep-${h.prefix}-stuck`,
      args: [{ activityQueuePrefix: h.prefix, lookbackMs: 86_400_000, limit: 10 }],
    });
    expect(report).toEqual({ found: 0, reapsStarted: 0, alreadyReaped: 0, taskIds: [], unowned: [], stuck });
  } finally {
    stuck = [];
  }
});

test('a refused stop and a task with nothing to address are reported per task; the reap still completes', async () => {
  for (const id of ['t-b1', 't-b2']) h.provider.tasks.set(id, { ref: task(id), state: 'recording', files: [] });
  h.provider.script = {
    stopTask: (input) => {
      if (input.task.taskId === 't-b1') throw ApplicationFailure.nonRetryable('no such device', 'InvalidParameter');
      return undefined;
    },
  };
  const recordId = `orphan-${h.prefix}-b`;
  const report = await h.env.client.workflow.execute(orphanReapWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: reapWorkflowId(recordId),
    args: [
      {
        ...orphan(recordId, [task('t-b1'), task('t-b2')]),
        unresolved: ['t-b3'],
        activityQueuePrefix: h.prefix,
        by: 'stop',
      },
    ],
  });
  expect(report.tasks).toEqual([
    { taskId: 't-b3', outcome: 'unresolved', detail: 'no adopted task to copy region, app and identity from' },
    { taskId: 't-b1', outcome: 'failed', detail: 'InvalidParameter' },
    { taskId: 't-b2', outcome: 'stopped' },
  ]);
});
