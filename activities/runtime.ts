/**
 * What every activity shares: its injected dependencies, the ProviderIo bound to the current
 * activity (cancellation signal, time-out, heartbeat before each call) and a log line that
 * carries recordId and TaskId but never parameters (they hold UserSig and storage keys).
 */
import { Context } from '@temporalio/activity';
import type { CloudCaller } from '../cloud/types';
import type { Recorder, ProviderIo } from '../recorders/types';
import type { FailureContext } from './failures';
import type { TaskRef } from '../domain/contract';

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
  readonly logger?: ActivityLogger;
  /** Overrides every product's per-call client time-out (domain/bounds.ts `callTimeoutMs`). */
  readonly callTimeoutMs?: number;
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
    call: (action, payload) => {
      // A heartbeat before each call is how Temporal delivers a cancellation to this attempt.
      ctx.heartbeat();
      return deps.cloud.call(
        {
          service: recorder.service,
          action,
          version: recorder.version,
          ...(region === undefined ? {} : { region }),
          payload,
        },
        { signal: ctx.cancellationSignal, timeoutMs: deps.callTimeoutMs ?? recorder.bounds.callTimeoutMs },
      );
    },
    heartbeat: (details) => ctx.heartbeat(details),
  };
}

/** The context the failure classifier needs for this attempt. */
export function failureContext(deps: ActivityDeps, intent: FailureContext['intent'], task?: TaskRef): FailureContext {
  return {
    intent,
    attempt: Context.current().info.attempt,
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
