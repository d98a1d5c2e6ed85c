/**
 * Queued: waiting for a slot of the provider's concurrency quota before the start call
 * (patch `admission-control`; domain/admission.ts, workflows/admission.ts), and giving the slot
 * back on any ending. Waiting is cancellable: a stop or a cancellation while Queued ends the
 * recording Cancelled with no provider call, and leaves the queue.
 */
import {
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import { quotaKeyOf } from '../domain/admission';
import { admissionTaskQueue, type AdmissionActivities } from '../domain/contract';
import { releaseSignal } from './admission-messages';
import type { RecordingContext } from './context';
import { nowMs } from './deadlines';

/** Patch: recordings of a product with a concurrency quota ask for a slot before starting. */
export const ADMISSION_CONTROL = 'admission-control';

/**
 * While queued, the acquire is sent again this often: it keeps the place (acquires are
 * idempotent) and, if the admission workflow was lost, starts a fresh one that queues us again.
 */
export const REACQUIRE_INTERVAL_MS = 5 * 60_000;

function admissionCalls(ctx: RecordingContext): AdmissionActivities {
  return proxyActivities<AdmissionActivities>({
    taskQueue: admissionTaskQueue(ctx.opts.activityQueuePrefix),
    startToCloseTimeout: '30s',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  });
}

/** The quota key whose slot this recording needs, when admission applies (and the patch is in effect). */
function quotaKeyToAcquire(ctx: RecordingContext): string | undefined {
  const { life, request } = ctx;
  if (life.state !== 'Starting' || life.data.startCalls > 0 || life.data.admission !== undefined) return undefined;
  const quotaKey = quotaKeyOf(request.product, request.params);
  return quotaKey !== undefined && patched(ADMISSION_CONTROL) ? quotaKey : undefined;
}

/** Before the first start call: ask for a slot and wait in `Queued` until admitted (or stopped). */
export async function waitForAdmission(ctx: RecordingContext): Promise<void> {
  const { life, request } = ctx;
  const quotaKey = quotaKeyToAcquire(ctx);
  if (quotaKey === undefined) return;
  const calls = admissionCalls(ctx);
  const workflowId = workflowInfo().workflowId;
  life.noteAdmissionRequested(quotaKey, nowMs());
  for (;;) {
    const answer = await calls.requestAdmission({ quotaKey, recordId: request.recordId, workflowId });
    if (answer.kind === 'unlimited') {
      // No limit configured (any more): start now; a place taken by an earlier acquire is given back.
      if (life.state === 'Queued') {
        await release(ctx);
        life.admit();
      } else life.admissionNotNeeded();
      ctx.publish();
      return;
    }
    const admitted = (): boolean => life.data.admission?.admittedAtMs !== undefined;
    if (admitted() && life.state === 'Starting') return ctx.publish(); // a free slot: no queueing shown
    if (life.state === 'Starting') life.enqueue(quotaKey, answer.admissionWorkflowId, answer.limit, nowMs());
    ctx.publish();
    await condition(() => admitted() || life.data.stopRequest !== undefined, REACQUIRE_INTERVAL_MS);
    if (life.data.stopRequest !== undefined) {
      life.finish(nowMs(), 'cancelled-before-start');
      return; // recording.ts releases on every ending
    }
    if (admitted()) {
      life.admit();
      ctx.publish();
      return;
    }
  }
}

/**
 * Gives back the slot or the place in the queue, once (releases are idempotent on the admission
 * side too). A missing admission workflow has nothing to give back to: the signal's failure is
 * only logged. Called on every ending of the recording (recording.ts).
 */
export async function release(ctx: RecordingContext): Promise<void> {
  const { life } = ctx;
  const admission = life.data.admission;
  if (admission === undefined || admission.releasedAtMs !== undefined) return;
  life.noteReleased(nowMs());
  ctx.publish();
  try {
    await getExternalWorkflowHandle(admission.admissionWorkflowId).signal(releaseSignal, {
      workflowId: workflowInfo().workflowId,
    });
  } catch (err) {
    if (isCancellation(err)) throw err;
    log.warn('admission release not delivered', { quotaKey: admission.quotaKey, recordId: ctx.request.recordId });
  }
}
