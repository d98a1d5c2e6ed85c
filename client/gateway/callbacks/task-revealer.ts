/**
 * Hands a task to the reaper when its callback finds only closed recordings by its identity
 * (workflows/revealed-reap.ts): a create in flight when the run was terminated. One reap per
 * provider task (its workflow id): the provider's retries and the task's later events find it.
 */
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { type RevealedTaskInput } from '../../../domain/contract';
import { WORKFLOW_TYPES, revealedReapWorkflowId } from '../../../workflows/messages';
import type { revealedTaskReapWorkflow } from '../../../workflows/revealed-reap';

export interface TaskRevealer {
  /** Resolves once the reap is durably started (or was already); throws when Temporal did not take it. */
  reveal(input: RevealedTaskInput): Promise<'started' | 'already'>;
}

export interface TemporalRevealerOptions {
  /** The recording workflows' task queue (the reaper workflows run there too). */
  readonly taskQueue: string;
  readonly activityQueuePrefix: string;
  /** Wait before the reaper judges, so a recording that published the identity a moment ago is visible. */
  readonly graceMs?: number;
  /** Bound on the start call, so the provider gets an answer within its 5 s. */
  readonly callTimeoutMs?: number;
}

/** Visibility on a real cluster lags writes by about a second; 15 s covers a loaded one. */
export const DEFAULT_REVEAL_GRACE_MS = 15_000;

export function temporalTaskRevealer(client: Client, options: TemporalRevealerOptions): TaskRevealer {
  const callTimeoutMs = options.callTimeoutMs ?? 3_000;
  const graceMs = options.graceMs ?? DEFAULT_REVEAL_GRACE_MS;
  return {
    async reveal(input) {
      try {
        await client.withDeadline(Date.now() + callTimeoutMs, () =>
          client.workflow.start<typeof revealedTaskReapWorkflow>(WORKFLOW_TYPES.revealedTaskReap, {
            taskQueue: options.taskQueue,
            workflowId: revealedReapWorkflowId(input.product, input.taskId),
            args: [{ ...input, activityQueuePrefix: options.activityQueuePrefix, graceMs }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        );
        return 'started';
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already';
        throw error;
      }
    },
  };
}
