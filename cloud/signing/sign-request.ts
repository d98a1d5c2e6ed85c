/** The pure request signer: call parts, body bytes, credentials and a timestamp in; headers out. */
import type { Credentials } from '../types';
import { computeTc3 } from './authorize';
import { canonicalHost } from './canonical';

/** Everything one signed API 3.0 call depends on; nothing is read from a clock or the network. */
export interface SignRequestInput {
  /** Signed service, e.g. `trtc` (the endpoint's first DNS label for Tencent endpoints). */
  readonly service: string;
  /** The `Host` header as sent, port allowed; the signature covers the hostname only. */
  readonly host: string;
  readonly action: string;
  readonly version: string;
  /** Sent as `X-TC-Region`; the header is omitted when undefined. */
  readonly region?: string;
  /** Integer Unix seconds (`X-TC-Timestamp`); its UTC date goes into the credential scope. */
  readonly timestamp: number;
  /** The exact body sent (a string is taken as UTF-8). */
  readonly body: string | Uint8Array;
  /** Defaults to `application/json`; signed and sent byte for byte. */
  readonly contentType?: string;
  readonly credentials: Credentials;
  /** Session token; falls back to `credentials.token`. Sent as `X-TC-Token` only when set. */
  readonly token?: string;
  /** `zh-CN` or `en-US`; `X-TC-Language` only when set. */
  readonly language?: string;
  /** `X-TC-RequestClient` and `X-TC-TraceId`, each only when set (the transport sets both). */
  readonly requestClient?: string;
  readonly traceId?: string;
}

/** Returns the complete header set to send, `Authorization` included, as the SDK builds it. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  if (!Number.isSafeInteger(input.timestamp) || input.timestamp < 0) {
    throw new RangeError('timestamp: must be a non-negative integer number of seconds');
  }
  const contentType = input.contentType ?? 'application/json';
  const token = input.token ?? input.credentials.token;
  const headers: Record<string, string> = { Host: input.host, 'X-TC-Action': input.action };
  if (input.region !== undefined) headers['X-TC-Region'] = input.region;
  headers['X-TC-Timestamp'] = String(input.timestamp);
  headers['X-TC-Version'] = input.version;
  if (token !== undefined) headers['X-TC-Token'] = token;
  if (input.requestClient !== undefined) headers['X-TC-RequestClient'] = input.requestClient;
  if (input.language !== undefined) headers['X-TC-Language'] = input.language;
  if (input.traceId !== undefined) headers['X-TC-TraceId'] = input.traceId;
  headers['Content-Type'] = contentType;
  headers.Authorization = computeTc3({
    method: 'POST',
    path: '/',
    query: '',
    signedHeaders: { 'content-type': contentType, host: canonicalHost(input.host) },
    body: input.body,
    timestamp: input.timestamp,
    service: input.service,
    secretId: input.credentials.secretId,
    secretKey: input.credentials.secretKey,
  }).authorization;
  return headers;
}
