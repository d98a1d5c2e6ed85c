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

/**
 * Before the first start call: ask for a slot and wait in `Queued` until admitted, stopped, or
 * past the scheduled end (then nothing is left to record: Completed `scheduled-end`, no start call).
 */
export async function waitForAdmission(ctx: RecordingContext): Promise<void> {
  const { life, request } = ctx;
  const quotaKey = quotaKeyToAcquire(ctx);
  if (quotaKey === undefined) return;
  const calls = admissionCalls(ctx);
  const workflowId = workflowInfo().workflowId;
  const admitted = (): boolean => life.data.admission?.admittedAtMs !== undefined;
  let acquiredAtMs: number | undefined;
  for (;;) {
    // Checked before each (re-)acquire and after each wake-up; recording.ts releases on every ending.
    if (life.data.stopRequest !== undefined) return life.finish(nowMs(), 'cancelled-before-start');
    const endAtMs = life.data.endAtMs;
    if (endAtMs !== undefined && endAtMs <= nowMs()) return life.finish(nowMs(), 'scheduled-end');
    if (admitted()) {
      if (life.state === 'Queued') life.admit();
      return ctx.publish(); // a free slot at once: never shown Queued
    }
    if (acquiredAtMs === undefined || nowMs() - acquiredAtMs >= REACQUIRE_INTERVAL_MS) {
      // From here on any ending gives back what the acquire may have taken.
      if (acquiredAtMs === undefined) life.noteAdmissionRequested(quotaKey, nowMs());
      const answer = await calls.requestAdmission({ quotaKey, recordId: request.recordId, workflowId });
      acquiredAtMs = nowMs();
      if (answer.kind === 'unlimited') {
        // No limit configured (any more): start now; a place taken by an earlier acquire is given back.
        if (life.state === 'Queued') {
          await release(ctx);
          life.admit();
        } else life.admissionNotNeeded();
        return ctx.publish();
      }
      if (!admitted() && life.state === 'Starting')
        life.enqueue(quotaKey, answer.admissionWorkflowId, answer.limit, nowMs());
      ctx.publish();
      continue;
    }
    // Woken by any change: the admission, a stop, an extend that moved the end.
    const seen = life.version;
    const untilReacquire = acquiredAtMs + REACQUIRE_INTERVAL_MS - nowMs();
    const untilEnd = endAtMs === undefined ? untilReacquire : endAtMs - nowMs();
    await condition(() => life.version !== seen, Math.max(1, Math.min(untilReacquire, untilEnd)));
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
