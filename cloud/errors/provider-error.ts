/** The provider answered and refused: HTTP 200 with `Response.Error` (reference §1.3). */
import { CloudError, type CloudCallContext } from './cloud-error';

/**
 * A business error. `code` is the provider's dotted code (`InvalidParameter.RoomId`), the
 * only part to branch on; `providerMessage` is for humans (the docs say not to parse it).
 */
export class CloudProviderError extends CloudError {
  override readonly name = 'CloudProviderError' as const;
  readonly code: string;
  readonly providerMessage: string;
  declare readonly requestId: string;

  constructor(context: CloudCallContext, options: { code: string; message: string; requestId: string }) {
    super(context, `${options.code}: ${options.message} (RequestId ${options.requestId})`, {
      requestId: options.requestId,
    });
    this.code = options.code;
    this.providerMessage = options.message;
  }
}
