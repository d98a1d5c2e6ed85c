/** The `Authorization` header of API 3.0: formatting it, and parsing it back for verification. */
import { TC3_ALGORITHM, credentialScope } from './string-to-sign';

/** The parts of a TC3 `Authorization` header. */
export interface Tc3Authorization {
  readonly secretId: string;
  /** UTC `YYYY-MM-DD` from the credential scope. */
  readonly date: string;
  readonly service: string;
  /** Lowercase header names, in the order given (`content-type;host` from the SDK). */
  readonly signedHeaders: readonly string[];
  /** Lowercase hex. */
  readonly signature: string;
}

/** `TC3-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<names>, Signature=<hex>` (§1.2 step 8). */
export function formatAuthorization(auth: Tc3Authorization): string {
  const scope = credentialScope(auth.date, auth.service);
  return `${TC3_ALGORITHM} Credential=${auth.secretId}/${scope}, SignedHeaders=${auth.signedHeaders.join(';')}, Signature=${auth.signature}`;
}

/** A parse result; `reason` says what is wrong without echoing the header. */
export type ParseAuthorizationResult =
  | { readonly ok: true; readonly value: Tc3Authorization }
  | { readonly ok: false; readonly reason: string };

const HEADER = /^TC3-HMAC-SHA256 Credential=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([^,\s]+)$/;
const SCOPE = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request$/;

/** Parses a TC3 `Authorization` header (the verifier's first step). */
export function parseAuthorization(header: string | undefined): ParseAuthorizationResult {
  if (header === undefined || header === '') return { ok: false, reason: 'Authorization header is missing' };
  const parts = HEADER.exec(header);
  if (!parts) return { ok: false, reason: `Authorization is not "${TC3_ALGORITHM} Credential=…, SignedHeaders=…, Signature=…"` };
  const [, credential = '', names = '', signature = ''] = parts;
  const scope = SCOPE.exec(credential);
  if (!scope) return { ok: false, reason: 'Credential is not <SecretId>/<YYYY-MM-DD>/<service>/tc3_request' };
  const [, secretId = '', date = '', service = ''] = scope;
  if (!/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'Signature is not 64 lowercase hex digits' };
  const signedHeaders = names.split(';');
  if (signedHeaders.some((name) => name === '' || name !== name.toLowerCase())) {
    return { ok: false, reason: 'SignedHeaders must be lowercase names separated by ";"' };
  }
  return { ok: true, value: { secretId, date, service, signedHeaders, signature } };
}
