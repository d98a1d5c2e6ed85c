/** The connection failed before a complete response arrived. */
import { CloudError, type CloudCallContext } from './cloud-error';

/**
 * No usable response: refused, reset, DNS or TLS failure. `requestMayHaveBeenSent` is false
 * only when the failure happened while connecting, so a retry cannot duplicate anything;
 * otherwise the provider may have acted (a start must reconcile before retrying).
 */
export class CloudTransportError extends CloudError {
  override readonly name = 'CloudTransportError' as const;
  readonly requestMayHaveBeenSent: boolean;
  /** The system or undici error code, e.g. `ECONNREFUSED`, `UND_ERR_SOCKET`. */
  readonly code: string | undefined;

  constructor(context: CloudCallContext, options: { cause: unknown; code?: string; requestMayHaveBeenSent: boolean }) {
    const sent = options.requestMayHaveBeenSent ? 'the request may have been received' : 'the request was not sent';
    super(context, `connection failed (${options.code ?? 'unknown'}; ${sent})`, { cause: options.cause });
    this.code = options.code;
    this.requestMayHaveBeenSent = options.requestMayHaveBeenSent;
  }
}
