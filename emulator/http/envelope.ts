/** API 3.0 response envelopes and the business error every emulator layer throws. */
import { randomUUID } from 'node:crypto';

/**
 * A provider business error: answered as HTTP 200 with `Response.Error` (reference §1.3).
 * `code` is always one of Tencent's documented codes for the call in question.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A fresh RequestId in the provider's UUID format. */
export function newRequestId(): string {
  return randomUUID();
}

/** `{"Response":{...fields,"RequestId":"…"}}`. */
export function successBody(fields: Readonly<Record<string, unknown>>, requestId: string): string {
  return JSON.stringify({ Response: { ...fields, RequestId: requestId } });
}

/** `{"Response":{"Error":{"Code","Message"},"RequestId":"…"}}`. */
export function errorBody(code: string, message: string, requestId: string): string {
  return JSON.stringify({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
}

/** Common-code helpers with the provider's own wording where it is documented. */
export const commonErrors = {
  missing: (name: string, code = 'MissingParameter'): ApiError =>
    new ApiError(code, `The request is missing a required parameter \`${name}\`.`),
  invalidAction: (action: string): ApiError =>
    new ApiError('InvalidAction', `The requested action \`${action}\` does not exist.`),
  noSuchVersion: (version: string): ApiError =>
    new ApiError('NoSuchVersion', `The requested version \`${version}\` is not supported by this action.`),
  unsupportedRegion: (region: string): ApiError =>
    new ApiError('UnsupportedRegion', `The action does not support the region \`${region}\`.`),
  rateLimited: (action: string, limit: number): ApiError =>
    new ApiError('RequestLimitExceeded', `Requests to \`${action}\` exceed the limit of ${limit} per second.`),
} as const;
