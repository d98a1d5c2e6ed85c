/** The recording-level errors recorders raise: bad start parameters, an incomplete task reference, a provider answer of the wrong shape. */
import type { Product } from '../domain/catalog';

/**
 * Start parameters broke a documented rule. `issues` are `<field path>: <rule>` lines, e.g.
 * `RecordParams.MaxIdleTime: must be an integer in [5, 86400] (seconds)`; they never contain
 * the offending value, so a secret typed into the wrong field cannot leak through the message.
 */
export class InvalidRecordingParams extends Error {
  override readonly name = 'InvalidRecordingParams' as const;
  readonly product: Product;
  readonly issues: readonly string[];

  constructor(product: Product, issues: readonly string[], subject = 'start parameters') {
    super(`invalid ${product} ${subject}:\n  ${issues.join('\n  ')}`);
    this.product = product;
    this.issues = issues;
  }
}

/**
 * The provider answered "success" but the data does not match the documented response (a
 * missing TaskId, a wrong type). Retrying will not fix the data, so activities treat it as
 * non-retryable (except on start, where the task may exist: see activities/failures.ts).
 */
export class ProviderResponseInvalid extends Error {
  override readonly name = 'ProviderResponseInvalid' as const;
  readonly action: string;
  readonly requestId: string;
  readonly issues: readonly string[];

  constructor(action: string, requestId: string, issues: readonly string[]) {
    super(`${action} response (RequestId ${requestId}) does not match the documented shape: ${issues.join('; ')}`);
    this.action = action;
    this.requestId = requestId;
    this.issues = issues;
  }
}

/**
 * A task reference lacks a field the product's call needs (TIW and TRTC address a task by
 * SdkAppId + TaskId, CSS by StreamName + TaskId). A bug in whoever built it, never a transient:
 * activities fail such a call at once instead of retrying it (a stop retries for a day).
 */
export class IncompleteTaskRef extends TypeError {
  override readonly name = 'IncompleteTaskRef' as const;

  constructor(product: Product, field: string) {
    super(`${product} task reference lacks ${field}`);
  }
}
