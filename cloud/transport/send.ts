/** One POST over an undici dispatcher: abort and per-call budget wiring, bounded body read, error mapping. */
import type { Dispatcher } from 'undici';
import { CloudError, type CloudCallContext } from '../errors/cloud-error';
import { CloudResponseSchemaError } from '../errors/response-schema-error';
import { CloudTimeoutError } from '../errors/timeout-error';
import type { CloudTimeouts } from '../types';
import { mapTransportError } from './map-error';

/** One prepared request: where, what bytes, and how long to wait. */
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

/**
 * Status and body text of the answer. A caller abort rejects with the caller's `signal.reason`,
 * like fetch; the budget rejects with a `total` CloudTimeoutError. No signal is handed to undici
 * when neither is set, since an abort listener costs tens of µs per request.
 */
export async function send(
  dispatcher: Dispatcher,
  input: SendInput,
  context: CloudCallContext,
): Promise<{ status: number; text: string }> {
  input.signal?.throwIfAborted();
  const budget = input.budgetMs === undefined ? undefined : AbortSignal.timeout(input.budgetMs);
  const signal = budget && input.signal ? AbortSignal.any([input.signal, budget]) : (budget ?? input.signal);
  try {
    const response = await dispatcher.request({
      origin: input.origin,
      path: '/',
      method: 'POST',
      headers: input.headers,
      body: input.body,
      signal,
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
    if (input.signal?.aborted) throw input.signal.reason;
    if (budget?.aborted)
      throw new CloudTimeoutError(context, { phase: 'total', timeoutMs: input.budgetMs, cause: error });
    if (error instanceof CloudError) throw error;
    throw mapTransportError(error, context, input.timeouts);
  }
}
