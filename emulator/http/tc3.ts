/**
 * The emulator's own TC3-HMAC-SHA256 verifier, written from the provider's signature v3
 * rules (reference §1.2) with node:crypto alone. It shares no code with cloud/'s signer on
 * purpose: the emulator is the other side of the wire, and a bug in our signer must show up
 * as a refused call here, not be mirrored by the same code checking its own output.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** The only algorithm API 3.0 accepts. */
const ALGORITHM = 'TC3-HMAC-SHA256';
/** Last element of every credential scope. */
const SCOPE_TERMINATOR = 'tc3_request';
/** Headers every API 3.0 signature must cover. */
const REQUIRED_SIGNED = ['content-type', 'host'] as const;

/** What an `Authorization: TC3-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header says. */
export interface Tc3Header {
  readonly secretId: string;
  /** UTC `YYYY-MM-DD` of the credential scope. */
  readonly date: string;
  readonly service: string;
  /** Lowercase header names, as listed. */
  readonly signedHeaders: readonly string[];
  /** 64 lowercase hex digits. */
  readonly signature: string;
}

/** Parsed, or why not (the reason never echoes the header). */
export type Tc3HeaderParse =
  { readonly ok: true; readonly value: Tc3Header } | { readonly ok: false; readonly reason: string };

const HEADER_SHAPE = /^TC3-HMAC-SHA256 Credential=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([^,\s]+)$/;

/** Parses the `Authorization` header; also how a call is routed by its credential scope. */
export function parseTc3Authorization(header: string | undefined): Tc3HeaderParse {
  if (header === undefined || header === '') return { ok: false, reason: 'Authorization header is missing' };
  const match = HEADER_SHAPE.exec(header);
  if (match === null)
    return { ok: false, reason: `Authorization is not "${ALGORITHM} Credential=…, SignedHeaders=…, Signature=…"` };
  const [, credential = '', names = '', signature = ''] = match;
  const scope = credential.split('/');
  const [secretId = '', date = '', service = '', terminator] = scope;
  if (
    scope.length !== 4 ||
    secretId === '' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    service === '' ||
    terminator !== SCOPE_TERMINATOR
  ) {
    return { ok: false, reason: `Credential is not <SecretId>/<YYYY-MM-DD>/<service>/${SCOPE_TERMINATOR}` };
  }
  if (!/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'Signature is not 64 lowercase hex digits' };
  const signedHeaders = names.split(';');
  if (signedHeaders.some((name) => name === '' || /[A-Z]/.test(name))) {
    return { ok: false, reason: 'SignedHeaders must be lowercase names separated by ";"' };
  }
  return { ok: true, value: { secretId, date, service, signedHeaders, signature } };
}

/** A received call, as Node hands it over. */
export interface ReceivedRequest {
  readonly method: string;
  /** Path without the query (`/` for API 3.0). */
  readonly path: string;
  /** Query without `?`, exactly as sent: a GET's canonical query string (empty for the SDK's POST). */
  readonly query: string;
  /** Node's lowercase header names. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body bytes exactly as received: the signature covers them, not a re-serialisation. */
  readonly body: Buffer;
}

export interface Tc3Expectations {
  /** The SecretKey of a SecretId, undefined when the id is unknown. */
  readonly secretKeyOf: (secretId: string) => string | undefined;
  /** The service the call resolved to; the credential scope must name it. */
  readonly service: string;
  /** Server time the timestamp is checked against, Unix seconds. */
  readonly nowSeconds: number;
  /** Largest allowed |X-TC-Timestamp − now| (API 3.0: 300 s). */
  readonly maxSkewSeconds: number;
}

/** Provider codes (reference §1.3) this verifier refuses with. */
export type Tc3Refusal =
  | 'AuthFailure.InvalidAuthorization'
  | 'AuthFailure.SignatureExpire'
  | 'AuthFailure.SecretIdNotFound'
  | 'AuthFailure.SignatureFailure';

export type Tc3Verdict =
  | { readonly ok: true; readonly secretId: string }
  | { readonly ok: false; readonly code: Tc3Refusal; readonly reason: string };

const refuse = (code: Tc3Refusal, reason: string): Tc3Verdict => ({ ok: false, code, reason });

function single(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

/** UTC `YYYY-MM-DD` of Unix seconds: the provider dates the scope in UTC, never local time. */
function utcDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * Verifies one call in the provider's order: header shape, timestamp syntax, required signed
 * headers, clock skew, scope date and service, presence of every signed header, then the
 * key and the signature itself.
 */
export function verifyTc3(request: ReceivedRequest, expect: Tc3Expectations): Tc3Verdict {
  const parsed = parseTc3Authorization(single(request.headers.authorization));
  if (!parsed.ok) return refuse('AuthFailure.InvalidAuthorization', parsed.reason);
  const auth = parsed.value;
  const stamp = single(request.headers['x-tc-timestamp']) ?? '';
  if (!/^\d{1,12}$/.test(stamp))
    return refuse('AuthFailure.InvalidAuthorization', 'X-TC-Timestamp is not integer seconds');
  const timestamp = Number(stamp);
  if (REQUIRED_SIGNED.some((name) => !auth.signedHeaders.includes(name))) {
    return refuse('AuthFailure.InvalidAuthorization', 'SignedHeaders must include content-type and host');
  }
  if (Math.abs(expect.nowSeconds - timestamp) > expect.maxSkewSeconds) {
    return refuse('AuthFailure.SignatureExpire', 'X-TC-Timestamp is more than the allowed skew from server time');
  }
  if (auth.date !== utcDay(timestamp))
    return refuse('AuthFailure.SignatureFailure', 'credential date is not the UTC date of X-TC-Timestamp');
  if (auth.service !== expect.service)
    return refuse('AuthFailure.SignatureFailure', 'credential scope names another service');

  const values = new Map<string, string>();
  for (const name of auth.signedHeaders) {
    const value = single(request.headers[name]);
    if (value === undefined) return refuse('AuthFailure.InvalidAuthorization', `signed header ${name} is missing`);
    values.set(name, value);
  }
  // The SDK signs the URL's hostname but sends Host with the port, so the port is not signed.
  let hostname: string;
  try {
    hostname = new URL(`http://${values.get('host') ?? ''}`).hostname;
  } catch {
    return refuse('AuthFailure.InvalidAuthorization', 'Host header is not a valid host');
  }
  values.set('host', hostname);

  const secretKey = expect.secretKeyOf(auth.secretId);
  if (secretKey === undefined) return refuse('AuthFailure.SecretIdNotFound', 'unknown SecretId');

  const names = [...values.keys()].sort();
  const canonicalRequest = [
    request.method,
    request.path,
    request.query,
    names.map((name) => `${name}:${values.get(name) ?? ''}\n`).join(''),
    names.join(';'),
    sha256Hex(request.body),
  ].join('\n');
  const scope = `${auth.date}/${auth.service}/${SCOPE_TERMINATOR}`;
  const stringToSign = [ALGORITHM, String(timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${secretKey}`, auth.date), auth.service), SCOPE_TERMINATOR);
  const expected = hmac(signingKey, stringToSign);
  // Both sides are 32 bytes (the parser admits only 64 hex digits); the comparison leaks no prefix.
  if (!timingSafeEqual(expected, Buffer.from(auth.signature, 'hex'))) {
    return refuse('AuthFailure.SignatureFailure', 'signature does not match');
  }
  return { ok: true, secretId: auth.secretId };
}
