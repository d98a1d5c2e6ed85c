/** TC3 canonical request: canonical host, canonical headers and the request string to hash. */

/**
 * The host as signed: the URL hostname without any `:port`, lowercased like WHATWG URL does.
 * The SDK signs `new URL(url).hostname` while sending `Host: <url.host>` (port kept).
 */
export function canonicalHost(host: string): string {
  return new URL(`http://${host}`).hostname;
}

/**
 * `name:value\n` per signed header, and the `SignedHeaders` names, both lowercased and sorted
 * (reference §1.2 step 3). Values are used as given: the SDK neither trims nor lowercases them.
 */
export function buildCanonicalHeaders(headers: Readonly<Record<string, string>>): {
  canonicalHeaders: string;
  signedHeaders: string[];
} {
  const entries = Object.entries(headers)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    canonicalHeaders: entries.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders: entries.map(([name]) => name),
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
 * header names and the payload hash, joined by `\n` (reference §1.2 step 5). Also returns
 * the signed header names, which the Authorization header repeats.
 */
export function canonicalize(parts: CanonicalRequestParts): { canonicalRequest: string; signedHeaders: string[] } {
  const { canonicalHeaders, signedHeaders } = buildCanonicalHeaders(parts.headers);
  const canonicalRequest = [
    parts.method,
    parts.path,
    parts.query,
    canonicalHeaders,
    signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
  return { canonicalRequest, signedHeaders };
}

/** The canonical request string alone (see {@link canonicalize}). */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  return canonicalize(parts).canonicalRequest;
}
