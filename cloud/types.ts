/**
 * Public shapes of the Tencent Cloud API 3.0 client (cloud/). Knows nothing of recordings.
 */

/** API credentials. Never logged: see cloud/credentials.ts for the redacting holder. */
export interface Credentials {
  readonly secretId: string;
  readonly secretKey: string;
  /** Session token of temporary credentials, sent as X-TC-Token. */
  readonly token?: string;
}

/** One API call: the service and action, and the JSON payload (Tencent field names). */
export interface CloudRequest {
  /** Service name as it appears in the endpoint's first DNS label, e.g. `trtc`. */
  readonly service: string;
  readonly action: string;
  readonly version: string;
  /** Overrides the client's default region; omitted header when both are undefined. */
  readonly region?: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface CallOptions {
  /** Cancels the request (e.g. Temporal activity cancellation). */
  readonly signal?: AbortSignal;
  /** Overall per-call budget in ms; defaults to the client's configured time-outs. */
  readonly timeoutMs?: number;
}

/** A successful call: `Response` minus `RequestId`, plus the `RequestId`. */
export interface CloudResponse<T = Record<string, unknown>> {
  readonly data: T;
  readonly requestId: string;
}

/** The transport the recorders depend on; tests can pass a fake. */
export interface CloudCaller {
  call<T = Record<string, unknown>>(request: CloudRequest, options?: CallOptions): Promise<CloudResponse<T>>;
}

/** Which public API domain to call (reference §1.1). */
export type CloudDomain = 'mainland' | 'intl';

/**
 * Where calls go: `<service>.tencentcloudapi.com` (mainland), `<service>.intl.tencentcloudapi.com`
 * (intl), or one custom base URL for every service (the local emulator, e.g. `http://127.0.0.1:9000`).
 */
export type CloudEndpoint =
  { readonly kind: 'domain'; readonly domain: CloudDomain } | { readonly kind: 'custom'; readonly baseUrl: string };

/** Transport time-outs in ms; each defaults to 6 s, the TRTC per-call server time-out (reference §3). */
export interface CloudTimeouts {
  /** TCP + TLS connection set-up. */
  readonly connectMs: number;
  /** From sending the request to the end of the response headers. */
  readonly headersMs: number;
  /** Longest gap between two chunks of the response body. */
  readonly bodyMs: number;
}
