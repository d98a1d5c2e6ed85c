/** Callback signatures exactly as each product documents them (reference §10). Pure. */
import { createHash, createHmac } from 'node:crypto';

/**
 * TRTC cloud and web recording (TRRO reuses it): `Sign` header =
 * Base64(HMAC-SHA256(key, raw body)) over the untouched body bytes.
 */
export function trtcCallbackSign(key: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}

/** TIW: `Sign` = hex MD5(CallbackKey + ExpireTime), both carried in the body; the body itself is not covered. */
export function tiwCallbackSign(callbackKey: string, expireTime: number | string): string {
  return createHash('md5').update(`${callbackKey}${expireTime}`).digest('hex');
}

/** CSS: `sign` = hex MD5(key + t), `t` the expiry Unix seconds, both in the body. */
export function cssCallbackSign(key: string, t: number | string): string {
  return createHash('md5').update(`${key}${t}`).digest('hex');
}
