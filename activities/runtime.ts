/**
 * What every activity shares: its injected dependencies, the ProviderIo bound to the current
 * activity (cancellation signal, time-out, heartbeat before each call) and a log line that
 * carries recordId and TaskId but never parameters (they hold UserSig and storage keys).
 */
import { Context } from '@temporalio/activity';
import type { CloudCaller } from '../cloud/types';
import type { Recorder, ProviderIo } from '../recorders/types';
import { classifyCloudError } from '../cloud';
import type { FailureContext } from './failures';
import type { ThrottleEvent } from './throttle';
import type { TaskRef } from '../domain/contract';
import type { Product } from '../domain/catalog';

/** The worker's fleet estimate, as the describe activity reads it (worker/fleet-estimate.ts). */
export interface FleetPollBudget {
  /** The fleet poll unit (domain/poll-budget.ts) for `product`'s describe API; undefined before the first count. */
  pollUnitMs(product: Product): number | undefined;
}

/** The logging the activities need; defaults to Temporal's activity logger. */
export interface ActivityLogger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

/** What createActivities is given: the cloud caller and, for tests, a clock, a logger and a call time-out. */
export interface ActivityDeps {
  readonly cloud: CloudCaller;
  /** Epoch ms; injectable for tests of the ResourceExpiredHour deadline. */
  readonly clock?: () => number;
  /** A [0, 1) source for the throttle back-off jitter (activities/throttle.ts); Math.random by default. */
  readonly random?: () => number;
  /** Hears of every throttled provider call (the worker counts them: worker/throttles.ts). */
  readonly onThrottle?: (event: ThrottleEvent) => void;
  readonly logger?: ActivityLogger;
  /** Overrides every product's per-call client time-out (domain/bounds.ts `callTimeoutMs`). */
  readonly callTimeoutMs?: number;
  /** Spreads the describe quota over the fleet; without it describe returns no fleet poll unit. */
  readonly fleet?: FleetPollBudget;
}

/** The injected clock's epoch ms (Date.now when none is given). */
export function nowMs(deps: ActivityDeps): number {
  return (deps.clock ?? Date.now)();
}

/** The injected logger, or Temporal's activity logger. */
export function logger(deps: ActivityDeps): ActivityLogger {
  return deps.logger ?? Context.current().log;
}

/** Binds the cloud caller to this product and to the running activity. */
export function providerIo(deps: ActivityDeps, recorder: Recorder, region: string | undefined): ProviderIo {
  const ctx = Context.current();
  return {
    call: async (action, payload) => {
      // A heartbeat before each call is how Temporal delivers a cancellation to this attempt.
      ctx.heartbeat();
      try {
        return await deps.cloud.call(
          {
            service: recorder.service,
            action,
            version: recorder.version,
            ...(region === undefined ? {} : { region }),
            payload,
          },
          { signal: ctx.cancellationSignal, timeoutMs: deps.callTimeoutMs ?? recorder.bounds.callTimeoutMs },
        );
      } catch (error) {
        // Every call passes here, so every throttle is counted once, whatever the activity makes of it.
        const c = classifyCloudError(error);
        if (c.kind === 'rate')
          deps.onThrottle?.({ service: recorder.service, action, code: c.code, attempt: ctx.info.attempt });
        throw error;
      }
    },
    heartbeat: (details) => ctx.heartbeat(details),
  };
}

/** The context the failure classifier needs for this attempt. */
export function failureContext(deps: ActivityDeps, intent: FailureContext['intent'], task?: TaskRef): FailureContext {
  const { attempt, retryPolicy } = Context.current().info;
  return {
    intent,
    attempt,
    ...(retryPolicy?.maximumAttempts === undefined ? {} : { maximumAttempts: retryPolicy.maximumAttempts }),
    random: deps.random ?? Math.random,
    nowMs: nowMs(deps),
    ...(task === undefined ? {} : { task }),
  };
}

/** Log fields for a task: ids only. */
export function taskFields(task: TaskRef): Record<string, unknown> {
  return {
    product: task.product,
    taskId: task.taskId,
    ...(task.roomId === undefined ? {} : { roomId: task.roomId }),
    ...(task.streamName === undefined ? {} : { streamName: task.streamName }),
  };
}
