/** Turns Temporal client errors on a recording's handle into the library's errors. */
import { type WorkflowHandle, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { RecordingNotFoundError, RecordingOperationRejected } from './errors';

/** Whether the workflow exists and has closed; `undefined` when it does not exist at all. */
export async function closedState(handle: WorkflowHandle): Promise<boolean | undefined> {
  try {
    const description = await handle.describe();
    return description.status.name !== 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Maps `error` from `operation` on a recording: a rejected update keeps the workflow's reason;
 * "not found" is split into "no such recording" and "recording has ended" (Temporal reports
 * both as NOT_FOUND for signals and updates). Anything else is rethrown unchanged.
 */
export async function mapHandleError(
  error: unknown,
  handle: WorkflowHandle,
  recordId: string,
  operation: string,
): Promise<never> {
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    const type = cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined;
    throw new RecordingOperationRejected(operation, cause?.message ?? error.message, type);
  }
  if (error instanceof WorkflowNotFoundError) {
    const closed = await closedState(handle);
    if (closed === undefined) throw new RecordingNotFoundError(recordId);
    if (!closed) throw error;
    throw new RecordingOperationRejected(operation, 'the recording has already ended', 'RecordingEnded');
  }
  throw error;
}
