/**
 * The recording workflow: one per recordId, from the request to the last output file
 * (docs/lifecycle.md). Scheduled → Starting → Recording ⇄ Paused → Stopping → terminal.
 */
import { CancellationScope, allHandlersFinished, condition, continueAsNew, isCancellation } from '@temporalio/workflow';
import { nowMs } from './deadlines';
import { claimsUnadoptedTasks, createContext, resultOf, type RecordingContext } from './context';
import { installHandlers } from './handlers';
import { release, waitForAdmission } from './queue';
import { startPhase, waitForStart } from './start';
import { stopPhase } from './stop';
import type { RecordingRequest, RecordingResult, RecordingSnapshot } from './types';
import { stopExtraTasks, watch } from './watch';

/** Runs the phases; true when this run should hand over to a new one. */
async function run(ctx: RecordingContext): Promise<boolean> {
  const { life } = ctx;
  await waitForStart(ctx);
  await waitForAdmission(ctx);
  ctx.publish();
  // A start that may have created a task must finish before a cancellation can stop it.
  if (life.state === 'Starting') await CancellationScope.nonCancellable(() => startPhase(ctx));
  // A start that gave up (Failed) may still have revealed duplicates of its own: they bill, so stop them.
  if (life.isTerminal && life.data.extraTaskIds.length > 0 && claimsUnadoptedTasks(ctx))
    await CancellationScope.nonCancellable(() => stopExtraTasks(ctx));
  ctx.publish();
  for (;;) {
    const outcome = await watch(ctx);
    if (outcome === 'stop') await CancellationScope.nonCancellable(() => stopPhase(ctx));
    if (outcome !== 'continue-as-new') return false;
    // Let in-flight updates finish first; a stop or end arriving meanwhile goes back to the watch.
    await condition(
      () => allHandlersFinished() || life.data.stopRequest !== undefined || life.data.providerEnd !== undefined,
    );
    if (
      allHandlersFinished() &&
      life.isActive &&
      life.data.stopRequest === undefined &&
      life.data.providerEnd === undefined
    )
      return true;
  }
}

/** Workflow cancellation: before the start nothing was called; afterwards the task is still stopped. */
async function onCancelled(ctx: RecordingContext): Promise<void> {
  const { life } = ctx;
  const beforeStart = life.state === 'Scheduled' || life.state === 'Queued';
  if (beforeStart || (life.state === 'Starting' && life.data.startCalls === 0)) {
    return life.finish(nowMs(), 'cancelled-before-start');
  }
  if (life.isActive) {
    life.requestStop('cancelled', nowMs());
    life.beginStopping();
  }
  await stopPhase(ctx);
}

/**
 * The recording workflow. `carried` is the previous run's snapshot after continue-as-new;
 * callers start it with the request only. The result is returned for every ending, including
 * cancellation (endReason `cancelled` / `cancelled-before-start`) and provider refusal (`failed`).
 */
export async function recordingWorkflow(
  request: RecordingRequest,
  carried?: RecordingSnapshot,
): Promise<RecordingResult> {
  const ctx = createContext(request, carried);
  installHandlers(ctx);
  ctx.publish();
  try {
    if (await run(ctx)) {
      await continueAsNew<typeof recordingWorkflow>(request, ctx.life.snapshot());
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    await CancellationScope.nonCancellable(() => onCancelled(ctx));
  }
  // Every ending gives back its quota slot (or its place in the queue); not a hand-over.
  if (ctx.life.isTerminal) await CancellationScope.nonCancellable(() => release(ctx));
  ctx.publish();
  await CancellationScope.nonCancellable(() => condition(allHandlersFinished));
  return resultOf(ctx);
}
