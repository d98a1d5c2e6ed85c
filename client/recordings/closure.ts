/**
 * A recording whose workflow closed without stopping everything it started: an operator's
 * Terminate, a workflow time-out, or a stop that failed. Its last status is the workflow's
 * last word (it may still say `Recording`), so the client adds what Temporal knows (how and
 * when the run closed) and what the orphan reaper did (workflows/reaper.ts), and can start
 * that reap at once when a caller asks to stop such a recording.
 */
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowExecutionDescription,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { TERMINAL_STATES, liveTaskIds, liveTaskRefs } from '../../workflows/lifecycle';
import { WORKFLOW_TYPES, reapWorkflowId } from '../../workflows/messages';
import { recoverOperation } from '../../workflows/provider';
import type { ReapInput, ReapReport, orphanReapWorkflow } from '../../workflows/reaper';
import type { revealedTaskReapWorkflow } from '../../workflows/revealed-reap';
import type { ReapProgress, RecordingResult, RecordingStatus, WorkflowClosure } from '../../workflows/types';
import type { RecordingStatus as PublicStatus } from './public-shapes';
import { recordIdSchema } from './spec';

/** What a recording's closed workflow looks like from outside. */
interface ClosedRun {
  readonly description: WorkflowExecutionDescription;
  readonly status: RecordingStatus;
}

function isLifecycleEnd(state: RecordingStatus['state']): boolean {
  return state === 'Terminated' || (TERMINAL_STATES as readonly string[]).includes(state);
}

/** Where the reap of `recordId` stands. */
export async function reapProgress(client: Client, recordId: string): Promise<ReapProgress> {
  const handle = client.workflow.getHandle<typeof orphanReapWorkflow>(reapWorkflowId(recordId));
  try {
    const description = await handle.describe();
    if (description.status.name === 'RUNNING') return { state: 'running' };
    if (description.status.name !== 'COMPLETED') return { state: 'pending' };
    return { state: 'done', report: await handle.result() };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return { state: 'pending' };
    throw error;
  }
}

/**
 * The reaps of tasks that callbacks revealed after the run closed mid-start (workflows/revealed-reap.ts),
 * as one report; undefined when there is none. Such a reap names its recording in `RecordId` once it has judged.
 */
async function revealedReaps(client: Client, recordId: string): Promise<ReapProgress | undefined> {
  // Only a recordId the caller schema allows goes into the query: its characters are query-safe.
  if (!recordIdSchema.safeParse(recordId).success) return undefined;
  const query = `WorkflowType = '${WORKFLOW_TYPES.revealedTaskReap}' AND RecordId = '${recordId}'`;
  const reports: ReapReport[] = [];
  let running = false;
  for await (const info of client.workflow.list({ query })) {
    if (info.status.name === 'RUNNING') running = true;
    if (info.status.name !== 'COMPLETED') continue;
    const result = await client.workflow
      .getHandle<typeof revealedTaskReapWorkflow>(info.workflowId, info.runId)
      .result();
    if (result.kind === 'reaped') reports.push(result.report);
  }
  const [first] = reports;
  if (first === undefined) return running ? { state: 'running' } : undefined;
  const report: ReapReport = {
    ...first,
    startedAtMs: Math.min(...reports.map((r) => r.startedAtMs)),
    endedAtMs: Math.max(...reports.map((r) => r.endedAtMs)),
    tasks: reports.flatMap((r) => r.tasks),
  };
  return running ? { state: 'running' } : { state: 'done', report };
}

/** A sweep's (or stop's) reap and the revealed-task reaps, together. */
function merged(progress: ReapProgress, revealed: ReapProgress | undefined): ReapProgress {
  if (revealed === undefined) return progress;
  if (progress.state === 'running' || revealed.state === 'running') return { state: 'running' };
  if (progress.state !== 'done' || revealed.state !== 'done') return revealed.state === 'done' ? revealed : progress;
  return { state: 'done', report: { ...progress.report, tasks: [...progress.report.tasks, ...revealed.report.tasks] } };
}

async function progressOf(
  client: Client,
  status: RecordingStatus,
  live: readonly string[],
  startMayHaveCreated: boolean,
): Promise<ReapProgress> {
  if (live.length === 0 && !startMayHaveCreated) return { state: 'none' };
  const progress = await reapProgress(client, status.recordId);
  const hasLookup = recoverOperation(status.product) !== undefined;
  // Without a lookup, a task of the unanswered start is found only when its own callback reveals it.
  const revealed = startMayHaveCreated && !hasLookup ? await revealedReaps(client, status.recordId) : undefined;
  const all = merged(progress, revealed);
  if (all.state !== 'pending' || live.length > 0 || hasLookup) return all;
  const until = status.unknownTaskEndsByMs;
  if (until !== undefined)
    return {
      state: 'unreachable',
      reason:
        `closed during a start call; ${status.product} has no lookup and its callbacks carry no TaskId, so a task it ` +
        `created cannot be stopped early: the provider ends it by itself at ${new Date(until).toISOString()}`,
      mayRunUntilMs: until,
    };
  return {
    state: 'unreachable',
    reason:
      `closed during a start call; ${status.product} has no lookup, so a task it created is known only from its ` +
      'callbacks: the first one the gateway receives has the task stopped (reap by callback), otherwise it runs to its provider bound',
  };
}

/**
 * The status with `closure` when the workflow closed early or left live tasks; `state` reads
 * `Terminated` when the lifecycle had not ended. Unchanged for a running or cleanly ended one.
 */
export async function withClosure(client: Client, run: ClosedRun): Promise<RecordingStatus> {
  const { description, status } = run;
  const executionStatus = description.status.name;
  if (executionStatus === 'RUNNING' || executionStatus === 'CONTINUED_AS_NEW') return status;
  const live = liveTaskIds(status);
  const lifecycleEnded = isLifecycleEnd(status.state);
  if (lifecycleEnded && live.length === 0) return status;
  const startMayHaveCreated = status.state === 'Starting' && status.startCalls > 0 && status.task === undefined;
  const closure: WorkflowClosure = {
    executionStatus,
    ...(description.closeTime === undefined ? {} : { closedAtMs: description.closeTime.getTime() }),
    lastState: status.state === 'Terminated' ? (status.closure?.lastState ?? 'Recording') : status.state,
    liveTaskIds: live,
    startMayHaveCreated,
    reap: await progressOf(client, status, live, startMayHaveCreated),
  };
  return { ...status, ...(lifecycleEnded ? {} : { state: 'Terminated' as const }), closure };
}

/** The result of a recording whose workflow was closed from outside: its last status, read as an ending. */
export function terminatedResult(status: RecordingStatus, closedAtMs: number): RecordingResult {
  const optional = <K extends keyof RecordingStatus>(key: K) =>
    status[key] === undefined ? {} : { [key]: status[key] };
  return {
    recordId: status.recordId,
    product: status.product,
    state: status.state,
    endReason: status.endReason ?? 'terminated',
    ...optional('taskId'),
    taskIds: status.taskIds,
    ...optional('identity'),
    attempts: status.startCalls,
    requestedAtMs: status.requestedAtMs,
    ...optional('startedAtMs'),
    ...optional('stoppedAtMs'),
    endedAtMs: status.closure?.closedAtMs ?? closedAtMs,
    ...optional('providerEnd'),
    files: status.files,
    filesComplete: status.uploadComplete,
    ...optional('detachedReason'),
    ...optional('failure'),
    warnings: status.warnings,
    ...optional('closure'),
  };
}

/**
 * Starts the reap of a closed recording now (a caller asked to stop it), or finds the one the
 * sweep started; with `wait`, returns its report.
 */
export async function reapNow(
  client: Client,
  options: { readonly taskQueue: string; readonly activityQueuePrefix: string; readonly wait: boolean },
  run: ClosedRun,
): Promise<ReapReport | undefined> {
  const { status, description } = run;
  const { tasks, unresolved } = liveTaskRefs(status);
  const input: ReapInput = {
    recordId: status.recordId,
    workflowId: description.workflowId,
    runId: description.runId,
    executionStatus: description.status.name,
    ...(description.closeTime === undefined ? {} : { closedAtMs: description.closeTime.getTime() }),
    product: status.product,
    lastState: status.closure?.lastState ?? status.state,
    tasks,
    unresolved,
    activityQueuePrefix: options.activityQueuePrefix,
    by: 'stop',
  };
  const workflowId = reapWorkflowId(status.recordId);
  try {
    await client.workflow.start<typeof orphanReapWorkflow>(WORKFLOW_TYPES.orphanReap, {
      taskQueue: options.taskQueue,
      workflowId,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  if (!options.wait) return undefined;
  return client.workflow.getHandle<typeof orphanReapWorkflow>(workflowId).result();
}

/**
 * The recording has ended and nothing it started may bill any more (read from the public
 * status, whose `liveTaskIds` is {@link stillLive}). Not so after control was given up
 * (`Detached`: a css-live task with no known TaskId runs to its EndTime) or lost
 * (`control-lost`: trtc-cloud after ResourceExpiredHour), whatever else the status says.
 */
export function isStopped(status: Pick<PublicStatus, 'state' | 'endReason' | 'liveTaskIds'>): boolean {
  if (status.state === 'Detached' || status.endReason === 'control-lost') return false;
  return isLifecycleEnd(status.state) && status.liveTaskIds.length === 0;
}

/** TaskIds that may still bill after everything done so far (the reap's failures included). */
export function stillLive(status: RecordingStatus): string[] {
  const reap = status.closure?.reap;
  if (reap?.state === 'done') {
    return reap.report.tasks.filter((t) => t.outcome === 'failed' || t.outcome === 'unresolved').map((t) => t.taskId);
  }
  const live = status.closure?.liveTaskIds.slice() ?? liveTaskIds(status);
  return status.closure?.startMayHaveCreated === true ? [...live, '(task of an unanswered start)'] : live;
}
