/**
 * How the provider signs the callbacks it sends (reference §10), in the emulator's own code:
 * the gateway verifies with recorders/callback-signatures.ts, and a test double that signed
 * with that same code could never catch a mistake in it.
 */
import { createHash, createHmac } from 'node:crypto';

/**
 * TRTC, web and TRRO: header `Sign` = Base64(HMAC-SHA256(key, body)). The digest covers the
 * exact bytes sent, so the body must be serialised once and sent as signed.
 */
export function signTrtcFamilyBody(body: string, key: string): string {
  return createHmac('sha256', key).update(body, 'utf8').digest('base64');
}

/**
 * TIW and CSS: hex MD5(key + expiry), expiry in Unix seconds (`ExpireTime` for TIW, `t` for
 * CSS). Only the expiry is signed, not the body.
 */
export function signExpiry(key: string, expirySeconds: number): string {
  return createHash('md5').update(`${key}${expirySeconds}`, 'utf8').digest('hex');
}
