/** The transport worked but the answer was not a valid API 3.0 envelope. */
import { CloudError, type CloudCallContext } from './cloud-error';

/**
 * Malformed JSON, a missing `Response`/`RequestId`, or an oversized body. Kept apart from
 * transport errors: retrying will not fix the data, but for a start the provider may still
 * have acted, so the classifier treats it as ambiguous there.
 */
export class CloudResponseSchemaError extends CloudError {
  override readonly name = 'CloudResponseSchemaError' as const;
  /** What was wrong, e.g. `Response.RequestId: expected string`. */
  readonly problem: string;

  constructor(context: CloudCallContext, options: { problem: string; requestId?: string; cause?: unknown }) {
    super(context, `malformed response: ${options.problem}`, options);
    this.problem = options.problem;
  }
}
