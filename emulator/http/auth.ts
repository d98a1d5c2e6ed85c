/**
 * Authentication of incoming calls: the emulator's key store, its own TC3 verifier (tc3.ts,
 * independent of cloud/'s signer so the two check each other), temporary tokens, and the
 * provider's wording for each refusal.
 */
import { ApiError } from './envelope';
import { verifyTc3, type ReceivedRequest } from './tc3';

/** A key pair the emulator accepts; `token` makes it a temporary credential (X-TC-Token). */
export interface EmulatorKey {
  readonly secretId: string;
  readonly secretKey: string;
  readonly token?: string;
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
 * known SecretId and signature (tc3.ts), then the session token. Returns the SecretId;
 * throws an `ApiError` with the documented `AuthFailure.*` code otherwise.
 */
export function verifyRequest(request: ReceivedRequest, options: VerifyOptions): string {
  const result = verifyTc3(request, {
    secretKeyOf: (secretId) => options.keys.get(secretId)?.secretKey,
    service: options.service,
    nowSeconds: Math.floor(options.nowMs / 1000),
    maxSkewSeconds: options.maxSkewSeconds,
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
