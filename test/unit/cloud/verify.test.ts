/** cloud/'s server-side verifier: accepts what we sign, refuses with the provider's codes. */
import fc from 'fast-check';
import { parseAuthorization, signRequest, verifyTc3Request, type VerifyTc3Input } from '../../../cloud';

const credentials = { secretId: 'AKIDverify0000000001', secretKey: 'verify-secret' };
const NOW = 1_700_000_000;

function signed(overrides: Partial<Parameters<typeof signRequest>[0]> = {}): { headers: Record<string, string>; body: string } {
  const body = '{"SdkAppId":1400000001,"TaskId":"t-1"}';
  const headers = signRequest({
    service: 'trtc', host: '127.0.0.1:9000', action: 'DescribeCloudRecording', version: '2019-07-22',
    timestamp: NOW, body, credentials, ...overrides,
  });
  return { headers, body };
}

/** As a Node server sees them: lowercase names. */
const lower = (headers: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

function verify(input: Partial<VerifyTc3Input> & { headers: VerifyTc3Input['headers']; body: VerifyTc3Input['body'] }) {
  return verifyTc3Request({ method: 'POST', secretKey: credentials.secretKey, nowSeconds: NOW, ...input });
}

describe('verifyTc3Request', () => {
  it('accepts a request signed by signRequest, with its Host port, and reports who signed it for what', () => {
    const { headers, body } = signed();
    expect(verify({ headers: lower(headers), body: Buffer.from(body) })).toEqual({
      ok: true, secretId: credentials.secretId, service: 'trtc', timestamp: NOW,
    });
  });

  it('looks the key up by SecretId and refuses an unknown id', () => {
    const { headers, body } = signed();
    const keys = new Map([[credentials.secretId, credentials.secretKey]]);
    expect(verify({ headers, body, secretKey: (id) => keys.get(id) }).ok).toBe(true);
    expect(verify({ headers, body, secretKey: () => undefined })).toMatchObject({ ok: false, code: 'AuthFailure.SecretIdNotFound' });
  });

  it.each([
    ['a changed body', (r: ReturnType<typeof signed>) => ({ headers: r.headers, body: r.body.replace('t-1', 't-2') })],
    ['a changed Content-Type', (r: ReturnType<typeof signed>) => ({ headers: { ...r.headers, 'Content-Type': 'application/json; charset=utf-8' }, body: r.body })],
    ['another host', (r: ReturnType<typeof signed>) => ({ headers: { ...r.headers, Host: 'evil.example:9000' }, body: r.body })],
  ])('refuses %s with AuthFailure.SignatureFailure', (_what, tamper) => {
    expect(verify(tamper(signed()))).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it('refuses the wrong secret', () => {
    const { headers, body } = signed();
    expect(verify({ headers, body, secretKey: 'other' })).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it('refuses a timestamp more than 5 minutes off with AuthFailure.SignatureExpire, and accepts 5 minutes exactly', () => {
    const { headers, body } = signed();
    expect(verify({ headers, body, nowSeconds: NOW + 301 })).toMatchObject({ ok: false, code: 'AuthFailure.SignatureExpire' });
    expect(verify({ headers, body, nowSeconds: NOW - 301 })).toMatchObject({ ok: false, code: 'AuthFailure.SignatureExpire' });
    expect(verify({ headers, body, nowSeconds: NOW + 300 }).ok).toBe(true);
  });

  it('refuses a credential scope for another service when the service is pinned', () => {
    const { headers, body } = signed();
    expect(verify({ headers, body, service: 'tiw' })).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
    expect(verify({ headers, body, service: 'trtc' }).ok).toBe(true);
  });

  it('refuses a scope date that is not the UTC date of X-TC-Timestamp', () => {
    const { headers, body } = signed();
    const otherDay = { ...headers, Authorization: (headers.Authorization ?? '').replace('2023-11-14', '2023-11-15') };
    expect(verify({ headers: otherDay, body })).toMatchObject({ ok: false, code: 'AuthFailure.SignatureFailure' });
  });

  it.each([
    ['no Authorization', (h: Record<string, string>) => ({ ...h, Authorization: '' })],
    ['another algorithm', (h: Record<string, string>) => ({ ...h, Authorization: (h.Authorization ?? '').replace('TC3-HMAC-SHA256', 'HMAC-SHA1') })],
    ['no X-TC-Timestamp', (h: Record<string, string>) => ({ ...h, 'X-TC-Timestamp': 'soon' })],
    ['host not signed', (h: Record<string, string>) => ({ ...h, Authorization: (h.Authorization ?? '').replace('content-type;host', 'content-type') })],
    ['a signed header missing', ({ Host: _host, ...h }: Record<string, string>) => h],
  ])('refuses %s with AuthFailure.InvalidAuthorization', (_what, tamper) => {
    const { headers, body } = signed();
    expect(verify({ headers: tamper(headers), body })).toMatchObject({ ok: false, code: 'AuthFailure.InvalidAuthorization' });
  });

  it('accepts every request signRequest signs, for random bodies, hosts and keys', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 65535 }), (body, key, port) => {
        const headers = signRequest({
          service: 'live', host: `live.tencentcloudapi.com:${port}`, action: 'CreateLiveRecord', version: '2018-08-01',
          timestamp: NOW, body, credentials: { secretId: 'AKIDprop', secretKey: key },
        });
        expect(verify({ headers: lower(headers), body: Buffer.from(body), secretKey: key }).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseAuthorization', () => {
  it('splits the header into SecretId, date, service, signed headers and signature', () => {
    const { headers } = signed();
    const parsed = parseAuthorization(headers.Authorization);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.value).toEqual({
      secretId: credentials.secretId, date: '2023-11-14', service: 'trtc', signedHeaders: ['content-type', 'host'],
      signature: (headers.Authorization ?? '').split('Signature=')[1],
    });
    expect(parsed.value.signature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('explains what is wrong without echoing the header', () => {
    const result = parseAuthorization('TC3-HMAC-SHA256 Credential=AKIDx/2023-11-14/trtc, SignedHeaders=content-type;host, Signature=00');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).not.toContain('AKIDx');
  });
});
