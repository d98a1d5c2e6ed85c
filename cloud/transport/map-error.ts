/** Turns an undici or socket failure into the cloud/ error taxonomy, deciding whether the request may have left. */
import type { CloudCallContext } from '../errors/cloud-error';
import { CloudTimeoutError } from '../errors/timeout-error';
import { CloudTransportError } from '../errors/transport-error';
import type { CloudTimeouts } from '../types';

/** Failures that happen before any request byte is written: retrying cannot duplicate a call. */
const BEFORE_SEND = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

function isTlsSetupFailure(code: string): boolean {
  return code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT');
}

/**
 * Maps a failure of the dispatch or the body read. Errors without a string `code` (a bug, an
 * invalid argument) are returned unchanged, so they surface as themselves.
 */
export function mapTransportError(error: unknown, context: CloudCallContext, timeouts: CloudTimeouts): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || code === 'UND_ERR_INVALID_ARG') return error;
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new CloudTimeoutError(context, { phase: 'connect', timeoutMs: timeouts.connectMs, cause: error });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new CloudTimeoutError(context, { phase: 'headers', timeoutMs: timeouts.headersMs, cause: error });
    case 'UND_ERR_BODY_TIMEOUT':
      return new CloudTimeoutError(context, { phase: 'body', timeoutMs: timeouts.bodyMs, cause: error });
    default: {
      // A reset or close after connecting may come after the provider read the request.
      const requestMayHaveBeenSent = !BEFORE_SEND.has(code) && !isTlsSetupFailure(code);
      return new CloudTransportError(context, { cause: error, code, requestMayHaveBeenSent });
    }
  }
}
