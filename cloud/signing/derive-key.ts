/** TC3 signing-key derivation and the final signature. */
import { hmacSha256 } from './hash';

/**
 * kDate = HMAC("TC3"+SecretKey, date); kService = HMAC(kDate, service);
 * kSigning = HMAC(kService, "tc3_request"); raw bytes between steps (reference §1.2 step 7).
 * The key depends only on secret, UTC date and service, so callers may cache it per day.
 */
export function deriveSigningKey(secretKey: string, date: string, service: string): Buffer {
  const kDate = hmacSha256(`TC3${secretKey}`, date);
  const kService = hmacSha256(kDate, service);
  return hmacSha256(kService, 'tc3_request');
}

/** Lowercase hex HMAC-SHA256 of the string to sign with the derived key. */
export function tc3Signature(signingKey: Uint8Array, stringToSign: string): string {
  return hmacSha256(signingKey, stringToSign).toString('hex');
}
