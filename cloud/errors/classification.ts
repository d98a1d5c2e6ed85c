/** The vocabulary of error classification: what the caller was doing, and what to do next. */

/** What the failed call was for; it changes what some codes and ambiguous failures mean. */
export type CallIntent = 'start' | 'stop' | 'read' | 'control';

/**
 * What to do about a failure:
 * - `retryable`: retry the same call (same parameters) after `retryDelayMs` if given;
 * - `rate` / `capacity`: retry later, slowly for capacity (or escalate);
 * - `re-sign`: retry with a fresh timestamp (check the clock); `refresh-credentials`: new token;
 * - `permanent`: fail, the request itself is wrong or not allowed;
 * - `exists-on-start`: the task already exists: reconcile, do not create another;
 * - `gone-on-stop`: the task is already gone: the stop is done;
 * - `wrong-state`: re-read the task state before deciding;
 * - `ambiguous`: the provider may have acted (no or broken answer to a start): reconcile first;
 * - `unknown`: not a cloud/ error at all (rethrow it as it is).
 */
export type CloudErrorKind =
  | 'retryable'
  | 'rate'
  | 'capacity'
  | 're-sign'
  | 'refresh-credentials'
  | 'permanent'
  | 'exists-on-start'
  | 'gone-on-stop'
  | 'wrong-state'
  | 'ambiguous'
  | 'unknown';

/** The classifier's verdict on one error. */
export interface CloudErrorClassification {
  readonly kind: CloudErrorKind;
  /** Provider code (`InternalError.NetworkError`) or, for other failures, the error's `name`. */
  readonly code: string;
  /** Suggested wait before the next attempt, when a source or the limit's window gives one. */
  readonly retryDelayMs?: number;
}
