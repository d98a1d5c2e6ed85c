/** SHA-256 and HMAC-SHA256 primitives used by every TC3 signing step. */
import { createHash, createHmac } from 'node:crypto';

/** Bytes or text; text is hashed as UTF-8, exactly like the SDK's `hash.update(string)`. */
export type SignableData = string | Uint8Array;

/** Lowercase hex SHA-256 (TC3 payload hash and hashed canonical request). */
export function sha256Hex(data: SignableData): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Raw HMAC-SHA256 bytes. TC3 chains raw digests between key-derivation steps
 * (reference §1.2 step 7); only the last step is hex.
 */
export function hmacSha256(key: SignableData, data: SignableData): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
