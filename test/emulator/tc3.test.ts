/**
 * The emulator's own TC3 verifier: it accepts the documented vector and whatever the official
 * SDK and our cloud/ signer produce, and refuses everything else with the provider's codes.
 */
import fc from 'fast-check';
import Sign from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign';
import { signRequest } from '../../cloud/index';
import { parseTc3Authorization, verifyTc3, type ReceivedRequest, type Tc3Expectations } from '../../emulator/http/tc3';

// Signature v3 doc example (reference §1.2 test vector): values from the provider's page, not from our signer.
const VECTOR = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  host: 'cvm.tencentcloudapi.com',
  contentType: 'application/json; charset=utf-8',
  timestamp: 1551113065,
  body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
};

function vectorRequest(): ReceivedRequest {
  return {
    method: 'POST',
    path: '/',
    query: '',
    body: Buffer.from(VECTOR.body),
    headers: {
      authorization: `TC3-HMAC-SHA256 Credential=${VECTOR.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${VECTOR.signature}`,
      'content-type': VECTOR.contentType,
      host: VECTOR.host,
      'x-tc-timestamp': String(VECTOR.timestamp),
    },
  };
}

const vectorExpectations: Tc3Expectations = {
  secretKeyOf: (id) => (id === VECTOR.secretId ? VECTOR.secretKey : undefined),
  service: 'cvm',
  nowSeconds: VECTOR.timestamp,
  maxSkewSeconds: 300,
};

describe('the documented vector', () => {
  it('is accepted, and names who signed it', () => {
    expect(verifyTc3(vectorRequest(), vectorExpectations)).toEqual({ ok: true, secretId: VECTOR.secretId });
  });

  it('is accepted with the Host port the SDK sends but does not sign, and with an upper-case Host', () => {
    const request = vectorRequest();
    expect(
      verifyTc3({ ...request, headers: { ...request.headers, host: `${VECTOR.host}:443` } }, vectorExpectations).ok,
    ).toBe(true);
    expect(
      verifyTc3({ ...request, headers: { ...request.headers, host: 'CVM.TencentCloudAPI.com' } }, vectorExpectations)
        .ok,
    ).toBe(true);
  });
});

describe('refusals, with the provider codes', () => {
  const tampered = (patch: Partial<ReceivedRequest> | ((r: ReceivedRequest) => ReceivedRequest)): ReceivedRequest => {
    const request = vectorRequest();
    return typeof patch === 'function' ? patch(request) : { ...request, ...patch };
  };
  const withHeaders =
    (headers: Record<string, string | undefined>) =>
    (r: ReceivedRequest): ReceivedRequest => ({ ...r, headers: { ...r.headers, ...headers } });
  const authorization =
    (edit: (value: string) => string) =>
    (r: ReceivedRequest): ReceivedRequest =>
      withHeaders({ authorization: edit(String(r.headers.authorization)) })(r);

  it.each([
    ['a changed body', tampered({ body: Buffer.from(VECTOR.body.replace('1', '2')) })],
    ['a changed Content-Type', tampered(withHeaders({ 'content-type': 'application/json' }))],
    ['another host', tampered(withHeaders({ host: 'cvm.example.com' }))],
    [
      'a scope date that is not the UTC date of X-TC-Timestamp',
      tampered(authorization((a) => a.replace('2019-02-25', '2019-02-26'))),
    ],
    ['a signature with one digit changed', tampered(authorization((a) => a.replace(/.$/, '9')))],
  ])('refuses %s with AuthFailure.SignatureFailure', (_what, request) => {
    expect(verifyTc3(request, vectorExpectations)).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it('refuses the wrong secret, and a scope naming another service than the call resolved to', () => {
    expect(verifyTc3(vectorRequest(), { ...vectorExpectations, secretKeyOf: () => 'other' })).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
    expect(verifyTc3(vectorRequest(), { ...vectorExpectations, service: 'trtc' })).toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
  });

  it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound', () => {
    expect(verifyTc3(vectorRequest(), { ...vectorExpectations, secretKeyOf: () => undefined })).toMatchObject({
      code: 'AuthFailure.SecretIdNotFound',
    });
  });

  it('refuses more than the allowed skew either way with AuthFailure.SignatureExpire, and accepts it exactly', () => {
    const at = (nowSeconds: number) => verifyTc3(vectorRequest(), { ...vectorExpectations, nowSeconds });
    expect(at(VECTOR.timestamp + 301)).toMatchObject({ code: 'AuthFailure.SignatureExpire' });
    expect(at(VECTOR.timestamp - 301)).toMatchObject({ code: 'AuthFailure.SignatureExpire' });
    expect(at(VECTOR.timestamp + 300).ok).toBe(true);
    expect(at(VECTOR.timestamp - 300).ok).toBe(true);
  });

  it.each([
    ['no Authorization', tampered(withHeaders({ authorization: undefined }))],
    ['an empty Authorization', tampered(withHeaders({ authorization: '' }))],
    ['another algorithm', tampered(authorization((a) => a.replace('TC3-HMAC-SHA256', 'HMAC-SHA1')))],
    ['a scope without tc3_request', tampered(authorization((a) => a.replace('tc3_request', 'tc2_request')))],
    ['a scope with an extra element', tampered(authorization((a) => a.replace('/cvm/', '/cvm/x/')))],
    [
      'an upper-case signature',
      tampered(authorization((a) => a.replace(VECTOR.signature, VECTOR.signature.toUpperCase()))),
    ],
    ['a short signature', tampered(authorization((a) => a.replace(VECTOR.signature, VECTOR.signature.slice(2))))],
    ['upper-case SignedHeaders', tampered(authorization((a) => a.replace('content-type;host', 'Content-Type;host')))],
    ['host not signed', tampered(authorization((a) => a.replace('content-type;host', 'content-type')))],
    [
      'a signed header missing',
      tampered(authorization((a) => a.replace('content-type;host', 'content-type;host;x-tc-action'))),
    ],
    ['no X-TC-Timestamp', tampered(withHeaders({ 'x-tc-timestamp': undefined }))],
    ['a non-integer X-TC-Timestamp', tampered(withHeaders({ 'x-tc-timestamp': '1551113065.5' }))],
    ['a Host that is not a host', tampered(withHeaders({ host: 'cvm tencentcloudapi com' }))],
  ])('refuses %s with AuthFailure.InvalidAuthorization', (_what, request) => {
    expect(verifyTc3(request, vectorExpectations)).toMatchObject({
      ok: false,
      code: 'AuthFailure.InvalidAuthorization',
    });
  });
});

describe('parseTc3Authorization', () => {
  it('reads the credential scope (how a base-URL client is routed) and the signed header names', () => {
    expect(parseTc3Authorization(String(vectorRequest().headers.authorization))).toEqual({
      ok: true,
      value: {
        secretId: VECTOR.secretId,
        date: '2019-02-25',
        service: 'cvm',
        signedHeaders: ['content-type', 'host'],
        signature: VECTOR.signature,
      },
    });
  });

  it('never echoes the header in its reason', () => {
    const result = parseTc3Authorization(
      'TC3-HMAC-SHA256 Credential=AKIDsecret-looking, SignedHeaders=host, Signature=zz',
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('AKIDsecret-looking');
  });
});

// What real clients send: the official SDK, and our own signer. Neither shares code with the verifier.
const label = fc.stringMatching(/^[a-z][a-z0-9-]{0,14}$/);
const host = fc
  .tuple(
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  )
  .map(([labels, port]) => `${labels.join('.')}${port === undefined ? '' : `:${port}`}`);
const timestamp = fc.integer({ min: 0, max: 4_102_444_800 });
const secretKey = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
const body = fc.json().map((text) => Buffer.from(text, 'utf8'));
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8');

function received(headers: Record<string, string>, bytes: Buffer): ReceivedRequest {
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: 'POST', path: '/', query: '', headers: lower, body: bytes };
}

describe('what clients sign', () => {
  it('accepts every request the official SDK sign3 signs, across hosts, ports, services, bodies and timestamps', () => {
    fc.assert(
      fc.property(host, label, timestamp, body, contentType, secretKey, (h, service, ts, bytes, type, key) => {
        const authorization = Sign.sign3({
          method: 'POST',
          url: `https://${h}/`,
          payload: bytes,
          timestamp: ts,
          service,
          secretId: 'AKIDsdk0000',
          secretKey: key,
          multipart: false,
          boundary: '',
          headers: { 'Content-Type': type },
        });
        const request = received(
          { Authorization: authorization, 'Content-Type': type, Host: h, 'X-TC-Timestamp': String(ts) },
          bytes,
        );
        const verdict = verifyTc3(request, { secretKeyOf: () => key, service, nowSeconds: ts, maxSkewSeconds: 300 });
        expect(verdict).toEqual({ ok: true, secretId: 'AKIDsdk0000' });
      }),
      { numRuns: 300 },
    );
  });

  it('accepts every request cloud/ signRequest signs, and refuses it with another key', () => {
    fc.assert(
      fc.property(host, label, timestamp, body, secretKey, (h, service, ts, bytes, key) => {
        const headers = signRequest({
          service,
          host: h,
          action: 'A',
          version: 'v',
          timestamp: ts,
          body: bytes,
          credentials: { secretId: 'AKIDours0000', secretKey: key },
        });
        const expectations = { secretKeyOf: () => key, service, nowSeconds: ts, maxSkewSeconds: 300 };
        expect(verifyTc3(received(headers, bytes), expectations)).toEqual({ ok: true, secretId: 'AKIDours0000' });
        expect(verifyTc3(received(headers, bytes), { ...expectations, secretKeyOf: () => `${key}x` })).toMatchObject({
          code: 'AuthFailure.SignatureFailure',
        });
      }),
      { numRuns: 300 },
    );
  });
});
