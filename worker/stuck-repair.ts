/**
 * Repairs recordings stuck on a nondeterministic workflow task. Under worker kills and sticky
 * time-outs the SDK has been seen to run a fresh worker's first activation with the workflow
 * time of an earlier task (test/faults/results/README.md): the commands it sent are then not
 * what a replay of the same history produces, every later workflow task fails with a
 * nondeterminism error, and the recording's task bills with nobody watching it.
 *
 * Temporal flags such runs in `TemporalReportedProblems`. For each, this replays prefixes of
 * the history (by bisection) against this worker's own workflow code to find the first workflow
 * task whose recorded commands the code does not reproduce, and resets the run to that task:
 * the new run keeps every event before it, re-decides that task with the current time, and gets
 * the later signals re-applied. A reset that would discard a start call (it may have created a
 * task the new run would not know of), a run repaired too often, or a history that replays
 * cleanly (the failure is not ours to undo) is reported, never reset.
 */
import { type Client } from '@temporalio/client';
import { type Logger } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import Long from 'long';
import { reaperActions } from '../runtime/metrics';
import type { RepairStuckInput, StuckRecording, StuckRepairReport } from '../domain/contract';
import { WORKFLOW_TYPES } from '../workflows/messages';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/**
 * The problem values Temporal sets after consecutive workflow-task problems: it names the last
 * one. A nondeterministic task is reported as failed on its first attempt only; the SDK lets
 * later attempts time out, so a run stuck that way usually reads as timed out (seen in a fault
 * run: two timed-out attempts after worker kills, then silence). Both are candidates; the
 * replay below decides, and a history that replays is never reset.
 */
const PROBLEMS = ['cause=WorkflowTaskFailedCauseNonDeterministicError', 'category=WorkflowTaskTimedOut'];

/** Running recordings whose workflow tasks keep failing as nondeterministic or timing out. */
export const STUCK_QUERY = `WorkflowType = '${WORKFLOW_TYPES.recording}' AND ExecutionStatus = 'Running' AND TemporalReportedProblems IN (${PROBLEMS.map((p) => `'${p}'`).join(', ')})`;

/** Every reset this module makes says so; a run's earlier repairs are counted by it. */
export const REPAIR_REASON_PREFIX = 'repair: nondeterministic workflow task';

/** Replays `history` against the worker's workflow code; rejects on a nondeterminism error. */
export type ReplayHistory = (history: History, workflowId: string) => Promise<void>;

const eventId = (e: HistoryEvent): number => Number(e.eventId ?? 0);
const isType = (e: HistoryEvent, type: temporal.api.enums.v1.EventType): boolean => e.eventType === type;

/**
 * The events each workflow task's replay needs: up to (not including) the next task's start,
 * so the task's commands, and what came after them, are checked.
 */
export function taskPrefixes(events: readonly HistoryEvent[]): { completedEventId: number; end: number }[] {
  const out: { completedEventId: number; end: number }[] = [];
  events.forEach((e, i) => {
    if (!isType(e, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)) return;
    const next = events.findIndex((n, j) => j > i && isType(n, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED));
    out.push({ completedEventId: eventId(e), end: next === -1 ? events.length : next });
  });
  return out;
}

/**
 * The first completed workflow task whose commands the code does not reproduce, by bisection
 * (a prefix that fails to replay makes every longer one fail); undefined if all replay.
 */
export async function firstDivergentTask(
  events: readonly HistoryEvent[],
  replays: (prefix: readonly HistoryEvent[]) => Promise<boolean>,
): Promise<number | undefined> {
  const tasks = taskPrefixes(events);
  let lo = 0;
  let hi = tasks.length; // tasks[hi] is the first failing task, tasks.length = none
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const task = tasks[mid]!;
    if (await replays(events.slice(0, task.end))) lo = mid + 1;
    else hi = mid;
  }
  return tasks[hi]?.completedEventId;
}

/** Resets this module made on the run's history (their reason is kept in a workflow-task failure). */
export function priorRepairs(events: readonly HistoryEvent[]): number {
  return events.filter(
    (e) =>
      isType(e, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) &&
      e.workflowTaskFailedEventAttributes?.cause ===
        WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_RESET_WORKFLOW &&
      (e.workflowTaskFailedEventAttributes.failure?.message ?? '').startsWith(REPAIR_REASON_PREFIX),
  ).length;
}

/** Start calls a reset to `completedEventId` would discard (scheduled at or after it). */
export function discardedStarts(events: readonly HistoryEvent[], completedEventId: number): number {
  return events.filter(
    (e) =>
      eventId(e) >= completedEventId &&
      isType(e, EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) &&
      e.activityTaskScheduledEventAttributes?.activityType?.name === 'startTask',
  ).length;
}

export interface StuckRepairDeps {
  readonly client: Client;
  readonly replay: ReplayHistory;
  readonly logger: Logger;
}

/** The sweep's repair step: every stuck recording (up to `limit`) reset or reported. */
export async function repairStuckRecordings(
  deps: StuckRepairDeps,
  input: RepairStuckInput,
): Promise<StuckRepairReport> {
  const repairs: StuckRecording[] = [];
  for await (const run of deps.client.workflow.list({ query: STUCK_QUERY })) {
    if (repairs.length >= input.limit) break;
    const repair = await repairOne(deps, input, run.workflowId, run.runId).catch((error: unknown): StuckRecording => ({
      workflowId: run.workflowId,
      runId: run.runId,
      outcome: 'failed',
      detail: error instanceof Error ? error.message : String(error),
    }));
    reaperActions.inc({ action: 'stuck-repair', outcome: repair.outcome });
    if (repair.outcome === 'reset') deps.logger.warn('stuck recording reset', { ...repair });
    // A slow workflow task that timed out replays fine: worth a note, not an alarm.
    else if (repair.outcome === 'replays') deps.logger.warn('stuck recording replays', { ...repair });
    else deps.logger.error(`stuck recording ${repair.outcome}`, { ...repair });
    repairs.push(repair);
  }
  return { found: repairs.length, repairs };
}

async function repairOne(
  deps: StuckRepairDeps,
  input: RepairStuckInput,
  workflowId: string,
  runId: string,
): Promise<StuckRecording> {
  const { client } = deps;
  const base = { workflowId, runId };
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const events = history.events ?? [];
  const repaired = priorRepairs(events);
  if (repaired >= input.maxRepairs)
    return { ...base, outcome: 'needs-operator', detail: `already repaired ${repaired} times` };
  const divergent = await firstDivergentTask(events, (prefix) =>
    deps.replay({ events: [...prefix] }, workflowId).then(
      () => true,
      () => false,
    ),
  );
  if (divergent === undefined)
    return { ...base, outcome: 'replays', detail: 'the whole history replays with this code; not reset' };
  const starts = discardedStarts(events, divergent);
  if (starts > 0)
    return {
      ...base,
      outcome: 'needs-operator',
      resetToEventId: divergent,
      detail: `a reset to event ${divergent} would discard ${starts} start call(s)`,
    };
  // Only the run that is still current and running: a retried activity must not reset its own repair.
  const current = await client.workflow.getHandle(workflowId).describe();
  if (current.runId !== runId || current.status.name !== 'RUNNING')
    return { ...base, outcome: 'replays', detail: `no longer the running run (${current.runId})` };
  const reply = await client.workflowService.resetWorkflowExecution({
    namespace: client.options.namespace,
    workflowExecution: { workflowId, runId },
    reason: `${REPAIR_REASON_PREFIX} ${divergent} (its commands are not what a replay of its history produces)`,
    workflowTaskFinishEventId: Long.fromNumber(divergent),
    requestId: `repair-${runId}-${divergent}`,
  });
  return { ...base, outcome: 'reset', resetToEventId: divergent, newRunId: reply.runId ?? '' };
}
