/**
 * The admission workflow's activities (workflows/admission.ts): they call Temporal, never the
 * provider. `requestAdmission` signals-with-start the quota key's semaphore (a workflow cannot
 * signal-with-start), carrying this worker's limit; `closedHolders` and `admittedRecordings`
 * let the semaphore take back slots of recordings that closed without releasing, and rebuild
 * its holders when it was lost.
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { z } from 'zod';
import { admissionWorkflowId, limitFor, type AdmissionLimits } from '../domain/admission';
import { admissionTaskQueue, type AdmissionActivities, type AdmissionAnswer } from '../domain/contract';
import { type WorkerContext } from './workers';
import { RecordingAdmissionKey } from '../domain/search-attributes';
import { parseInput } from '../activities/input-schemas';
import type { AdmissionInput, admissionWorkflow } from '../workflows/admission';
import { acquireSignal, type AcquireRequest } from '../workflows/admission-messages';
import { WORKFLOW_TYPES } from '../workflows/messages';

export interface AdmissionOptions {
  /** The workflow task queue the semaphores run on (config TASK_QUEUE). */
  readonly taskQueue: string;
  readonly activityQueuePrefix: string;
  readonly limits: AdmissionLimits;
  readonly checkIntervalMs: number;
}

const quotaKey = z.string().regex(/^[a-z]+:[A-Za-z0-9_-]{1,64}$/);
const SCHEMAS = {
  request: z.strictObject({ quotaKey, recordId: z.string().min(1), workflowId: z.string().min(1) }),
  holders: z.strictObject({ workflowIds: z.array(z.string().min(1)).max(100_000) }),
  rebuild: z.strictObject({ quotaKey }),
};

/** Holders described at once; a full semaphore has `limit` holders (TRTC default 100). */
const DESCRIBE_CONCURRENCY = 20;

/** The running recordings holding a slot of `key` (their `RecordingAdmission` attribute). */
export function admittedQuery(key: string): string {
  return `WorkflowType = '${WORKFLOW_TYPES.recording}' AND ExecutionStatus = 'Running' AND ${RecordingAdmissionKey.name} = '${key}'`;
}

export function createAdmissionActivities(client: Client, options: AdmissionOptions): AdmissionActivities {
  return {
    async requestAdmission(raw): Promise<AdmissionAnswer> {
      const input = parseInput(SCHEMAS.request, raw, 'requestAdmission');
      const limit = limitFor(options.limits, input.quotaKey);
      if (limit === undefined) return { kind: 'unlimited' };
      const id = admissionWorkflowId(input.quotaKey);
      const start: AdmissionInput = {
        quotaKey: input.quotaKey,
        activityQueuePrefix: options.activityQueuePrefix,
        limit,
        checkIntervalMs: options.checkIntervalMs,
      };
      // No execution or run time-out: the semaphore lives as long as the namespace.
      await client.workflow.signalWithStart<typeof admissionWorkflow, [AcquireRequest]>(WORKFLOW_TYPES.admission, {
        workflowId: id,
        taskQueue: options.taskQueue,
        args: [start],
        signal: acquireSignal,
        signalArgs: [
          { workflowId: input.workflowId, recordId: input.recordId, limit, checkIntervalMs: options.checkIntervalMs },
        ],
      });
      return { kind: 'queued', admissionWorkflowId: id, limit };
    },

    async closedHolders(raw): Promise<string[]> {
      const { workflowIds } = parseInput(SCHEMAS.holders, raw, 'closedHolders');
      const closed: string[] = [];
      for (let i = 0; i < workflowIds.length; i += DESCRIBE_CONCURRENCY) {
        const batch = workflowIds.slice(i, i + DESCRIBE_CONCURRENCY);
        const running = await Promise.all(batch.map((id) => isRunning(client, id)));
        batch.forEach((id, at) => {
          if (running[at] !== true) closed.push(id);
        });
      }
      return closed;
    },

    async admittedRecordings(raw): Promise<string[]> {
      const { quotaKey: key } = parseInput(SCHEMAS.rebuild, raw, 'admittedRecordings');
      const ids: string[] = [];
      for await (const run of client.workflow.list({ query: admittedQuery(key) })) ids.push(run.workflowId);
      return [...new Set(ids)];
    },
  };
}

/** The latest run of `workflowId` is running (a continued-as-new recording keeps its slot). */
async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * The worker of the admission activities (queue `<prefix>.admission`, no rate limit: Temporal
 * only). Every process that runs recording workflows needs one: a recording of a product with
 * a quota asks for a slot before its start call, limit configured or not.
 */
export function createAdmissionWorker(ctx: WorkerContext, client: Client, options: AdmissionOptions): Promise<Worker> {
  return Worker.create({
    connection: ctx.connection,
    namespace: ctx.namespace,
    ...(ctx.identity === undefined ? {} : { identity: ctx.identity }),
    taskQueue: admissionTaskQueue(options.activityQueuePrefix),
    activities: createAdmissionActivities(client, options),
    dataConverter: ctx.dataConverter,
    shutdownGraceTime: ctx.shutdownGraceMs,
  });
}
