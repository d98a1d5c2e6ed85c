/**
 * How callers reach a recording workflow, shared by workflow, client and callback gateway: its
 * workflow id (one per caller recordId, the idempotency key) and its signals, updates and
 * query. Update = the caller needs an answer or a rejection; Signal = fire-and-forget (durable
 * in history even while no worker runs); Query = read.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProviderEvent } from '../domain/contract';
import type { RecordingStatus } from './types';

// ---- workflow types and ids -----------------------------------------------------------

/** The registered workflow type names (workflows/index.ts), for starts, schedules and visibility queries. */
export const WORKFLOW_TYPES = {
  recording: 'recordingWorkflow',
  orphanReap: 'orphanReapWorkflow',
  orphanSweep: 'orphanSweepWorkflow',
  revealedTaskReap: 'revealedTaskReapWorkflow',
  admission: 'admissionWorkflow',
} as const;

const PREFIX = 'recording:';

/** The workflow id for a recordId; starting it twice finds the same recording, never a second. */
export function recordingWorkflowId(recordId: string): string {
  if (recordId.length === 0) throw new TypeError('recordId: must be a non-empty string');
  return `${PREFIX}${recordId}`;
}

/** The recordId inside a workflow id made by {@link recordingWorkflowId}, or `undefined`. */
export function recordIdOfWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(PREFIX) && workflowId.length > PREFIX.length
    ? workflowId.slice(PREFIX.length)
    : undefined;
}

const REAP_PREFIX = 'recording-reap:';

/** The orphan reap of a recordId: one per recording (a recordId names one recording forever), so a second reap finds the first. */
export function reapWorkflowId(recordId: string): string {
  if (recordId.length === 0) throw new TypeError('recordId: must be a non-empty string');
  return `${REAP_PREFIX}${recordId}`;
}

const REVEALED_PREFIX = 'recording-revealed:';

/** The reap of a task a callback revealed after its recording closed: one per provider task, so a retried callback finds the first. */
export function revealedReapWorkflowId(product: string, taskId: string): string {
  if (taskId.length === 0) throw new TypeError('taskId: must be a non-empty string');
  return `${REVEALED_PREFIX}${product}:${taskId}`;
}

// ---- signals, updates and the query ----------------------------------------------------

/** The argument of the stop signal and the stop update. */
export interface StopRequest {
  /** Who asked, for the record (no secrets). */
  readonly requestedBy?: string;
}

/**
 * trtc-cloud ModifyCloudRecording overwrites what it is given, so a key present here replaces
 * that key entirely and the workflow always sends the complete desired set it keeps.
 */
export interface ModifyRequest {
  readonly MixLayoutParams?: Readonly<Record<string, unknown>>;
  readonly SubscribeStreamUserIds?: Readonly<Record<string, unknown>>;
}

/** Move the scheduled end or the maximum duration; `null` clears it, absent leaves it. */
export interface ExtendRequest {
  readonly endAtMs?: number | null;
  readonly maxDurationMs?: number | null;
}

/**
 * Stop and wait until the provider task is stopped (or known to have ended, or the recording
 * never started); answers the status at that point. Files may still be collecting: use the
 * workflow result for them. Before the start, it cancels (`cancelled-before-start`).
 */
export const stopUpdate = defineUpdate<RecordingStatus, [StopRequest]>('stopUpdate');

/**
 * A callback named this recording's task but could not be authenticated (TIW signs only an
 * expiry, and its signature first came with another body): nothing in it is used, the
 * recording only polls the provider soon (products with a describe API).
 */
export const pollHintSignal = defineSignal<[]>('pollHintSignal');

/** Fire-and-forget stop; carried out whenever a worker next runs the workflow (invariant 3). */
export const stopSignal = defineSignal<[StopRequest]>('stopSignal');

/** tiw-online only: pause a Recording task. Rejected by the validator for other products and states. */
export const pauseUpdate = defineUpdate<RecordingStatus, []>('pauseUpdate');

/** tiw-online only: resume a Paused task. */
export const resumeUpdate = defineUpdate<RecordingStatus, []>('resumeUpdate');

/** trtc-cloud only: change layout / subscriptions; answers the complete desired set that was sent. */
export const modifyUpdate = defineUpdate<Readonly<Record<string, unknown>>, [ModifyRequest]>('modifyUpdate');

/** Move the scheduled end / maximum duration (an updatable deadline); answers the new status. */
export const extendUpdate = defineUpdate<RecordingStatus, [ExtendRequest]>('extendUpdate');

/** A verified, normalised provider callback from the gateway; duplicates (same eventId) are ignored. */
export const providerEventSignal = defineSignal<[ProviderEvent]>('providerEventSignal');

/** The current status; answers from any state, including while no task exists yet. */
export const statusQuery = defineQuery<RecordingStatus>('statusQuery');
