/** One TC3 computation, from request parts to the `Authorization` value, with every step kept. */
import { formatAuthorization } from './authorization';
import { canonicalize } from './canonical';
import { deriveSigningKey, tc3Signature } from './derive-key';
import { sha256Hex } from './hash';
import { buildStringToSign, utcDate } from './string-to-sign';

/** What a TC3 signature covers, plus the key material. */
export interface Tc3Input {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** The headers to sign, `host` already canonical (no port). */
  readonly signedHeaders: Readonly<Record<string, string>>;
  /** The exact body bytes sent (a string is taken as UTF-8). */
  readonly body: string | Uint8Array;
  readonly timestamp: number;
  readonly service: string;
  readonly secretId: string;
  readonly secretKey: string;
}

/** Every intermediate value, so tests can pin each step against the documented vector. */
export interface Tc3Result {
  readonly payloadHash: string;
  readonly canonicalRequest: string;
  readonly hashedCanonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
  readonly authorization: string;
}

/** Computes the TC3-HMAC-SHA256 signature and `Authorization` header value. Pure. */
export function computeTc3(input: Tc3Input): Tc3Result {
  const payloadHash = sha256Hex(input.body);
  const { canonicalRequest, signedHeaders } = canonicalize({
    method: input.method,
    path: input.path,
    query: input.query,
    headers: input.signedHeaders,
    payloadHash,
  });
  const hashedCanonicalRequest = sha256Hex(canonicalRequest);
  const { timestamp, service } = input;
  const stringToSign = buildStringToSign({ timestamp, service, hashedCanonicalRequest });
  const date = utcDate(timestamp);
  const signature = tc3Signature(deriveSigningKey(input.secretKey, date, service), stringToSign);
  const authorization = formatAuthorization({ secretId: input.secretId, date, service, signedHeaders, signature });
  return { payloadHash, canonicalRequest, hashedCanonicalRequest, stringToSign, signature, authorization };
}
