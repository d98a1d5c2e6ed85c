/**
 * Metering of the worker's work (runtime/metrics.ts): every provider call through the cloud
 * caller, and the reconcile and reap outcomes the activities return. Wrappers, so activities
 * and the cloud client stay free of metrics; only ids-free labels are recorded.
 */
import { Context } from '@temporalio/activity';
import { CloudHttpStatusError, CloudTimeoutError, classifyCloudError } from '../cloud/index';
import type { CallOptions, CloudCaller, CloudRequest } from '../cloud/types';
import type { RecordingActivityFunctions } from '../activities/create-activities';
import { WORKFLOW_TYPES } from '../workflows/messages';
import { providerCallSeconds, providerCalls, providerThrottles, reaperActions, reconciles } from '../runtime/metrics';
import type { ThrottleEvent } from '../activities/throttle';

/** The code a failed call is counted under: the provider's code, `HTTP_<status>`, `timeout_<phase>` or the error's name. */
export function callResultCode(error: unknown): string {
  if (error instanceof CloudHttpStatusError) return `HTTP_${error.status}`;
  if (error instanceof CloudTimeoutError) return `timeout_${error.phase}`;
  return classifyCloudError(error).code;
}

/** `caller` with each call counted by result code and timed. */
export function meteredCloudCaller(caller: CloudCaller, clock: () => number = () => performance.now()): CloudCaller {
  const call: CloudCaller['call'] = async <T>(request: CloudRequest, options?: CallOptions) => {
    const labels = { service: request.service, action: request.action };
    const started = clock();
    try {
      const response = await caller.call<T>(request, options);
      providerCalls.inc({ ...labels, code: 'ok' });
      providerCallSeconds.observe({ ...labels, result: 'ok' }, (clock() - started) / 1000);
      return response;
    } catch (error) {
      providerCalls.inc({ ...labels, code: callResultCode(error) });
      providerCallSeconds.observe({ ...labels, result: 'error' }, (clock() - started) / 1000);
      throw error;
    }
  };
  return { call };
}

/** Feeds the throttle counter (the activities call it once per throttled call: activities/runtime.ts). */
export function meterThrottle(event: ThrottleEvent): void {
  providerThrottles.inc({ service: event.service, action: event.action });
}

/** Whether the running activity was scheduled by an orphan reap rather than by a recording. */
function calledByReap(): boolean {
  try {
    return Context.current().info.workflowType === WORKFLOW_TYPES.orphanReap;
  } catch {
    return false;
  }
}

/** The activities with their reconcile and reap outcomes counted; results and failures pass through unchanged. */
export function meteredActivities(activities: RecordingActivityFunctions): RecordingActivityFunctions {
  return {
    ...activities,
    startTask: async (input) => {
      const outcome = await activities.startTask(input);
      if (outcome.kind === 'exists')
        reconciles.inc({ product: input.product, kind: 'exists-on-start', outcome: 'exists' });
      return outcome;
    },
    recoverTask: async (input) => {
      const outcome = await activities.recoverTask(input);
      reconciles.inc({ product: input.product, kind: 'lookup', outcome: outcome.kind });
      return outcome;
    },
    stopTask: async (input) => {
      const reap = calledByReap();
      try {
        const outcome = await activities.stopTask(input);
        if (reap) reaperActions.inc({ action: 'stop', outcome: outcome.kind });
        return outcome;
      } catch (error) {
        if (reap) reaperActions.inc({ action: 'stop', outcome: 'failed' });
        throw error;
      }
    },
  };
}
