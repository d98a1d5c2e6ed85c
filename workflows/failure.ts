/** How the workflow names an activity failure in warnings and results: the provider's code when there is one (pure). */
import { ApplicationFailure, type ActivityFailure } from '@temporalio/workflow';

/**
 * The failure `type` the activity's classifier set (the provider code, e.g.
 * `InvalidParameter.OutOfRange`), else the cause's name, so warnings speak the provider's words.
 */
export function failureType(err: ActivityFailure): string {
  return err.cause instanceof ApplicationFailure ? (err.cause.type ?? 'ApplicationFailure') : (err.cause?.name ?? 'ActivityFailure');
}
