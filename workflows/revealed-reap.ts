/**
 * The reap of a task a callback revealed after its recording closed. A create in flight when an
 * operator terminated the workflow (its worker killed, the answer never back) may have made a
 * task whose TaskId the run never learnt; trtc-cloud and trro-cloud cannot look it up, so the
 * first sign of it is its own callback, which finds only the closed run by its identity. The
 * gateway then starts this workflow (id from product + TaskId: a retried callback finds it),
 * which waits out the visibility lag, lets the reaper's activity judge whose task it is
 * (worker/revealed-task.ts) and stops it with the product's own stop activity.
 */
import { ActivityFailure, log, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { type RevealedTaskInput } from '../domain/contract';
import { RecordIdKey } from '../domain/search-attributes';
import { nowMs } from './deadlines';
import { failureType, providerCalls } from './provider';
import { reaperCalls, type ReapReport, type ReapedTask } from './reaper';

export interface RevealedReapInput extends RevealedTaskInput {
  /** Prefix of the activity task queues (the worker's ACTIVITY_QUEUE_PREFIX). */
  readonly activityQueuePrefix: string;
  /** Waited before judging, so a recording that published the key a moment ago is visible by then. */
  readonly graceMs: number;
}

/** `reaped`: the task was one of a closed run's, and its stop's outcome is in the report; `left`: not ours to stop. */
export type RevealedReapResult =
  | { readonly kind: 'reaped'; readonly report: ReapReport }
  | { readonly kind: 'left'; readonly taskId: string; readonly reason: string };

/** Never fails: a refused stop is reported as `failed` in the report. */
export async function revealedTaskReapWorkflow(input: RevealedReapInput): Promise<RevealedReapResult> {
  const startedAtMs = nowMs();
  const fields = { product: input.product, taskId: input.taskId };
  await sleep(input.graceMs);
  // More attempts than the sweep's: a failed judgement is not retried by a later sweep.
  const { judgeRevealedTask } = reaperCalls(input.activityQueuePrefix, 5);
  const verdict = await judgeRevealedTask({
    product: input.product,
    taskId: input.taskId,
    keys: input.keys,
    workflowIds: input.workflowIds,
  });
  if (verdict.kind === 'leave') {
    log.info('revealed task left alone', { ...fields, reason: verdict.reason });
    return { kind: 'left', taskId: input.taskId, reason: verdict.reason };
  }
  // The recording's status finds this reap by its RecordId (client/recordings/closure.ts).
  upsertSearchAttributes([{ key: RecordIdKey, value: verdict.recordId }]);
  let reaped: ReapedTask;
  try {
    const outcome = await providerCalls(input.product, input.activityQueuePrefix).stopTask({ task: verdict.task });
    reaped = { taskId: input.taskId, outcome: outcome.kind, detail: 'revealed by its callback after the run closed' };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    reaped = { taskId: input.taskId, outcome: 'failed', detail: failureType(err) };
  }
  log.info('revealed task reaped', { ...fields, recordId: verdict.recordId, outcome: reaped.outcome });
  return {
    kind: 'reaped',
    report: {
      recordId: verdict.recordId,
      workflowId: verdict.workflowId,
      runId: verdict.runId,
      executionStatus: verdict.executionStatus,
      by: 'callback',
      startedAtMs,
      endedAtMs: nowMs(),
      tasks: [reaped],
    },
  };
}
