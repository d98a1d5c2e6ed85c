/**
 * The one classifier at the activity boundary: any error from a provider call becomes either
 * an outcome the workflow handles (exists, ambiguous, already ended, not found) or a Temporal
 * failure. ApplicationFailure `type` is the provider code (`InvalidParameter.OutOfRange`), so
 * histories speak the provider's words; errors that are not ours are rethrown as they are.
 */
import { ApplicationFailure } from '@temporalio/common';
import { classifyCloudError, type CallIntent, type CloudErrorClassification } from '../cloud';
import { IncompleteTaskRef, InvalidRecordingParams, ProviderResponseInvalid } from '../recorders/errors';
import type { TaskRef } from '../domain/contract';
import { FAILURE_TYPES } from '../domain/retry-policies';
import { throttleDelayMs } from './throttle';

/** Re-exported: the classifier's callers know the failure types from here. */
export { FAILURE_TYPES };

export interface FailureContext {
  readonly intent: CallIntent;
  /** Temporal's 1-based attempt number; scales the InternalError and throttle back-off. */
  readonly attempt: number;
  /** The activity's retry-policy cap (absent or 0: unlimited); a throttled start on it is retried by the workflow. */
  readonly maximumAttempts?: number;
  /** [0, 1) source of the throttle jitter; without one the throttle delay is the un-jittered base. */
  readonly random?: () => number;
  readonly task?: TaskRef;
  readonly nowMs: number;
}

/** The wait after a throttle on `ctx.attempt`: doubling, jittered (activities/throttle.ts). */
export function throttleRetryDelayMs(ctx: Pick<FailureContext, 'attempt' | 'random'>): number {
  return throttleDelayMs(ctx.attempt, ctx.random ?? (() => 0.5));
}

/** True when Temporal will not run this activity again after this attempt fails. */
export function isLastAttempt(ctx: Pick<FailureContext, 'attempt' | 'maximumAttempts'>): boolean {
  return ctx.maximumAttempts !== undefined && ctx.maximumAttempts > 0 && ctx.attempt >= ctx.maximumAttempts;
}

/** The cloud/ classification, extended with the recording-level errors. */
export function classify(error: unknown, intent: CallIntent, attempt: number): CloudErrorClassification {
  if (error instanceof InvalidRecordingParams) return { kind: 'permanent', code: FAILURE_TYPES.invalidParams };
  if (error instanceof IncompleteTaskRef) return { kind: 'permanent', code: FAILURE_TYPES.invalidInput };
  // Wrong data from a successful call: a retry will not fix it; on start the task may exist.
  if (error instanceof ProviderResponseInvalid)
    return { kind: intent === 'start' ? 'ambiguous' : 'permanent', code: FAILURE_TYPES.invalidResponse };
  return classifyCloudError(error, intent, attempt);
}

/** True when the provider says the task no longer exists (the stop-side reading of the code). */
export function isGone(error: unknown): boolean {
  return classifyCloudError(error, 'stop').kind === 'gone-on-stop';
}

/** After ResourceExpiredHour the provider refuses calls while the task keeps running. */
export function controlLost(task: TaskRef | undefined, nowMs: number): boolean {
  return task?.controlExpiresAtMs !== undefined && nowMs >= task.controlExpiresAtMs;
}

function asError(error: unknown): Error | undefined {
  return error instanceof Error ? error : undefined;
}

/**
 * The failure to throw for `error`: an ApplicationFailure (retryable or not) for provider and
 * recording errors, the error itself for anything unknown (bugs, cancellation).
 */
export function failureFor(error: unknown, ctx: FailureContext): unknown {
  const c = classify(error, ctx.intent, ctx.attempt);
  const cause = asError(error);
  const message = cause?.message ?? String(error);
  const refused = c.kind === 'permanent' || c.kind === 'gone-on-stop' || isGone(error);
  if (refused && controlLost(ctx.task, ctx.nowMs)) {
    return ApplicationFailure.create({
      type: FAILURE_TYPES.controlLost,
      message: `ResourceExpiredHour passed for task ${ctx.task?.taskId ?? '?'}: the provider no longer accepts calls (${c.code})`,
      nonRetryable: true,
      cause,
    });
  }
  switch (c.kind) {
    case 'unknown':
      return error;
    case 'rate':
      // Jittered, so the workers throttled together do not all come back in the same second.
      return ApplicationFailure.create({
        type: c.code,
        message,
        nonRetryable: false,
        nextRetryDelay: throttleRetryDelayMs(ctx),
        cause,
      });
    case 'retryable':
    case 'capacity':
    case 're-sign':
    case 'refresh-credentials':
    case 'ambiguous':
      return ApplicationFailure.create({
        type: c.code,
        message,
        nonRetryable: false,
        // A 0 ms hint (re-sign) means "now"; Temporal treats 0 as unset, so use a tiny delay.
        ...(c.retryDelayMs === undefined ? {} : { nextRetryDelay: Math.max(c.retryDelayMs, 100) }),
        cause,
      });
    default:
      // permanent, wrong-state, and exists/gone codes outside the call they are meaningful for.
      return ApplicationFailure.create({ type: c.code, message, nonRetryable: true, cause });
  }
}
