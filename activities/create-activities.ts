/**
 * The activity factory the worker registers: `createActivities({ cloud })`. The workflow
 * proxies the result with `proxyActivities<RecordingActivities>(...)` and the options in
 * domain/retry-policies.ts; tests pass a fake CloudCaller instead of mocking modules.
 */
import type { ListRunningActivities, RecordingActivities } from '../domain/contract';
import { listRunningTasks } from './list-running';
import { recoverTask, startTask } from './start-task';
import type { ActivityDeps } from './runtime';
import { describeTask, modifyTask, pauseTask, resumeTask, stopTask } from './task-calls';

export type { ActivityDeps, ActivityLogger } from './runtime';

/**
 * The activities as plain function properties (not methods), so each can be registered,
 * passed or proxied on its own without a `this`. Assignable to RecordingActivities.
 */
export type RecordingActivityFunctions = {
  readonly [K in keyof (RecordingActivities & ListRunningActivities)]: (
    ...args: Parameters<(RecordingActivities & ListRunningActivities)[K]>
  ) => ReturnType<(RecordingActivities & ListRunningActivities)[K]>;
};

/** One activity per provider call; every activity makes at most one signed call (TIW recover: see recorders/tiw-online/recover.ts). */
export function createActivities(deps: ActivityDeps): RecordingActivityFunctions {
  return {
    startTask: (input) => startTask(deps, input),
    recoverTask: (input) => recoverTask(deps, input),
    describeTask: (input) => describeTask(deps, input),
    modifyTask: (input) => modifyTask(deps, input),
    pauseTask: (input) => pauseTask(deps, input),
    resumeTask: (input) => resumeTask(deps, input),
    stopTask: (input) => stopTask(deps, input),
    listRunningTasks: (input) => listRunningTasks(deps, input),
  };
}
