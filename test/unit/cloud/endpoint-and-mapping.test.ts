/** Endpoint per service and domain, and how socket failures map to the error taxonomy. */
import { CloudTimeoutError, CloudTransportError, resolveEndpoint } from '../../../cloud';
import { mapTransportError } from '../../../cloud/transport/map-error';

describe('resolveEndpoint', () => {
  it('puts the service in front of the mainland or intl domain', () => {
    expect(resolveEndpoint('trtc', { kind: 'domain', domain: 'mainland' })).toEqual({
      origin: 'https://trtc.tencentcloudapi.com',
      host: 'trtc.tencentcloudapi.com',
    });
    expect(resolveEndpoint('live', { kind: 'domain', domain: 'intl' })).toEqual({
      origin: 'https://live.intl.tencentcloudapi.com',
      host: 'live.intl.tencentcloudapi.com',
    });
  });

  it('sends every service to a custom base URL, keeping its port in Host', () => {
    expect(resolveEndpoint('tiw', { kind: 'custom', baseUrl: 'http://127.0.0.1:9000' })).toEqual({
      origin: 'http://127.0.0.1:9000',
      host: '127.0.0.1:9000',
    });
  });

  it.each(['', 'TRTC', 'trtc.evil', 'a/b', 'x:1'])('refuses service %p', (service) => {
    expect(() => resolveEndpoint(service, { kind: 'domain', domain: 'mainland' })).toThrow(
      /service: must be a lowercase DNS label/,
    );
  });
});

describe('mapTransportError', () => {
  const context = { service: 'trtc', action: 'A' };
  const timeouts = { connectMs: 1, headersMs: 2, bodyMs: 3 };
  const fault = (code: string): Error => Object.assign(new Error(code), { code });

  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'connect', 1, false],
    ['UND_ERR_HEADERS_TIMEOUT', 'headers', 2, true],
    ['UND_ERR_BODY_TIMEOUT', 'body', 3, true],
  ] as const)('%s → CloudTimeoutError in the %s phase', (code, phase, timeoutMs, sent) => {
    const mapped = mapTransportError(fault(code), context, timeouts);
    expect(mapped).toBeInstanceOf(CloudTimeoutError);
    expect(mapped).toMatchObject({ phase, timeoutMs, requestMayHaveBeenSent: sent });
  });

  it.each([
    ['ECONNREFUSED', false],
    ['ENOTFOUND', false],
    ['EAI_AGAIN', false],
    ['ERR_TLS_CERT_ALTNAME_INVALID', false],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', false],
    ['UND_ERR_CLOSED', false],
    ['ECONNRESET', true],
    ['UND_ERR_SOCKET', true],
    ['EPIPE', true],
  ])('%s → CloudTransportError, may have been sent: %s', (code, sent) => {
    const mapped = mapTransportError(fault(code), context, timeouts);
    expect(mapped).toBeInstanceOf(CloudTransportError);
    expect(mapped).toMatchObject({ code, requestMayHaveBeenSent: sent });
  });

  it('leaves errors that are not network failures as they are', () => {
    const bug = new TypeError('bug');
    expect(mapTransportError(bug, context, timeouts)).toBe(bug);
    const invalid = fault('UND_ERR_INVALID_ARG');
    expect(mapTransportError(invalid, context, timeouts)).toBe(invalid);
  });
});
