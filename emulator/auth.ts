/**
 * TC3-HMAC-SHA256 verification of incoming calls, recomputed with the project's own signer
 * (cloud/signing) so the emulator and the client can never disagree on what a signature is.
 */
import { timingSafeEqual } from 'node:crypto';
import { computeTc3 } from '../cloud/signing/authorize';
import { parseAuthorization } from '../cloud/signing/authorization';
import { canonicalHost } from '../cloud/signing/canonical';
import { utcDate } from '../cloud/signing/string-to-sign';
import { ApiError, commonErrors } from './envelope';

/** A key pair the emulator accepts; `token` makes it a temporary credential (X-TC-Token). */
export interface EmulatorKey {
  readonly secretId: string;
  readonly secretKey: string;
  readonly token?: string;
}

/** The parts of an HTTP request a signature covers. */
export interface SignedRequestParts {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** Lowercase header names → value (first value if repeated). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

export interface VerifyOptions {
  readonly keys: ReadonlyMap<string, EmulatorKey>;
  /** The service the call resolved to; the signature must be computed for it. */
  readonly service: string;
  /** Emulated now, epoch ms. */
  readonly nowMs: number;
  readonly maxSkewSeconds: number;
}

/**
 * Verifies one call in the provider's order: well-formed Authorization, timestamp within
 * the allowed skew, known SecretId, matching token, then the signature. Returns the
 * SecretId; throws an `ApiError` with the documented `AuthFailure.*` code otherwise.
 */
export function verifyRequest(request: SignedRequestParts, options: VerifyOptions): string {
  const parsed = parseAuthorization(request.headers.authorization);
  if (!parsed.ok) throw new ApiError('AuthFailure.InvalidAuthorization', `Authorization is invalid: ${parsed.reason}.`);
  const auth = parsed.value;
  const timestamp = readTimestamp(request.headers['x-tc-timestamp']);
  if (Math.abs(options.nowMs / 1000 - timestamp) > options.maxSkewSeconds) {
    throw new ApiError(
      'AuthFailure.SignatureExpire',
      `Signature expired: the timestamp ${timestamp} is more than ${options.maxSkewSeconds} s from the server time.`,
    );
  }
  const key = options.keys.get(auth.secretId);
  if (key === undefined) throw new ApiError('AuthFailure.SecretIdNotFound', 'The SecretId is not found.');
  const token = request.headers['x-tc-token'];
  if ((token ?? '') !== (key.token ?? '')) throw new ApiError('AuthFailure.TokenFailure', 'The token is invalid.');
  const signedHeaders: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) throw signatureFailure(`signed header \`${name}\` is missing`);
    signedHeaders[name] = name === 'host' ? canonicalHost(value) : value;
  }
  if (auth.date !== utcDate(timestamp)) throw signatureFailure('credential date is not the UTC date of X-TC-Timestamp');
  const expected = computeTc3({
    method: request.method,
    path: request.path,
    query: request.query,
    signedHeaders,
    body: request.body,
    timestamp,
    service: options.service,
    secretId: auth.secretId,
    secretKey: key.secretKey,
  }).signature;
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))) throw signatureFailure('signature mismatch');
  return auth.secretId;
}

function readTimestamp(raw: string | undefined): number {
  if (raw === undefined || raw === '') throw commonErrors.missing('X-TC-Timestamp');
  if (!/^\d{1,12}$/.test(raw)) throw new ApiError('InvalidParameterValue', 'X-TC-Timestamp must be integer seconds.');
  return Number(raw);
}

function signatureFailure(detail: string): ApiError {
  return new ApiError(
    'AuthFailure.SignatureFailure',
    `The provided credentials could not be validated (${detail}). Please check your signature is correct.`,
  );
}
