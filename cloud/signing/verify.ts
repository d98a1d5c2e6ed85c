/** Server-side TC3 check: recompute the signature from the received request, compare in constant time. */
import { timingSafeEqual } from 'node:crypto';
import { type Tc3Authorization, parseAuthorization } from './authorization';
import { computeTc3 } from './authorize';
import { canonicalHost } from './canonical';
import { utcDate } from './string-to-sign';
import type { Tc3FailureCode, VerifyTc3Input, VerifyTc3Result } from './verify-types';

type Refusal = Extract<VerifyTc3Result, { ok: false }>;
const refuse = (code: Tc3FailureCode, reason: string): Refusal => ({ ok: false, code, reason });

function header(headers: VerifyTc3Input['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : value?.[0];
}

/** Structure, clock and scope checks that need no secret. */
function precheck(input: VerifyTc3Input): Refusal | { auth: Tc3Authorization; timestamp: number; signed: Record<string, string> } {
  const parsed = parseAuthorization(header(input.headers, 'authorization'));
  if (!parsed.ok) return refuse('AuthFailure.InvalidAuthorization', parsed.reason);
  const auth = parsed.value;
  const stamp = header(input.headers, 'x-tc-timestamp') ?? '';
  if (!/^\d{1,12}$/.test(stamp)) return refuse('AuthFailure.InvalidAuthorization', 'X-TC-Timestamp is not integer seconds');
  const timestamp = Number(stamp);
  if (!['content-type', 'host'].every((name) => auth.signedHeaders.includes(name))) {
    return refuse('AuthFailure.InvalidAuthorization', 'SignedHeaders must include content-type and host');
  }
  if (Math.abs(input.nowSeconds - timestamp) > (input.maxSkewSeconds ?? 300)) {
    return refuse('AuthFailure.SignatureExpire', 'X-TC-Timestamp is more than the allowed skew from server time');
  }
  if (auth.date !== utcDate(timestamp)) return refuse('AuthFailure.SignatureFailure', 'credential date is not the UTC date of X-TC-Timestamp');
  if (input.service !== undefined && auth.service !== input.service) return refuse('AuthFailure.SignatureFailure', 'credential scope names another service');
  const signed: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = header(input.headers, name);
    if (value === undefined) return refuse('AuthFailure.InvalidAuthorization', `signed header ${name} is missing`);
    signed[name] = value;
  }
  const host = signed.host ?? '';
  if (!URL.canParse(`http://${host}`)) return refuse('AuthFailure.InvalidAuthorization', 'Host header is not a valid host');
  signed.host = canonicalHost(host);
  return { auth, timestamp, signed };
}

/** Verifies a TC3-HMAC-SHA256 request the way API 3.0 does, for requests {@link signRequest} makes. */
export function verifyTc3Request(input: VerifyTc3Input): VerifyTc3Result {
  const checked = precheck(input);
  if ('ok' in checked) return checked;
  const { auth, timestamp, signed } = checked;
  const secretKey = typeof input.secretKey === 'string' ? input.secretKey : input.secretKey(auth.secretId);
  if (secretKey === undefined) return refuse('AuthFailure.SecretIdNotFound', 'unknown SecretId');
  const { method, path = '/', query = '', body } = input;
  const expected = computeTc3({ method, path, query, signedHeaders: signed, body, timestamp, service: auth.service, secretId: auth.secretId, secretKey });
  if (!timingSafeEqual(Buffer.from(expected.signature, 'hex'), Buffer.from(auth.signature, 'hex'))) {
    return refuse('AuthFailure.SignatureFailure', 'signature does not match');
  }
  return { ok: true, secretId: auth.secretId, service: auth.service, timestamp };
}
