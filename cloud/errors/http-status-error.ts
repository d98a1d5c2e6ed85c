/** The endpoint answered with an HTTP status other than 200 (API 3.0 reports business errors inside 200s). */
import { CloudError, type CloudCallContext } from './cloud-error';

/** A non-200 answer: a gateway or front-end failure, not a provider business error. */
export class CloudHttpStatusError extends CloudError {
  override readonly name = 'CloudHttpStatusError' as const;
  readonly status: number;
  /** The first characters of the response body, for diagnosis. */
  readonly bodySnippet: string;

  constructor(context: CloudCallContext, options: { status: number; bodySnippet: string }) {
    super(context, `HTTP ${options.status}`);
    this.status = options.status;
    this.bodySnippet = options.bodySnippet;
  }
}
