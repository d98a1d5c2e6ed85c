/**
 * The reaper's judgement on a task a verified callback revealed after every recording its
 * identity names had closed (workflows/revealed-reap.ts). It stops only what one of our closed
 * runs may have made and nobody else owns: no running recording holds the TaskId or the
 * identity, the run closed while Starting after a start call (its create's answer never came
 * back), and the run neither adopted nor listed the task (those the orphan sweep reaps). A
 * device is shared by every recording of it, so a device match also needs the run to have
 * closed shortly before: a task made later is not that create's.
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type LoadedDataConverter, type Logger } from '@temporalio/common';
import { z } from 'zod';
import { PRODUCTS } from '../domain/catalog';
import type { RevealedTaskInput, RevealedTaskVerdict } from '../domain/contract';
import { QUERY_SAFE_KEY, isSharedKey, recordingKeysQuery, routingKey } from '../domain/search-attributes';
import { recoverOperation } from '../workflows/provider';
import { WORKFLOW_TYPES, statusQuery } from '../workflows/messages';
import type { RecordingStatus } from '../workflows/types';
import { reaperActions } from '../runtime/metrics';
import { parseInput } from '../activities/input-schemas';
import { closedRunTaskRef, startRequestOf, unadoptedCandidates } from './closed-runs';

/** A device task whose run closed longer ago than this is not that run's create (callbacks come within seconds). */
export const DEVICE_REVEAL_WINDOW_MS = 10 * 60_000;

/** Id characters only: every value ends up inside a visibility query. */
const queryValue = z.string().regex(QUERY_SAFE_KEY, { error: 'must be 1-512 id characters' });

const inputSchema = z.object({
  product: z.enum(PRODUCTS),
  taskId: queryValue,
  keys: z.array(queryValue).min(1).max(8),
  workflowIds: z.array(z.string().min(1).max(300)).min(1).max(10),
});

export interface RevealedTaskDeps {
  readonly client: Client;
  readonly converter: LoadedDataConverter;
  readonly logger: Logger;
  readonly now: () => number;
}

/** Running recordings holding the TaskId or any identity key; a recording that starts later has its own answer. */
function ownedQuery(taskId: string, keys: readonly string[]): string {
  const owned = recordingKeysQuery([routingKey.task(taskId), ...keys]);
  return `WorkflowType = '${WORKFLOW_TYPES.recording}' AND ExecutionStatus = 'Running' AND ${owned}`;
}

/** Why `status` could not have made `taskId`, or undefined when its unanswered start may have. */
function whyNotItsTask(status: RecordingStatus, taskId: string): string | undefined {
  if (status.taskIds.includes(taskId) || status.task?.taskId === taskId)
    return 'its recording declared it; the orphan sweep reaps declared tasks';
  if (unadoptedCandidates(status).some((t) => t.taskId === taskId))
    return 'its recording saw it start; the orphan sweep reaps it';
  if (status.state !== 'Starting' || status.startCalls === 0 || status.task !== undefined)
    return `its recording closed ${status.state} with its task known, so no start of it was left unanswered`;
  return undefined;
}

export async function judgeRevealedTask(deps: RevealedTaskDeps, raw: RevealedTaskInput): Promise<RevealedTaskVerdict> {
  const input = parseInput(inputSchema, raw, 'judgeRevealedTask');
  const verdict = await judge(deps, input);
  const fields = { product: input.product, taskId: input.taskId, workflowIds: input.workflowIds };
  if (verdict.kind === 'stop')
    deps.logger.warn('revealed task of a closed recording: stopping it', { ...fields, recordId: verdict.recordId });
  else deps.logger.info('revealed task left alone', { ...fields, reason: verdict.reason });
  reaperActions.inc({ action: 'revealed-task', outcome: verdict.kind });
  return verdict;
}

async function judge(deps: RevealedTaskDeps, input: z.infer<typeof inputSchema>): Promise<RevealedTaskVerdict> {
  const { client } = deps;
  if (recoverOperation(input.product) !== undefined)
    return { kind: 'leave', reason: `the orphan sweep looks up the task of an unanswered ${input.product} start` };
  const { count } = await client.workflow.count(ownedQuery(input.taskId, input.keys));
  if (count > 0) return { kind: 'leave', reason: 'a running recording holds its TaskId or identity' };
  // A device (or stream) names every recording of it: the match alone does not make the task this run's.
  const sharedOnly = input.keys.every(isSharedKey);
  const reasons: string[] = [];
  for (const workflowId of input.workflowIds) {
    try {
      const handle = client.workflow.getHandle(workflowId);
      // The newest run: an older one superseded by a reset hands its tasks on.
      const description = await handle.describe();
      if (description.status.name === 'RUNNING') {
        reasons.push(`${workflowId} runs again`);
        continue;
      }
      const run = client.workflow.getHandle(workflowId, description.runId);
      const status = await run.query(statusQuery);
      const why = whyNotItsTask(status, input.taskId);
      const closedAtMs = description.closeTime?.getTime();
      if (why !== undefined) {
        reasons.push(why);
        continue;
      }
      if (sharedOnly && (closedAtMs === undefined || closedAtMs < deps.now() - DEVICE_REVEAL_WINDOW_MS)) {
        reasons.push(`${workflowId} closed too long before for this device task to be its create's`);
        continue;
      }
      const request = await startRequestOf(client, deps.converter, { workflowId, runId: description.runId });
      return {
        kind: 'stop',
        task: closedRunTaskRef(status, input.taskId, request),
        recordId: status.recordId,
        workflowId,
        runId: description.runId,
        executionStatus: description.status.name,
      };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      reasons.push(`${workflowId} not found`);
    }
  }
  return { kind: 'leave', reason: reasons.join('; ') || 'no closed recording matched' };
}
