/**
 * A small, pure, deterministic string hash (64-bit FNV-1a over UTF-8) for deriving provider
 * identities. Pure on purpose: the workflow bundle imports it, so no node:crypto, no I/O.
 */

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

/** Width of {@link stableHash}'s output: 2^64 in base 36 needs 13 digits. */
export const STABLE_HASH_LENGTH = 13;

/**
 * UTF-8 bytes of `text`, computed by hand so the result does not depend on TextEncoder being
 * present in the workflow sandbox. Lone surrogates are encoded as 3 bytes (WTF-8), which keeps
 * the function total and deterministic.
 */
export function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return bytes;
}

/** Byte length of `text` in UTF-8 (what Tencent's "≤ N bytes" limits count). */
export function utf8Length(text: string): number {
  return utf8Bytes(text).length;
}

/**
 * 64-bit FNV-1a of the UTF-8 bytes of `text`, as exactly {@link STABLE_HASH_LENGTH} lowercase
 * base-36 characters ([0-9a-z]). Not cryptographic: it only has to keep distinct recordIds apart
 * (a collision needs ~2^32 recordIds in the same room), and be identical on every worker forever.
 */
export function stableHash(text: string): string {
  let hash = FNV64_OFFSET;
  for (const byte of utf8Bytes(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV64_PRIME) & MASK64;
  }
  return hash.toString(36).padStart(STABLE_HASH_LENGTH, '0');
}
