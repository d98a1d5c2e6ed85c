/** What a closed recording run can still tell about the tasks it may have left: its request and the tasks it saw start. */
import { type Client } from '@temporalio/client';
import { type LoadedDataConverter } from '@temporalio/common';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { TaskRef } from '../domain/contract';
import type { RecordingRequest, RecordingStatus } from '../workflows/types';

/** The request a recording run was started with (its first event's input; runs after continue-as-new get it too). */
export async function startRequestOf(
  client: Client,
  converter: LoadedDataConverter,
  run: { workflowId: string; runId: string },
): Promise<RecordingRequest> {
  const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  return decodeFromPayloadsAtIndex<RecordingRequest>(converter, 0, started?.input?.payloads);
}

/**
 * Tasks a run that closed while Starting had seen started on its own device (trro-cloud) but not
 * adopted yet: its create may have made them, and TRRO has no lookup to ask. As in the workflow
 * (lifecycle.ts `claimLeftoverCandidates`), each must be explained by a start call of uncertain
 * outcome (the one the run closed during among them), so a task of another recording of the
 * same device is not stopped.
 */
export function unadoptedCandidates(status: RecordingStatus): TaskRef[] {
  if (status.state !== 'Starting' || status.task !== undefined || status.startCalls === 0) return [];
  // The start call the run closed during is uncertain too: it never got to count itself.
  const uncertain = (status.unaccountedStarts ?? 0) + 1;
  return status.candidateTaskIds.slice(0, uncertain).map((taskId) => ({
    product: status.product,
    taskId,
    identity: status.identity ?? {},
  }));
}

/**
 * The full reference of `taskId`, a task of the closed run `status` that it never adopted: app,
 * region and room from the request it was started with (a stop needs them: TIW and TRTC address
 * a task by SdkAppId + TaskId), identity from its status.
 */
export function closedRunTaskRef(
  status: RecordingStatus,
  taskId: string,
  request: { region?: string; params: Readonly<Record<string, unknown>> },
): TaskRef {
  const sdkAppId = request.params['SdkAppId'];
  const roomId = request.params['RoomId'];
  return {
    product: status.product,
    taskId,
    ...(request.region === undefined ? {} : { region: request.region }),
    ...(typeof sdkAppId === 'number' ? { sdkAppId } : {}),
    ...(typeof roomId === 'string' || typeof roomId === 'number' ? { roomId: String(roomId) } : {}),
    identity: status.identity ?? {},
  };
}
