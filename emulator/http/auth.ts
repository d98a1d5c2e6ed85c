/**
 * TC3-HMAC-SHA256 verification of incoming calls with the project's own verifier
 * (cloud/ `verifyTc3Request`), so the emulator and the client can never disagree on what a
 * signature is. The emulator adds only what is about its key store: temporary tokens.
 */
import { verifyTc3Request } from '../../cloud/index';
import { ApiError } from './envelope';

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
  /** Received headers (Node's lowercase names). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly body: Buffer;
}

export interface VerifyOptions {
  readonly keys: ReadonlyMap<string, EmulatorKey>;
  /** The service the call resolved to; the credential scope must name it. */
  readonly service: string;
  /** Emulated now, epoch ms. */
  readonly nowMs: number;
  readonly maxSkewSeconds: number;
}

/**
 * Verifies one call: well-formed Authorization, timestamp within the allowed skew, scope,
 * known SecretId and signature (cloud/ verifier), then the session token. Returns the
 * SecretId; throws an `ApiError` with the documented `AuthFailure.*` code otherwise.
 */
export function verifyRequest(request: SignedRequestParts, options: VerifyOptions): string {
  const result = verifyTc3Request({
    method: request.method,
    path: request.path,
    query: request.query,
    headers: request.headers,
    body: request.body,
    secretKey: (secretId) => options.keys.get(secretId)?.secretKey,
    nowSeconds: Math.floor(options.nowMs / 1000),
    maxSkewSeconds: options.maxSkewSeconds,
    service: options.service,
  });
  if (!result.ok) throw new ApiError(result.code, failureMessage(result.code, result.reason));
  const key = options.keys.get(result.secretId);
  const sent = request.headers['x-tc-token'];
  const token = typeof sent === 'string' ? sent : sent?.[0];
  if ((token ?? '') !== (key?.token ?? '')) throw new ApiError('AuthFailure.TokenFailure', 'The token is invalid.');
  return result.secretId;
}

function failureMessage(code: string, reason: string): string {
  switch (code) {
    case 'AuthFailure.SignatureExpire':
      return `Signature expired: ${reason} (at most 5 minutes).`;
    case 'AuthFailure.SecretIdNotFound':
      return 'The SecretId is not found. Check that the key exists and is entered correctly.';
    case 'AuthFailure.SignatureFailure':
      return `The provided credentials could not be validated (${reason}). Please check your signature is correct.`;
    default:
      return `The Authorization header is invalid: ${reason}.`;
  }
}
