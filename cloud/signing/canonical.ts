/** TC3 canonical request: canonical host, canonical headers and the request string to hash. */

/** The headers the official SDK always signs (reference §1.2 step 3). */
export const DEFAULT_SIGNED_HEADERS: readonly string[] = ['content-type', 'host'];

/**
 * The host as signed: the URL hostname without any `:port`, lowercased like WHATWG URL does.
 * The SDK signs `new URL(url).hostname` while sending `Host: <url.host>` (port kept).
 */
export function canonicalHost(host: string): string {
  return new URL(`http://${host}`).hostname;
}

function sortedEntries(headers: Readonly<Record<string, string>>): (readonly [string, string])[] {
  return Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Lowercased, sorted names of the headers to sign (the `SignedHeaders` list). */
export function signedHeaderNames(headers: Readonly<Record<string, string>>): string[] {
  return sortedEntries(headers).map(([name]) => name);
}

/**
 * `name:value\n` per signed header, names lowercased and sorted. Values are used as given:
 * the SDK neither trims nor lowercases the Content-Type, so neither do we.
 */
export function buildCanonicalHeaders(headers: Readonly<Record<string, string>>): {
  canonicalHeaders: string;
  signedHeaders: string;
} {
  const entries = sortedEntries(headers);
  return {
    canonicalHeaders: entries.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders: entries.map(([name]) => name).join(';'),
  };
}

/** Inputs of the canonical request; `headers` holds exactly the headers to sign. */
export interface CanonicalRequestParts {
  readonly method: string;
  /** URL path; `/` for API 3.0. */
  readonly path: string;
  /** Query string without `?`; empty for POST. */
  readonly query: string;
  /** Signed headers by name; the `host` value must already be the canonical host. */
  readonly headers: Readonly<Record<string, string>>;
  /** Lowercase hex SHA-256 of the exact body bytes sent. */
  readonly payloadHash: string;
}

/**
 * Method, path, query, canonical headers, a blank line (the headers end in `\n`), signed
 * header names and the payload hash, joined by `\n` (reference §1.2 step 5).
 */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  const { canonicalHeaders, signedHeaders } = buildCanonicalHeaders(parts.headers);
  return [parts.method, parts.path, parts.query, canonicalHeaders, signedHeaders, parts.payloadHash].join('\n');
}
