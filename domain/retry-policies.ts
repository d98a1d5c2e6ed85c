/**
 * Retry policies and time-outs per kind of provider call, as plain data the workflow imports
 * (pure: types only from @temporalio/common, no zod, no node). Failures marked non-retryable
 * by activities/failures.ts never retry; `nextRetryDelay` hints (rate, capacity, InternalError
 * 3 s, 6 s, 12 s…) override the backoff below for the attempt they come from.
 */
import type { ActivityOptions, RetryPolicy } from '@temporalio/common';
import { CATALOG, type Product } from './catalog';
import type { RecordingActivities } from './contract';

export type CallKind = 'start' | 'recover' | 'read' | 'control' | 'stop';

/**
 * Failure types of our own (everything else is a provider code or a cloud/ error name). Kept
 * here, in the pure module, so the workflow can match them too; activities/failures.ts throws them.
 */
export const FAILURE_TYPES = {
  invalidParams: 'InvalidRecordingParams',
  invalidInput: 'InvalidActivityInput',
  invalidResponse: 'ProviderResponseInvalid',
  controlLost: 'ProviderControlLost',
  notSupported: 'NotSupportedByProduct',
} as const;

/** Our own failure types are thrown non-retryable already; listed so a policy can never retry them. */
const NEVER_RETRY = Object.values(FAILURE_TYPES);

export const RETRY_POLICIES: Readonly<Record<CallKind, RetryPolicy>> = {
  // TRTC guide: retry a start with identical parameters until a TaskId returns, 3 s, 6 s, 12 s…
  // The identity is fixed per attempt, so retries dedupe or replace (domain/identity.ts).
  start: {
    initialInterval: '3s',
    backoffCoefficient: 2,
    maximumInterval: '1m',
    maximumAttempts: 10,
    nonRetryableErrorTypes: NEVER_RETRY,
  },
  recover: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: 8,
    nonRetryableErrorTypes: NEVER_RETRY,
  },
  // A failed poll is not urgent: the workflow polls again on its own schedule.
  read: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '15s',
    maximumAttempts: 3,
    nonRetryableErrorTypes: NEVER_RETRY,
  },
  control: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: 8,
    nonRetryableErrorTypes: NEVER_RETRY,
  },
  // An un-stopped task bills money: keep trying for a day (no attempt cap), slowly.
  stop: { initialInterval: '3s', backoffCoefficient: 2, maximumInterval: '5m', nonRetryableErrorTypes: NEVER_RETRY },
};

/** Time-outs per kind. One call is bounded by the client time-out (10 s), so 30 s per attempt is ample. */
export const ACTIVITY_TIMEOUTS: Readonly<
  Record<CallKind, Pick<ActivityOptions, 'startToCloseTimeout' | 'scheduleToCloseTimeout' | 'heartbeatTimeout'>>
> = {
  start: { startToCloseTimeout: '30s', scheduleToCloseTimeout: '15m' },
  // TIW recover lists and confirms in several calls, heart-beating between them.
  recover: { startToCloseTimeout: '5m', heartbeatTimeout: '30s', scheduleToCloseTimeout: '15m' },
  read: { startToCloseTimeout: '30s', scheduleToCloseTimeout: '2m' },
  control: { startToCloseTimeout: '30s', scheduleToCloseTimeout: '10m' },
  stop: { startToCloseTimeout: '30s', scheduleToCloseTimeout: '24h' },
};

/** Which kind each activity is. */
export const CALL_KIND: Readonly<Record<keyof RecordingActivities, CallKind>> = {
  startTask: 'start',
  recoverTask: 'recover',
  describeTask: 'read',
  modifyTask: 'control',
  pauseTask: 'control',
  resumeTask: 'control',
  stopTask: 'stop',
};

/**
 * The start of a product whose repeated create could run a second billed task
 * (`CATALOG.repeatedCreateIsSafe` false): one attempt only. A lost worker, a lost server or a
 * time-out then reaches the workflow as a failure it treats as ambiguous, and the workflow,
 * not a retry policy, decides by the product's recovery rule. Refusals the provider answered
 * (it did not act) come back as a `retry-later` outcome instead.
 */
export const CREATE_ONCE_RETRY: RetryPolicy = { maximumAttempts: 1, nonRetryableErrorTypes: NEVER_RETRY };

/** The startTask options for `product`: its retry policy depends on whether a repeated create is safe. */
export function startOptionsFor(product: Product): ActivityOptions {
  const options = activityOptionsFor('startTask');
  return CATALOG[product].repeatedCreateIsSafe ? options : { ...options, retry: CREATE_ONCE_RETRY };
}

/** Complete ActivityOptions for one activity (add `taskQueue` from domain/catalog.ts activityTaskQueue). */
export function activityOptionsFor(activity: keyof RecordingActivities): ActivityOptions {
  const kind = CALL_KIND[activity];
  return { ...ACTIVITY_TIMEOUTS[kind], retry: RETRY_POLICIES[kind] };
}
