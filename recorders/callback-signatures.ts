/**
 * Pure verifiers (and signers, for tests) of provider callback signatures,
 * exactly as reference §10 states them. The gateway calls these before trusting a body.
 * - TRTC, web and TRRO: header `Sign` = Base64(HMAC-SHA256(key, raw body)); no timestamp is
 *   signed, so replay protection is the gateway's dedupe on the event id.
 * - TIW: body `Sign` = hex MD5(key + ExpireTime); `ExpireTime` (Unix s) must not have passed.
 * - CSS: body `sign` = hex MD5(key + t); `t` (Unix s, expiry) must not have passed.
 * TIW and CSS signatures do not cover the body, only the expiry: the gateway lets each such
 * pair vouch for one body only (client/gateway/callbacks/splice-guard.ts).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck =
  { readonly ok: true } | { readonly ok: false; readonly reason: 'missing' | 'mismatch' | 'expired' };

const OK: SignatureCheck = { ok: true };

function sameText(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  // Length is not secret (it is fixed per algorithm); contents are compared in constant time.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** TRTC-family `Sign` header value for a raw body. */
export function trtcCallbackSign(rawBody: string | Uint8Array, key: string): string {
  return createHmac('sha256', key).update(rawBody).digest('base64');
}

/** Checks the `Sign` header of a TRTC, web or TRRO callback against the untouched body bytes. */
export function verifyTrtcCallback(
  rawBody: string | Uint8Array,
  sign: string | undefined,
  key: string,
): SignatureCheck {
  if (sign === undefined || sign === '') return { ok: false, reason: 'missing' };
  return sameText(trtcCallbackSign(rawBody, key), sign) ? OK : { ok: false, reason: 'mismatch' };
}

/** hex MD5(key + expiry) — the TIW and CSS scheme. */
export function md5ExpirySign(key: string, expiry: string | number): string {
  return createHash('md5').update(`${key}${expiry}`, 'utf8').digest('hex');
}

function verifyExpiring(sign: unknown, expiry: unknown, key: string, nowMs: number): SignatureCheck {
  if (
    typeof sign !== 'string' ||
    sign === '' ||
    (typeof expiry !== 'number' && typeof expiry !== 'string') ||
    !/^\d+$/.test(String(expiry))
  ) {
    return { ok: false, reason: 'missing' };
  }
  // Check the signature first: an attacker must not learn anything from the expiry answer.
  if (!sameText(md5ExpirySign(key, expiry), sign.toLowerCase())) return { ok: false, reason: 'mismatch' };
  return Number(expiry) * 1000 < nowMs ? { ok: false, reason: 'expired' } : OK;
}

/** Checks a parsed TIW callback body (`Sign`, `ExpireTime`). */
export function verifyTiwCallback(
  body: { readonly Sign?: unknown; readonly ExpireTime?: unknown },
  key: string,
  nowMs: number,
): SignatureCheck {
  return verifyExpiring(body.Sign, body.ExpireTime, key, nowMs);
}

/** Checks a parsed CSS callback body (`sign`, `t`). */
export function verifyCssCallback(
  body: { readonly sign?: unknown; readonly t?: unknown },
  key: string,
  nowMs: number,
): SignatureCheck {
  return verifyExpiring(body.sign, body.t, key, nowMs);
}
