/** Input and result shapes of the server-side TC3 verifier. */

/** A received request, as a Node server sees it. */
export interface VerifyTc3Input {
  readonly method: string;
  /** Request path without the query; defaults to `/`. */
  readonly path?: string;
  readonly query?: string;
  /** Received headers (any name case; Node's `IncomingHttpHeaders` fits). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body bytes received. */
  readonly body: string | Uint8Array;
  /** The key for the header's SecretId; a function returning undefined means an unknown id. */
  readonly secretKey: string | ((secretId: string) => string | undefined);
  /** The verifier's clock, Unix seconds (passed in: no clock reads here). */
  readonly nowSeconds: number;
  /** Allowed clock difference; API 3.0 rejects more than 5 minutes (reference §1.1). */
  readonly maxSkewSeconds?: number;
  /** When set, the credential scope must name this service. */
  readonly service?: string;
}

/** Provider error codes a verifier answers with (reference §1.3). */
export type Tc3FailureCode =
  | 'AuthFailure.InvalidAuthorization'
  | 'AuthFailure.SecretIdNotFound'
  | 'AuthFailure.SignatureExpire'
  | 'AuthFailure.SignatureFailure';

/** Accepted (with who signed, for what service, when) or refused with the provider's code. */
export type VerifyTc3Result =
  | { readonly ok: true; readonly secretId: string; readonly service: string; readonly timestamp: number }
  | { readonly ok: false; readonly code: Tc3FailureCode; readonly reason: string };
