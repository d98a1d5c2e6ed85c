/**
 * Provider errors that are answers, not failures: a start that finds its task already there
 * or may have acted, a stop of a task that is gone, a describe or lookup of a missing task.
 * Whatever is not an answer goes to failureFor() and is thrown.
 */
import { CloudProviderError, type CloudErrorKind } from '../cloud';
import { ProviderResponseInvalid } from '../recorders/errors';
import type { Recorder } from '../recorders/types';
import type {
  ProviderIdentity,
  RecoverTaskOutcome,
  StartTaskOutcome,
  StopTaskOutcome,
  TaskObservation,
} from '../domain/contract';
import {
  classify,
  controlLost,
  failureFor,
  isGone,
  isLastAttempt,
  throttleRetryDelayMs,
  type FailureContext,
} from './failures';

/** Web start refusals that demand a new RecordId wait at least this long when no hint is given. */
const NEXT_ATTEMPT_DELAY_MS = 3_000;

/**
 * Classifications of an answer in which the provider refused the call (or of a request that was
 * never sent): nothing was created. A time-out, a reset after sending, a 5xx or an unreadable
 * answer is `ambiguous` instead.
 */
const PROVIDER_REFUSALS: readonly CloudErrorKind[] = ['retryable', 'rate', 'capacity', 're-sign'];
/** Wait before calling again after such a refusal when the classifier gives no hint. */
const RETRY_LATER_DEFAULT_MS = 3_000;

function codeOf(error: unknown): string {
  return error instanceof CloudProviderError ? error.code : error instanceof Error ? error.name : 'Unknown';
}

function throttledRetryLater(code: string, ctx: FailureContext): StartTaskOutcome {
  return { kind: 'retry-later', code, retryAfterMs: throttleRetryDelayMs(ctx), throttled: true };
}

/**
 * Start, in this order: exists → reconcile; a refusal of a create sent once → retry-later; a
 * throttle → retried (by the workflow on the last attempt); ambiguous → per the product's
 * policy; web refusals → next attempt.
 */
export function startOutcomeOnError(
  error: unknown,
  recorder: Recorder,
  identity: ProviderIdentity,
  ctx: FailureContext,
): StartTaskOutcome {
  const c = classify(error, 'start', ctx.attempt);
  if (c.kind === 'exists-on-start') return { kind: 'exists', identity, code: c.code };
  // One attempt only for these (domain/retry-policies.ts CREATE_ONCE_RETRY): a refusal the
  // provider answered means it did not act, so the workflow may call again after a while.
  if (recorder.ambiguousStart === 'report' && PROVIDER_REFUSALS.includes(c.kind)) {
    if (c.kind === 'rate') return throttledRetryLater(c.code, ctx);
    return { kind: 'retry-later', code: c.code, retryAfterMs: c.retryDelayMs ?? RETRY_LATER_DEFAULT_MS };
  }
  // A throttled start did not act either; the activity's retry policy retries it (jittered, by
  // failureFor), and on its last attempt the workflow does, so a throttle never fails a recording.
  if (c.kind === 'rate') {
    if (isLastAttempt(ctx)) return throttledRetryLater(c.code, ctx);
    throw failureFor(error, { ...ctx, intent: 'start' });
  }
  if (c.kind === 'ambiguous' && (recorder.ambiguousStart === 'report' || error instanceof ProviderResponseInvalid)) {
    return {
      kind: 'ambiguous',
      identity,
      reason: `${c.code}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (
    recorder.newIdentityAfterStartError &&
    error instanceof CloudProviderError &&
    (c.kind === 'retryable' || c.kind === 'capacity')
  ) {
    return { kind: 'retry-next-attempt', code: c.code, retryAfterMs: c.retryDelayMs ?? NEXT_ATTEMPT_DELAY_MS };
  }
  throw failureFor(error, { ...ctx, intent: 'start' });
}

/**
 * Stop: a task the provider no longer knows is stopped, unless control was lost
 * (ResourceExpiredHour); so is the product's "no such task" answer to a retried stop, whose
 * earlier attempt acted and lost its answer (`Recorder.goneOnStopRetry`).
 */
export function stopOutcomeOnError(error: unknown, recorder: Recorder, ctx: FailureContext): StopTaskOutcome {
  const goneAfterLostStop =
    ctx.attempt > 1 && error instanceof CloudProviderError && recorder.goneOnStopRetry.includes(error.code);
  if ((isGone(error) || goneAfterLostStop) && !controlLost(ctx.task, ctx.nowMs)) {
    return { kind: 'already-ended', code: codeOf(error) };
  }
  throw failureFor(error, { ...ctx, intent: 'stop' });
}

/** Describe: "not found" is an observation (ended), not an error, while we still have control. */
export function observationOnError(error: unknown, ctx: FailureContext): TaskObservation {
  if (isGone(error) && !controlLost(ctx.task, ctx.nowMs)) {
    return { state: 'ended', endCause: 'not-found', files: [], detail: codeOf(error) };
  }
  throw failureFor(error, { ...ctx, intent: 'read' });
}

/** Recover: no task under our identity is a normal answer. */
export function recoverOutcomeOnError(error: unknown, ctx: FailureContext): RecoverTaskOutcome {
  if (isGone(error)) return { kind: 'not-found' };
  throw failureFor(error, { ...ctx, intent: 'read' });
}
