/** Public surface of activities/: the factory the worker registers and what the workflow imports (types, policies). */
export {
  createActivities,
  type ActivityDeps,
  type ActivityLogger,
  type RecordingActivityFunctions,
} from './create-activities';
export { FAILURE_TYPES, classify, failureFor } from './failures';
export {
  ACTIVITY_TIMEOUTS,
  CALL_KIND,
  RETRY_POLICIES,
  activityOptionsFor,
  type CallKind,
} from '../domain/retry-policies';
export type * from '../domain/contract';
