/** A time-out: ambiguous whenever the request had left, since the provider may have acted on it. */
import { CloudError, type CloudCallContext } from './cloud-error';

/** Which time-out fired: connecting, waiting for headers, reading the body, or the per-call budget. */
export type TimeoutPhase = 'connect' | 'headers' | 'body' | 'total';

/** The call ran out of time; only a `connect` time-out proves the request was never sent. */
export class CloudTimeoutError extends CloudError {
  override readonly name = 'CloudTimeoutError' as const;
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number | undefined;
  readonly requestMayHaveBeenSent: boolean;

  constructor(context: CloudCallContext, options: { phase: TimeoutPhase; timeoutMs?: number; cause?: unknown }) {
    const limit = options.timeoutMs === undefined ? '' : ` after ${options.timeoutMs} ms`;
    super(context, `${options.phase} time-out${limit}`, { cause: options.cause });
    this.phase = options.phase;
    this.timeoutMs = options.timeoutMs;
    this.requestMayHaveBeenSent = options.phase !== 'connect';
  }
}
