/** The workflow id convention: one workflow per caller recordId (the idempotency key). */

const PREFIX = 'recording:';

/** The workflow id for a recordId; starting it twice finds the same recording, never a second. */
export function recordingWorkflowId(recordId: string): string {
  if (recordId.length === 0) throw new TypeError('recordId: must be a non-empty string');
  return `${PREFIX}${recordId}`;
}

/** The recordId inside a workflow id made by {@link recordingWorkflowId}, or `undefined`. */
export function recordIdOfWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(PREFIX) && workflowId.length > PREFIX.length ? workflowId.slice(PREFIX.length) : undefined;
}
