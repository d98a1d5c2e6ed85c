/** Endpoint per service: the public domains or one custom base URL (the emulator). */
import type { CloudEndpoint } from './types';

/** Where one call goes. */
export interface ResolvedEndpoint {
  /** `https://trtc.tencentcloudapi.com`, or the custom base URL's origin. */
  readonly origin: string;
  /** The `Host` header: hostname plus any port (the signature covers only the hostname). */
  readonly host: string;
}

/** The SDK's default: `<service>.tencentcloudapi.com`. */
export const DEFAULT_ENDPOINT: CloudEndpoint = { kind: 'domain', domain: 'mainland' };

/** A service is the first DNS label of its endpoint, so it must be a label (no dots, no `/`). */
const SERVICE_LABEL = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * The origin and Host for `service`. A custom base URL receives every service; the signed
 * service still comes from the request, not from the URL's hostname.
 */
export function resolveEndpoint(service: string, endpoint: CloudEndpoint): ResolvedEndpoint {
  if (!SERVICE_LABEL.test(service)) {
    throw new TypeError('service: must be a lowercase DNS label such as "trtc"');
  }
  if (endpoint.kind === 'custom') {
    const url = new URL(endpoint.baseUrl);
    return { origin: url.origin, host: url.host };
  }
  const host = endpoint.domain === 'intl' ? `${service}.intl.tencentcloudapi.com` : `${service}.tencentcloudapi.com`;
  return { origin: `https://${host}`, host };
}
