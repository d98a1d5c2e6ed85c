/**
 * Builds the Temporal workers of a process: one for the recording workflows and one per
 * activity queue (see activity-workers.ts), all sharing one connection and data converter.
 */
import { type DataConverter, type Logger } from '@temporalio/common';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { type WorkflowTuning } from '../runtime/config';
import { type ActivityQueueSpec } from './activity-workers';
import { workflowCodeOptions } from './workflow-bundle';

export interface WorkerContext {
  readonly connection: NativeConnection;
  /** Poller identity of every worker of this process; it publishes the payload key fingerprint (runtime/payload-key-id.ts). */
  readonly identity?: string;
  readonly namespace: string;
  readonly dataConverter: DataConverter;
  readonly shutdownGraceMs: number;
  readonly logger: Logger;
}

export interface WorkflowWorkerOptions {
  readonly taskQueue: string;
  /** Module exporting the workflows (used when no pre-built bundle is given). */
  readonly workflowsPath: string;
  readonly workflowBundlePath?: string;
  /** WORKFLOW_* knobs; absent fields take WORKFLOW_TUNING_DEFAULTS. */
  readonly tuning?: WorkflowTuning;
}

/**
 * Defaults of the workflow worker's knobs where ours differ from the SDK's, chosen by
 * measurement (bench/results/2026-12-02-recovery.md, 200 live, kill -9): a 2 s sticky
 * time-out (SDK 10 s) hands a dead worker's recordings to a live one sooner, and 2 workflow
 * threads (SDK 1) replay them in parallel; together p95 16.7 → 3.8 s with two workers and
 * 19.1 → 8.4 s with one replaced. The cache, task slots and context reuse keep the SDK's
 * values (size the cache for the fleet with WORKFLOW_CACHE_SIZE: worker/README.md).
 */
export const WORKFLOW_TUNING_DEFAULTS: WorkflowTuning = { stickyTimeoutMs: 2_000, threads: 2 };

/** The Worker.create options for the given tuning, defaults filled in; an unset knob is left to the SDK. */
export function workflowTuningOptions(
  tuning: WorkflowTuning = {},
): Pick<
  WorkerOptions,
  | 'maxCachedWorkflows'
  | 'stickyQueueScheduleToStartTimeout'
  | 'workflowThreadPoolSize'
  | 'maxConcurrentWorkflowTaskExecutions'
  | 'reuseV8Context'
> {
  const t = { ...WORKFLOW_TUNING_DEFAULTS, ...tuning };
  return {
    ...(t.cacheSize === undefined ? {} : { maxCachedWorkflows: t.cacheSize }),
    ...(t.stickyTimeoutMs === undefined ? {} : { stickyQueueScheduleToStartTimeout: t.stickyTimeoutMs }),
    ...(t.threads === undefined ? {} : { workflowThreadPoolSize: t.threads }),
    ...(t.taskSlots === undefined ? {} : { maxConcurrentWorkflowTaskExecutions: t.taskSlots }),
    ...(t.reuseV8Context === undefined ? {} : { reuseV8Context: t.reuseV8Context }),
  };
}

/** The worker that runs workflow code only: every provider call goes to an activity queue. */
export function createWorkflowWorker(ctx: WorkerContext, options: WorkflowWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: ctx.connection,
    namespace: ctx.namespace,
    ...(ctx.identity === undefined ? {} : { identity: ctx.identity }),
    taskQueue: options.taskQueue,
    dataConverter: ctx.dataConverter,
    shutdownGraceTime: ctx.shutdownGraceMs,
    ...workflowTuningOptions(options.tuning),
    ...workflowCodeOptions(options.workflowBundlePath, options.workflowsPath),
  });
}

/**
 * One worker per activity queue, each registering the same activities object (a queue only
 * ever receives the activity types the workflow routes to it) and setting the queue's
 * server-side dispatch rate. Every worker of every process sets the same value, because the
 * server keeps the last poller's setting.
 */
export async function createActivityWorkers(
  ctx: WorkerContext,
  queues: readonly ActivityQueueSpec[],
  activities: object,
): Promise<Worker[]> {
  const workers: Worker[] = [];
  for (const queue of queues) {
    workers.push(
      await Worker.create({
        connection: ctx.connection,
        namespace: ctx.namespace,
        ...(ctx.identity === undefined ? {} : { identity: ctx.identity }),
        taskQueue: queue.taskQueue,
        activities,
        dataConverter: ctx.dataConverter,
        shutdownGraceTime: ctx.shutdownGraceMs,
        maxTaskQueueActivitiesPerSecond: queue.maxTaskQueueActivitiesPerSecond,
      }),
    );
    ctx.logger.debug('activity worker ready', {
      taskQueue: queue.taskQueue,
      perSecond: queue.maxTaskQueueActivitiesPerSecond,
    });
  }
  return workers;
}

/** The part of a Worker that running and stopping needs (tests pass fakes). */
export type RunnableWorker = Pick<Worker, 'run' | 'shutdown' | 'getState'>;

/** Asks every running worker to drain; workers not yet running or already stopping are skipped. */
export function shutdownWorkers(workers: readonly RunnableWorker[]): void {
  for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
}

/**
 * Runs all workers until they have all stopped. If one fails, the others are asked to drain
 * too (a process with half its queues unserved is worse than a restart), then the first
 * failure is rethrown.
 */
export async function runWorkers(workers: readonly RunnableWorker[]): Promise<void> {
  if (workers.length === 0) throw new Error('no workers to run');
  const outcomes = await Promise.allSettled(
    workers.map((worker) =>
      worker.run().catch((error: unknown) => {
        shutdownWorkers(workers);
        throw error;
      }),
    ),
  );
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}
