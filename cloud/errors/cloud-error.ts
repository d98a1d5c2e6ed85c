/** Base of the cloud/ error taxonomy: every failure names the call it belongs to, never its headers. */

/** Which call failed. Deliberately holds no headers, body or credentials. */
export interface CloudCallContext {
  readonly service: string;
  readonly action: string;
  /** The `X-TC-TraceId` sent with the call, to find it in provider-side logs. */
  readonly traceId?: string;
}

/**
 * Common fields of every error the client throws. Subclasses carry a literal `name` so
 * callers (and Temporal failure types) can tell them apart without `instanceof`.
 */
export abstract class CloudError extends Error {
  abstract override readonly name: string;
  readonly service: string;
  readonly action: string;
  readonly traceId: string | undefined;
  /** The provider's `RequestId`, when a response carried one. */
  readonly requestId: string | undefined;

  protected constructor(
    context: CloudCallContext,
    message: string,
    options: { cause?: unknown; requestId?: string } = {},
  ) {
    super(
      `${context.service}.${context.action}: ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.service = context.service;
    this.action = context.action;
    this.traceId = context.traceId;
    this.requestId = options.requestId;
  }
}
