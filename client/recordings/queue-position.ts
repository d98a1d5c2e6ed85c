/** A Queued recording's place in its quota's FIFO, asked of the admission workflow that owns the queue. */
import { type Client } from '@temporalio/client';
import { positionOf } from '../../domain/admission';
import { admissionStateQuery } from '../../workflows/admission-messages';
import { recordingWorkflowId } from '../../workflows/messages';
import type { RecordingStatus } from '../../workflows/types';

/** `status` with `queuePosition`; unchanged when the admission workflow cannot answer (no position shown). */
export async function withQueuePosition(client: Client, status: RecordingStatus): Promise<RecordingStatus> {
  const admission = status.admission;
  if (admission === undefined) return status;
  try {
    const state = await client.workflow.getHandle(admission.admissionWorkflowId).query(admissionStateQuery);
    const position = positionOf(state, recordingWorkflowId(status.recordId));
    return typeof position === 'number' ? { ...status, queuePosition: position } : status;
  } catch {
    // A status read never fails for want of a position: the semaphore may be handing over.
    return status;
  }
}
