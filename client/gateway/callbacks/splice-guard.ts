/** One body per expiry-only signature (TIW, CSS): a (product, sign, expiry) pair vouches for the first body it came with. */
import { createHash } from 'node:crypto';
import { type Product } from '../../../domain/catalog';
import { BoundedCache } from '../bounded-cache';
import { type ExpirySignature } from './verify';

/**
 * What the guard says about a verified body. `first`: the pair had not been seen (it now stands
 * for this body); `repeat`: the same pair with the same bytes (a provider retry); `other-body`:
 * the pair already stood for different bytes, so this body is not authenticated. The
 * fingerprints are short SHA-256 prefixes, safe to log: neither the key nor the sign.
 */
export type SpliceCheck =
  | { readonly verdict: 'first' | 'repeat' }
  | {
      readonly verdict: 'other-body';
      /** Fingerprint of the (product, expiry, sign) pair. */
      readonly pair: string;
      /** Fingerprints of the body the pair stands for and of the one refused. */
      readonly firstBody: string;
      readonly body: string;
    };

export interface SpliceGuardOptions {
  /**
   * Pairs remembered, least recently used out first. Genuine traffic has at most one pair per
   * product and expiry second (the sign is a function of the expiry alone) and a forged pair
   * never gets this far, so 20 000 covers hours of one callback a second per product.
   */
  readonly maxEntries?: number;
  /** How long past its expiry a pair is kept; covers the verifier's boundary second. */
  readonly marginMs?: number;
  readonly now?: () => number;
}

export interface SpliceGuard {
  /** Call only with a signature the verifier accepted (so not expired) and the raw body it came with. */
  check(product: Product, signature: ExpirySignature, rawBody: Uint8Array): SpliceCheck;
  /** Pairs held now (bounded by `maxEntries`). */
  readonly size: number;
}

const FINGERPRINT_HEX = 12;

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Builds the guard; one per gateway process. Its memory is its own: another replica behind the
 * same address has not seen this replica's pairs (client/README.md states that limit).
 */
export function createSpliceGuard(options: SpliceGuardOptions = {}): SpliceGuard {
  const now = options.now ?? Date.now;
  const marginMs = options.marginMs ?? 60_000;
  // The cache's own TTL is unused: each pair lives until its expiry plus the margin.
  const pairs = new BoundedCache<string, string>({ maxEntries: options.maxEntries ?? 20_000, ttlMs: marginMs, now });
  return {
    check(product, { sign, expiry, expiresAtMs }, rawBody) {
      // NUL cannot occur in a product name or in the digits and hex the verifier accepted.
      const key = `${product}\u0000${expiry}\u0000${sign}`;
      // The exact bytes: a retry resends them; anything else is a body the pair never vouched for.
      const digest = sha256(rawBody);
      const known = pairs.get(key);
      if (known === undefined) {
        pairs.set(key, digest, Math.max(expiresAtMs - now(), 0) + marginMs);
        return { verdict: 'first' };
      }
      if (known === digest) return { verdict: 'repeat' };
      return {
        verdict: 'other-body',
        pair: sha256(key).slice(0, FINGERPRINT_HEX),
        firstBody: known.slice(0, FINGERPRINT_HEX),
        body: digest.slice(0, FINGERPRINT_HEX),
      };
    },
    get size() {
      return pairs.size;
    },
  };
}
