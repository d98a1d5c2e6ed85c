// A fake CloudCaller: records each request and its options, answers from a script, and honours the abort signal.
import type { CallOptions, CloudCaller, CloudRequest, CloudResponse } from '../../../cloud/types';

export type Reply = { readonly data: Record<string, unknown> } | { readonly error: unknown } | { readonly hang: true };

export class FakeCloud implements CloudCaller {
  readonly requests: { request: CloudRequest; options: CallOptions | undefined }[] = [];
  private readonly replies: Reply[];

  constructor(...replies: Reply[]) {
    this.replies = replies;
  }

  call<T>(request: CloudRequest, options?: CallOptions): Promise<CloudResponse<T>> {
    this.requests.push({ request, options });
    const reply = this.replies.shift();
    if (reply === undefined) return Promise.reject(new Error(`unexpected call ${request.action}`));
    if ('error' in reply)
      return Promise.reject(reply.error instanceof Error ? reply.error : new Error(String(reply.error)));
    if ('hang' in reply) {
      return new Promise((_, reject) => {
        const signal = options?.signal;
        if (signal === undefined) return reject(new Error('no abort signal was passed'));
        signal.addEventListener(
          'abort',
          () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted')),
          { once: true },
        );
      });
    }
    return Promise.resolve({ data: reply.data as T, requestId: `req-${this.requests.length}` });
  }
}

export class CapturingLogger {
  readonly lines: { message: string; meta?: Record<string, unknown> }[] = [];
  info(message: string, meta?: Record<string, unknown>): void {
    this.lines.push({ message, ...(meta === undefined ? {} : { meta }) });
  }
  warn(message: string, meta?: Record<string, unknown>): void {
    this.info(message, meta);
  }
}
