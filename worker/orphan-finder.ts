/**
 * The orphan sweep's activities: closed recording workflows that still list live tasks in
 * `RecordingLiveTasks` (an operator's Terminate, a time-out, a stop that failed), read from
 * visibility, each with its tasks from the recording's own status query (a closed workflow
 * still answers it: the worker replays its history). Recordings already reaped are skipped.
 * Also the repair of recordings stuck on a nondeterministic workflow task (stuck-repair.ts).
 */
import { type Client } from '@temporalio/client';
import { type DataConverter, type Logger } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { type LoadedDataConverter } from '@temporalio/common';
import { recoverOperation } from '../workflows/provider';
import type { RecordingStatus } from '../workflows/types';
import type {
  FindOrphansInput,
  OrphanedRecording,
  ReaperActivities,
  RecoverTaskInput,
  RunningTask,
  UnownedTasksInput,
} from '../domain/contract';
import { routingKey } from '../domain/search-attributes';
import { liveTaskRefs } from '../workflows/lifecycle';
import { WORKFLOW_TYPES, reapWorkflowId, statusQuery } from '../workflows/messages';
import { repairStuckRecordings, type ReplayHistory } from './stuck-repair';
import { judgeRevealedTask } from './revealed-task';
import { closedRunTaskRef, startRequestOf, unadoptedCandidates } from './closed-runs';
import { reaperActions } from '../runtime/metrics';

const RECORDING_WORKFLOW = WORKFLOW_TYPES.recording;
const REAP_WORKFLOW = WORKFLOW_TYPES.orphanReap;

/** Closed the way a lifecycle does not finish by itself (ContinuedAsNew runs hand their tasks on and are left out). */
const CLOSED = "ExecutionStatus IN ('Terminated', 'TimedOut', 'Failed', 'Canceled', 'Completed')";

/**
 * The visibility query for closed recordings that left live tasks, or closed while Starting
 * (a start call may have created a task it never learnt of), closed after `since`.
 */
export function orphanQuery(since: Date): string {
  const left = `(RecordingLiveTasks IS NOT NULL OR RecordingState = 'Starting')`;
  return `WorkflowType = '${RECORDING_WORKFLOW}' AND ${CLOSED} AND ${left} AND CloseTime > '${since.toISOString()}'`;
}

/** The start's input of a run that closed while Starting after a start call, for a product that can look its task up. */
async function pendingStartOf(
  client: Client,
  converter: LoadedDataConverter,
  run: { workflowId: string; runId: string },
  status: RecordingStatus,
): Promise<RecoverTaskInput | undefined> {
  if (status.state !== 'Starting' || status.startCalls === 0 || status.task !== undefined) return undefined;
  if (recoverOperation(status.product) === undefined) return undefined;
  const request = await startRequestOf(client, converter, run);
  return {
    product: status.product,
    recordId: status.recordId,
    attempt: status.attempt,
    params: request.params,
    ...(request.region === undefined ? {} : { region: request.region }),
    ...(status.identity === undefined ? {} : { identity: status.identity }),
  };
}

/** Values spliced into a visibility query: anything but plain id characters is never matched, so never stopped. */
const QUERY_SAFE = /^[A-Za-z0-9_.:@-]{1,200}$/;

/** The visibility query for running recordings that own `task` by its TaskId or its bot's RecordUserId; undefined if unsafe. */
export function ownerQuery(task: RunningTask): string | undefined {
  const keys = [routingKey.task(task.taskId)];
  if (task.recordUserId !== undefined) keys.push(routingKey.recordUser(task.recordUserId));
  if (!keys.every((k) => QUERY_SAFE.test(k))) return undefined;
  const owned = keys.map((k) => `RecordingKeys = '${k}'`).join(' OR ');
  return `WorkflowType = '${RECORDING_WORKFLOW}' AND ExecutionStatus = 'Running' AND (${owned})`;
}

/**
 * True when the recording has a newer run: recordings reject a duplicate id, so it came from a
 * reset of this one (a stuck-run repair, an operator), and it carries this run's tasks on; if it
 * too closes with live tasks, the sweep finds it instead.
 */
async function supersededByNewerRun(client: Client, workflowId: string, runId: string): Promise<boolean> {
  return (await client.workflow.getHandle(workflowId).describe()).runId !== runId;
}

export function createReaperActivities(
  client: Client,
  dataConverter: DataConverter,
  logger: Logger,
  replay: ReplayHistory,
  now = Date.now,
): ReaperActivities {
  const converter = loadDataConverter(dataConverter);
  return {
    async findOrphans(input: FindOrphansInput): Promise<OrphanedRecording[]> {
      const since = new Date(now() - input.lookbackMs);
      const reaped = new Set<string>();
      // Reaps start after their recording closed, so this window covers every reap of it.
      for await (const reap of client.workflow.list({
        query: `WorkflowType = '${REAP_WORKFLOW}' AND StartTime > '${since.toISOString()}'`,
      })) {
        reaped.add(reap.workflowId);
      }
      const found: OrphanedRecording[] = [];
      for await (const run of client.workflow.list({ query: orphanQuery(since) })) {
        if (found.length >= input.limit) break;
        try {
          if (await supersededByNewerRun(client, run.workflowId, run.runId)) continue;
          const status = await client.workflow.getHandle(run.workflowId, run.runId).query(statusQuery);
          if (reaped.has(reapWorkflowId(status.recordId))) continue;
          const { tasks: live, unresolved } = liveTaskRefs(status);
          const candidates = unadoptedCandidates(status);
          // A candidate is known by its TaskId only: its stop needs the app and region of the run's request.
          const request = candidates.length === 0 ? undefined : await startRequestOf(client, converter, run);
          const tasks = [
            ...live,
            ...candidates.map((c) => (request === undefined ? c : closedRunTaskRef(status, c.taskId, request))),
          ];
          const pendingStart = await pendingStartOf(client, converter, run, status);
          if (tasks.length === 0 && unresolved.length === 0 && pendingStart === undefined) continue;
          found.push({
            recordId: status.recordId,
            workflowId: run.workflowId,
            runId: run.runId,
            executionStatus: run.status.name,
            ...(run.closeTime === undefined ? {} : { closedAtMs: run.closeTime.getTime() }),
            product: status.product,
            lastState: status.state,
            tasks,
            unresolved,
            ...(pendingStart === undefined ? {} : { pendingStart }),
          });
        } catch (error) {
          // One unreadable history must not hide the others; the next sweep tries it again.
          logger.warn('orphan sweep could not read a closed recording', {
            workflowId: run.workflowId,
            runId: run.runId,
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
      reaperActions.inc({ action: 'orphans-found', outcome: 'found' }, found.length);
      return found;
    },

    async unownedTasks(input: UnownedTasksInput): Promise<RunningTask[]> {
      const unowned: RunningTask[] = [];
      for (const task of input.tasks) {
        const query = ownerQuery(task);
        if (query === undefined) {
          logger.warn('orphan sweep skipped a listed task with an unexpected id', { product: input.product });
          continue;
        }
        const { count } = await client.workflow.count(query);
        if (count === 0) unowned.push(task);
      }
      reaperActions.inc({ action: 'unowned-found', outcome: 'found' }, unowned.length);
      return unowned;
    },

    repairStuck: (input) => repairStuckRecordings({ client, replay, logger }, input),

    judgeRevealedTask: (input) => judgeRevealedTask({ client, converter, logger, now }, input),
  };
}
