/**
 * The orphan reaper: tasks that may still bill after their recording workflow closed without
 * stopping them (an operator's Terminate, a workflow time-out, a stop that failed). A Temporal
 * Schedule the worker sets up (worker/orphan-sweep-schedule.ts) runs `orphanSweepWorkflow`,
 * which finds such recordings through visibility and starts one `orphanReapWorkflow` for each;
 * the reap stops every task with the recording's own stop activity (same queue, same retry
 * policy, same "already ended counts as stopped" rule). The reap's workflow id is derived from
 * the recordId, so a second sweep, or a caller's stop, finds the first reap instead of stopping twice.
 */
import { ActivityFailure, log, patched, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type {
  ListRunningActivities,
  OrphanedRecording,
  ReaperActivities,
  RunningTask,
  StuckRecording,
  TaskRef,
} from '../domain/contract';
import { reaperTaskQueue } from '../domain/contract';
import { activityTaskQueue, type Product } from '../domain/catalog';
import { activityOptionsFor } from '../domain/retry-policies';
import { nowMs } from './deadlines';
import { reapWorkflowId } from './messages';
import { failureType, providerCalls } from './provider';

/** The reaper's Temporal-side activities (worker/orphan-finder.ts), on their own queue. */
export function reaperCalls(activityQueuePrefix: string, maximumAttempts = 3) {
  return proxyActivities<ReaperActivities>({
    taskQueue: reaperTaskQueue(activityQueuePrefix),
    startToCloseTimeout: '2 minutes',
    retry: { maximumAttempts },
  });
}

/** What became of one task the recording left behind. */
export interface ReapedTask {
  readonly taskId: string;
  /**
   * `already-ended`: the provider no longer knew it; `unresolved`: nothing to address a stop to;
   * `not-created`: a start that may have created a task did not (its lookup found none).
   */
  readonly outcome: 'stopped' | 'already-ended' | 'failed' | 'unresolved' | 'not-created';
  readonly detail?: string;
}

/** Who started a reap: the periodic sweep, a caller's stop, or a callback of a task the run never learnt of (revealed-reap.ts). */
export type ReapCause = 'sweep' | 'stop' | 'callback';

export interface ReapInput extends OrphanedRecording {
  /** Prefix of the activity task queues (the worker's ACTIVITY_QUEUE_PREFIX). */
  readonly activityQueuePrefix: string;
  /** Who asked: the periodic sweep, or a caller's stop on the closed recording. */
  readonly by: ReapCause;
}

/** The reap's result, shown in the recording's status and result (`closure.reap`). */
export interface ReapReport {
  readonly recordId: string;
  readonly workflowId: string;
  readonly runId: string;
  readonly executionStatus: string;
  readonly by: ReapCause;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly tasks: readonly ReapedTask[];
}

/** Patch: a task the pending start's lookup finds that is already listed is stopped once, not twice. */
export const REAP_FOUND_ONCE = 'reap-found-once';

/** Stops each task a closed recording left; never fails (a refused stop is reported per task). */
export async function orphanReapWorkflow(input: ReapInput): Promise<ReapReport> {
  const startedAtMs = nowMs();
  const fields = { recordId: input.recordId, workflowId: input.workflowId, runId: input.runId };
  const tasks: ReapedTask[] = input.unresolved.map((taskId) => ({
    taskId,
    outcome: 'unresolved',
    detail: 'no adopted task to copy region, app and identity from',
  }));
  const found = input.pendingStart === undefined ? undefined : await lookUpPendingStart(input, tasks);
  // The lookup may find a task the run had seen start (a candidate already listed): stop it once.
  const listed = found !== undefined && input.tasks.some((t) => t.taskId === found.taskId);
  const extra = found === undefined || (listed && patched(REAP_FOUND_ONCE)) ? [] : [found];
  for (const task of [...input.tasks, ...extra]) {
    const { stopTask } = providerCalls(task.product, input.activityQueuePrefix);
    try {
      const outcome = await stopTask({ task });
      tasks.push({ taskId: task.taskId, outcome: outcome.kind });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      tasks.push({ taskId: task.taskId, outcome: 'failed', detail: failureType(err) });
    }
  }
  for (const t of tasks) {
    log.info('orphan task reaped', { ...fields, product: input.product, taskId: t.taskId, outcome: t.outcome });
  }
  return { ...fields, executionStatus: input.executionStatus, by: input.by, startedAtMs, endedAtMs: nowMs(), tasks };
}

/** One app whose running tasks the provider can list (TIW DescribeRunningTasks). */
export interface SweptApp {
  readonly product: Product;
  readonly sdkAppId: number;
  readonly region?: string;
}

/** What to do about running tasks no recording owns: stop them, or only report them. */
export type UnownedPolicy = 'stop' | 'report';

/**
 * A recording closed while its start call may have created a task it never learnt of: the
 * product's lookup (same activity, queue and identity as the start's own recovery) finds it.
 */
async function lookUpPendingStart(input: ReapInput, tasks: ReapedTask[]): Promise<TaskRef | undefined> {
  const pending = input.pendingStart;
  const { recoverTask } = providerCalls(input.product, input.activityQueuePrefix);
  if (pending === undefined || recoverTask === undefined) return undefined;
  const label = `start attempt ${pending.attempt}`;
  try {
    const outcome = await recoverTask(pending);
    if (outcome.kind === 'found') return outcome.task;
    tasks.push({ taskId: label, outcome: outcome.kind === 'not-found' ? 'not-created' : 'unresolved' });
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    tasks.push({ taskId: label, outcome: 'failed', detail: `lookup: ${failureType(err)}` });
  }
  return undefined;
}

export interface OrphanSweepInput {
  readonly activityQueuePrefix: string;
  /** Only workflows closed this recently. */
  readonly lookbackMs: number;
  /** Reaps started per sweep at most; the next sweep takes the rest. */
  readonly limit: number;
  /** Apps whose running tasks are listed and matched against the running recordings; absent = none. */
  readonly unowned?: {
    readonly apps: readonly SweptApp[];
    readonly policy: UnownedPolicy;
    /** Tasks younger than this are left alone: their recording may not have published the TaskId yet. */
    readonly graceMs: number;
  };
}

/** A running task no recording owned, and what the sweep did about it. */
export interface UnownedTask {
  readonly product: Product;
  readonly sdkAppId: number;
  readonly taskId: string;
  readonly recordUserId?: string;
  readonly outcome: 'stopped' | 'already-ended' | 'failed' | 'reported';
  readonly detail?: string;
}

export interface OrphanSweepReport {
  /** Closed recordings found with live tasks and no reap yet. */
  readonly found: number;
  readonly reapsStarted: number;
  /** A reap with that id existed already (a concurrent sweep or a caller's stop got there first). */
  readonly alreadyReaped: number;
  readonly taskIds: readonly string[];
  /** Running tasks of the swept apps that no running recording owns (`unowned` input only). */
  readonly unowned: readonly UnownedTask[];
  /** Running recordings stuck on a nondeterministic workflow task: reset, or why not (patch `repair-stuck-recordings`). */
  readonly stuck?: readonly StuckRecording[];
}

/** Patch: each sweep first repairs recordings stuck on a nondeterministic workflow task (worker/stuck-repair.ts). */
export const REPAIR_STUCK_RECORDINGS = 'repair-stuck-recordings';

/** A recording reset this often by the repair is left to an operator. */
const MAX_REPAIRS_PER_RUN = 3;

/**
 * The running tasks of one app that no running recording owns (neither by TaskId nor by its
 * bot's RecordUserId, which a recording publishes before its start call), past the grace
 * period; stopped or reported per the policy.
 */
async function sweepApp(
  app: SweptApp,
  input: OrphanSweepInput,
  settings: NonNullable<OrphanSweepInput['unowned']>,
): Promise<UnownedTask[]> {
  const { listRunningTasks } = proxyActivities<ListRunningActivities>({
    ...activityOptionsFor('recoverTask'),
    taskQueue: activityTaskQueue(app.product, 'findRunning', input.activityQueuePrefix),
  });
  const { unownedTasks } = reaperCalls(input.activityQueuePrefix);
  const listed = await listRunningTasks({
    product: app.product,
    sdkAppId: app.sdkAppId,
    ...(app.region === undefined ? {} : { region: app.region }),
  });
  const old = listed.filter((t) => t.createdAtMs === undefined || t.createdAtMs <= nowMs() - settings.graceMs);
  const found = old.length === 0 ? [] : await unownedTasks({ product: app.product, tasks: old });
  const out: UnownedTask[] = [];
  for (const task of found) out.push(await settleUnowned(app, task, input, settings.policy));
  return out;
}

async function settleUnowned(
  app: SweptApp,
  running: RunningTask,
  input: OrphanSweepInput,
  policy: UnownedPolicy,
): Promise<UnownedTask> {
  const base = {
    product: app.product,
    sdkAppId: app.sdkAppId,
    taskId: running.taskId,
    ...(running.recordUserId === undefined ? {} : { recordUserId: running.recordUserId }),
  };
  let result: UnownedTask = { ...base, outcome: 'reported' };
  if (policy === 'stop') {
    const task: TaskRef = {
      product: app.product,
      taskId: running.taskId,
      sdkAppId: app.sdkAppId,
      ...(app.region === undefined ? {} : { region: app.region }),
      ...(running.roomId === undefined ? {} : { roomId: running.roomId }),
      identity: running.recordUserId === undefined ? {} : { recordUserId: running.recordUserId },
    };
    try {
      const outcome = await providerCalls(app.product, input.activityQueuePrefix).stopTask({ task });
      result = { ...base, outcome: outcome.kind };
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      result = { ...base, outcome: 'failed', detail: failureType(err) };
    }
  }
  log.warn('running task owned by no recording', { ...result });
  return result;
}

/** startChild's "that workflow id exists" (the SDK's class lives in @temporalio/common, outside the sandbox allow-list). */
function isAlreadyStarted(err: unknown): boolean {
  return err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError';
}

/** One sweep: find closed recordings that left live tasks, start a reap for each (abandoned: it outlives the sweep). */
export async function orphanSweepWorkflow(input: OrphanSweepInput): Promise<OrphanSweepReport> {
  const { findOrphans, repairStuck } = reaperCalls(input.activityQueuePrefix);
  // Before the orphans: a repaired recording stops its own tasks, and its reset-closed run is not an orphan.
  const stuck = patched(REPAIR_STUCK_RECORDINGS)
    ? (await repairStuck({ limit: input.limit, maxRepairs: MAX_REPAIRS_PER_RUN })).repairs
    : undefined;
  const orphans = await findOrphans({ lookbackMs: input.lookbackMs, limit: input.limit });
  let reapsStarted = 0;
  let alreadyReaped = 0;
  for (const orphan of orphans) {
    try {
      await startChild(orphanReapWorkflow, {
        workflowId: reapWorkflowId(orphan.recordId),
        taskQueue: workflowInfo().taskQueue,
        args: [{ ...orphan, activityQueuePrefix: input.activityQueuePrefix, by: 'sweep' }],
        parentClosePolicy: 'ABANDON',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      reapsStarted += 1;
    } catch (err) {
      if (!isAlreadyStarted(err)) throw err;
      alreadyReaped += 1;
    }
  }
  const unowned: UnownedTask[] = [];
  if (input.unowned !== undefined) {
    for (const app of input.unowned.apps) unowned.push(...(await sweepApp(app, input, input.unowned)));
  }
  const report = {
    found: orphans.length,
    reapsStarted,
    alreadyReaped,
    taskIds: orphans.flatMap((o) => o.tasks.map((t) => t.taskId)),
    unowned,
    ...(stuck === undefined ? {} : { stuck }),
  };
  if (orphans.length > 0 || (stuck?.length ?? 0) > 0) log.info('orphan sweep', { ...report });
  return report;
}
