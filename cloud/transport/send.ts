/** One POST over an undici dispatcher: abort and per-call budget wiring, bounded body read, error mapping. */
import type { Dispatcher } from 'undici';
import { CloudError, type CloudCallContext } from '../errors/cloud-error';
import { CloudResponseSchemaError } from '../errors/response-schema-error';
import { CloudTimeoutError } from '../errors/timeout-error';
import type { CloudTimeouts } from '../types';
import { mapTransportError } from './map-error';

export interface SendInput {
  readonly origin: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The same bytes that were hashed for the signature. */
  readonly body: Buffer;
  readonly timeouts: CloudTimeouts;
  readonly maxResponseBytes: number;
  readonly signal?: AbortSignal;
  /** Overall budget for this call (CallOptions.timeoutMs). */
  readonly budgetMs?: number;
}

/** Status and body text of the answer. Caller aborts reject with the caller's `signal.reason`, like fetch. */
export async function send(dispatcher: Dispatcher, input: SendInput, context: CloudCallContext): Promise<{ status: number; text: string }> {
  input.signal?.throwIfAborted();
  const controller = new AbortController();
  const forward = (): void => controller.abort(input.signal?.reason);
  input.signal?.addEventListener('abort', forward, { once: true });
  const budget = input.budgetMs;
  const timer = budget === undefined ? undefined
    : setTimeout(() => controller.abort(new CloudTimeoutError(context, { phase: 'total', timeoutMs: budget })), budget);
  try {
    const response = await dispatcher.request({
      origin: input.origin,
      path: '/',
      method: 'POST',
      headers: input.headers,
      body: input.body,
      signal: controller.signal,
      headersTimeout: input.timeouts.headersMs,
      bodyTimeout: input.timeouts.bodyMs,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > input.maxResponseBytes) {
        response.body.destroy();
        throw new CloudResponseSchemaError(context, { problem: `body larger than ${input.maxResponseBytes} bytes` });
      }
      chunks.push(chunk);
    }
    return { status: response.statusCode, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    if (error instanceof CloudError) throw error;
    throw mapTransportError(error, context, input.timeouts);
  } finally {
    clearTimeout(timer);
    input.signal?.removeEventListener('abort', forward);
  }
}
