/** The `Authorization` header of API 3.0 (reference §1.2 step 8). */
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
