/**
 * Watching a running task: wait for whichever comes first of a stop request, a provider end
 * (callback first, status poll as fallback), the scheduled end, the maximum duration, or the
 * ResourceExpiredHour deadline; hand over to a new run when history grows long.
 */
import { ActivityFailure, CancellationScope, condition, patched, workflowInfo } from '@temporalio/workflow';
import { CATALOG } from '../domain/catalog';
import { claimsUnadoptedTasks, type RecordingContext } from './context';
import { taskRefFor } from './start';
import { nextStep, nowMs } from './deadlines';
import { failureType } from './provider';
import { FAILURE_TYPES } from '../domain/retry-policies';
import { pollPhaseMs } from '../domain/poll-budget';

/** Patch: polls share the describe API's budget with the fleet, phased per recording. */
export const FLEET_AWARE_POLLING = 'fleet-aware-polling';

/** The first-poll phase under patch `fleet-aware-polling`; undefined for older histories and products that never poll. */
function fleetPhaseMs(ctx: RecordingContext): number | undefined {
  const { request, opts } = ctx;
  if (!CATALOG[request.product].capabilities.describe || !patched(FLEET_AWARE_POLLING)) return undefined;
  return pollPhaseMs(request.recordId, opts.poll.firstDelayMs);
}

/** Why the watch returned: stop the task, hand over to a new run, or the recording already ended. */
export type WatchOutcome = 'stop' | 'continue-as-new' | 'done';

/** Temporal suggests it, or (tests) history passed the request's threshold. */
export function shouldContinueAsNew(threshold: number | undefined): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || (threshold !== undefined && info.historyLength >= threshold);
}

/** One status poll; a failed poll is a warning (the next one comes on schedule) unless control is lost. */
async function pollOnce(ctx: RecordingContext): Promise<void> {
  const { life, calls } = ctx;
  const task = life.task;
  if (task === undefined || calls.describeTask === undefined) return;
  try {
    const before = life.data.lastObservedState;
    const seen = await calls.describeTask({ task });
    life.notePoll(nowMs(), seen);
    life.addFiles(seen.files);
    if (seen.state === 'ended') {
      // TRTC answers Idle while nobody publishes and refuses once the task exited: Idle, then
      // gone, is MaxIdleTime ending it (reference §3, §9).
      const idle = seen.endCause === 'not-found' && before === 'idle';
      const cause = idle ? 'idle-timeout' : seen.endCause;
      const detail = idle ? `Idle, then ${seen.detail ?? 'not found'}` : seen.detail;
      life.providerEnded({
        ...(cause === undefined ? {} : { cause }),
        atMs: nowMs(),
        source: 'poll',
        ...(detail === undefined ? {} : { detail }),
      });
    }
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    life.notePoll(nowMs());
    if (failureType(err) === FAILURE_TYPES.controlLost) {
      life.warn('stop-failed', `control lost before the recording ended: ${err.cause?.message ?? ''}`, nowMs());
      return life.finish(nowMs(), 'control-lost');
    }
    life.warn('poll-failed', failureType(err), nowMs());
  }
}

/** Patch: an end reported by a callback whose signature does not cover its body is confirmed first. */
export const CONFIRM_CALLBACK_END = 'confirm-callback-end';

/**
 * Callbacks are hints, the provider is the truth (invariant 7). TIW signs only an expiry time,
 * not the body, so a callback saying the task ended is checked with the provider (describe)
 * before the recording ends; when the provider says it still runs, the end is refuted and the
 * watch goes on. True when the end was refuted. A describe that fails leaves the callback's
 * word standing (as before this check), so a provider outage cannot keep a recording open.
 */
async function endRefutedByProvider(ctx: RecordingContext): Promise<boolean> {
  const { life, calls, request } = ctx;
  const end = life.data.providerEnd;
  const task = life.task;
  if (end?.source !== 'callback' || task === undefined || calls.describeTask === undefined) return false;
  if (CATALOG[request.product].callbackSignatureCoversBody || !patched(CONFIRM_CALLBACK_END)) return false;
  try {
    const seen = await calls.describeTask({ task });
    life.notePoll(nowMs(), seen);
    life.addFiles(seen.files);
    // STOPPED (processing, upload) or FINISHED: the task did end.
    if (seen.state === 'ended' || seen.state === 'stopping') return false;
    life.providerEndRefuted(
      `${end.detail ?? end.cause ?? 'end'} callback for task ${task.taskId}, but the provider says ${seen.providerStatus ?? seen.state}`,
      nowMs(),
    );
    return true;
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    life.warn('poll-failed', `confirming a callback end: ${failureType(err)}`, nowMs());
    return false;
  }
}

/** trro-cloud duplicates revealed by callbacks: stop them (they bill) and say so. */
export async function stopExtraTasks(ctx: RecordingContext): Promise<void> {
  const { life } = ctx;
  for (const taskId of life.data.extraTaskIds) {
    const task = life.task;
    // Before any task was adopted (patch stop-unadopted-tasks only): address it as a callback-revealed task.
    const ref =
      task === undefined ? (claimsUnadoptedTasks(ctx) ? taskRefFor(ctx, taskId) : undefined) : { ...task, taskId };
    if (ref === undefined) return;
    await CancellationScope.nonCancellable(() => ctx.lock.run(() => ctx.calls.stopTask({ task: ref }))).then(
      () => life.warn('extra-task-stopped', `duplicate task ${taskId} stopped`, nowMs()),
      (err: unknown) => {
        if (!(err instanceof ActivityFailure)) throw err;
        life.warn('stop-failed', `duplicate task ${taskId}: ${failureType(err)}`, nowMs());
      },
    );
    life.extraTaskHandled(taskId);
  }
}

/** Watches until the recording must stop, has ended, or should continue as a new run. */
export async function watch(ctx: RecordingContext): Promise<WatchOutcome> {
  const { life, request, opts } = ctx;
  while (life.isActive) {
    await stopExtraTasks(ctx);
    ctx.publish();
    const now = nowMs();
    const step = nextStep(life.data, request.product, request.params, opts, now, fleetPhaseMs(ctx));
    switch (step.kind) {
      case 'provider-ended':
        if (await endRefutedByProvider(ctx)) continue;
        life.beginStopping();
        return 'stop';
      case 'stop':
        life.requestStop(step.reason, now);
        life.beginStopping();
        return 'stop';
      case 'detach':
        life.detach(step.reason, now);
        return 'done';
      case 'provider-bound':
        life.providerEnded({
          atMs: now,
          source: 'bound',
          ...(step.reason === 'provider-max-duration' ? { cause: 'max-duration' } : {}),
        });
        life.beginStopping();
        return 'stop';
      case 'wait': {
        if (shouldContinueAsNew(opts.historyLengthThreshold)) return 'continue-as-new';
        const seen = life.version;
        const timeout = step.untilMs === undefined ? undefined : Math.max(step.untilMs - now, 1);
        const woke =
          timeout === undefined
            ? await condition(() => life.version !== seen).then(() => true)
            : await condition(() => life.version !== seen, timeout);
        if (!woke && step.poll) await pollOnce(ctx);
      }
    }
  }
  return life.state === 'Stopping' ? 'stop' : 'done';
}
