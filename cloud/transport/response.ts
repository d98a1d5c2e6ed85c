/** Reads an API 3.0 answer: status, JSON, the `Response` envelope (zod), then success or `Response.Error`. */
import { z } from 'zod';
import type { CloudCallContext } from '../errors/cloud-error';
import { CloudHttpStatusError } from '../errors/http-status-error';
import { CloudProviderError } from '../errors/provider-error';
import { CloudResponseSchemaError } from '../errors/response-schema-error';
import type { CloudResponse } from '../types';

/** `{"Response":{…,"RequestId":"…"}}`, with `Error` present exactly when the call failed (reference §1.3). */
const envelopeSchema = z.object({
  Response: z.looseObject({
    RequestId: z.string().min(1),
    Error: z.object({ Code: z.string().min(1), Message: z.string().optional() }).optional(),
  }),
});

const SNIPPET_CHARS = 200;

function requestIdOf(json: unknown): string | undefined {
  const id = (json as { Response?: { RequestId?: unknown } } | null)?.Response?.RequestId;
  return typeof id === 'string' ? id : undefined;
}

/** Returns the data of a successful call; throws the matching cloud/ error otherwise. */
export function parseCloudResponse<T>(status: number, text: string, context: CloudCallContext): CloudResponse<T> {
  // Like the SDK: any status but 200 is a failure whatever the body says.
  if (status !== 200) throw new CloudHttpStatusError(context, { status, bodySnippet: text.slice(0, SNIPPET_CHARS) });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CloudResponseSchemaError(context, { problem: 'body is not JSON', cause });
  }
  const parsed = envelopeSchema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
    throw new CloudResponseSchemaError(context, { problem, requestId: requestIdOf(json) });
  }
  const { RequestId: requestId, Error: failure, ...data } = parsed.data.Response;
  if (failure) throw new CloudProviderError(context, { code: failure.Code, message: failure.Message ?? '', requestId });
  // Field-level validation of `data` belongs to the recorder that knows the action's schema.
  return { data: data as T, requestId };
}
