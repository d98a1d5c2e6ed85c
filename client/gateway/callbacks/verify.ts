/**
 * Verifies one provider callback exactly as reference §10 states, and parses it: the TRTC family
 * (trtc-cloud, trtc-web, trro-cloud) signs the untouched body bytes in the `Sign` header, so it
 * is checked before parsing; TIW and CSS sign only an expiry carried in the body, so they are
 * parsed first and then checked, expiry included.
 */
import { type Product } from '../../../domain/catalog';
import { verifyCssCallback, verifyTiwCallback, verifyTrtcCallback } from '../../../recorders/callback-signatures';
import { type Secret } from '../../../runtime/redact';

/** Which configured key signs each product's callbacks (TRTC cloud and web share the console key). */
export const CALLBACK_KEY_OF = {
  'trtc-cloud': 'trtc',
  'trtc-web': 'trtc',
  'tiw-online': 'tiw',
  'css-live': 'css',
  'trro-cloud': 'trro',
} as const satisfies Readonly<Record<Product, string>>;

export type CallbackKeyName = (typeof CALLBACK_KEY_OF)[Product];

/** The callback keys as runtime/config.ts holds them (Secret holders: never printed). */
export type CallbackKeys = Readonly<Partial<Record<CallbackKeyName, Secret>>>;

/**
 * A TIW or CSS signature: `sign` = MD5(key + `expiry`). It vouches for the expiry only, never
 * for the body it came with, so the receiver lets one pair vouch for one body (splice-guard.ts).
 */
export interface ExpirySignature {
  /** As received, lower-cased (the verifier compares hex case-insensitively). */
  readonly sign: string;
  /** The signed expiry exactly as sent (digits), part of what identifies the pair. */
  readonly expiry: string;
  /** The expiry on the gateway clock (epoch ms); the pair is refused (403) after it. */
  readonly expiresAtMs: number;
}

export type VerifiedCallback =
  | {
      readonly ok: true;
      readonly body: unknown;
      /** Present when the signature does not cover the body (TIW, CSS); TRTC-family HMACs do. */
      readonly expirySignature?: ExpirySignature;
    }
  /** `reason` is safe to log and to answer with: it never contains the key or the signature. */
  | { readonly ok: false; readonly status: 400 | 401 | 403; readonly reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseJson(raw: Uint8Array): { ok: true; body: unknown } | { ok: false } {
  try {
    return { ok: true, body: JSON.parse(decoder.decode(raw)) as unknown };
  } catch {
    // Invalid UTF-8 or JSON: the caller answers 400; the body is not echoed anywhere.
    return { ok: false };
  }
}

function rejected(reason: 'missing' | 'mismatch' | 'expired'): VerifiedCallback {
  // Missing or wrong signature: not authenticated (401). Valid but expired: refused (403).
  if (reason === 'expired') return { ok: false, status: 403, reason: 'signature expired' };
  return { ok: false, status: 401, reason: reason === 'missing' ? 'signature missing' : 'signature mismatch' };
}

/**
 * The parsed body of an authentic callback, or why it was refused.
 * @param signHeader the `Sign` header (TRTC family only; ignored for TIW and CSS)
 * @param nowMs the gateway clock; TIW `ExpireTime` and CSS `t` must not be before it
 */
export function verifyCallback(
  product: Product,
  raw: Uint8Array,
  signHeader: string | undefined,
  key: string,
  nowMs: number,
): VerifiedCallback {
  if (CALLBACK_KEY_OF[product] === 'trtc' || CALLBACK_KEY_OF[product] === 'trro') {
    const check = verifyTrtcCallback(raw, signHeader, key);
    if (!check.ok) return rejected(check.reason);
    const parsed = parseJson(raw);
    return parsed.ok ? parsed : { ok: false, status: 400, reason: 'body is not UTF-8 JSON' };
  }
  const parsed = parseJson(raw);
  if (!parsed.ok) return { ok: false, status: 400, reason: 'body is not UTF-8 JSON' };
  const body = parsed.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return rejected('missing');
  const check = product === 'tiw-online' ? verifyTiwCallback(body, key, nowMs) : verifyCssCallback(body, key, nowMs);
  if (!check.ok) return rejected(check.reason);
  const fields = body as Readonly<Record<string, unknown>>;
  const sign = product === 'tiw-online' ? fields['Sign'] : fields['sign'];
  const expiry = product === 'tiw-online' ? fields['ExpireTime'] : fields['t'];
  // The verifier has accepted both, so this only narrows the types.
  if (typeof sign !== 'string' || (typeof expiry !== 'string' && typeof expiry !== 'number'))
    return rejected('missing');
  const signature = { sign: sign.toLowerCase(), expiry: String(expiry), expiresAtMs: Number(expiry) * 1000 };
  return { ok: true, body, expirySignature: signature };
}
