/** The pure TC3 signer, step by step, pinned to the documented vector (reference §1.2). */
import { createHmac } from 'node:crypto';
import {
  buildCanonicalRequest,
  buildStringToSign,
  canonicalHost,
  computeTc3,
  deriveSigningKey,
  sha256Hex,
  signRequest,
  tc3Signature,
  utcDate,
} from '../../../cloud';

// Signature v3 doc example, re-computed with the SDK's own sign3 (reference §1.2 test vector).
const VECTOR = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  host: 'cvm.tencentcloudapi.com',
  service: 'cvm',
  contentType: 'application/json; charset=utf-8',
  timestamp: 1551113065,
  body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
  payloadHash: '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
  hashedCanonicalRequest: '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
  signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
};

describe('TC3 golden vector', () => {
  const result = computeTc3({
    method: 'POST',
    path: '/',
    query: '',
    signedHeaders: { 'content-type': VECTOR.contentType, host: VECTOR.host },
    body: VECTOR.body,
    timestamp: VECTOR.timestamp,
    service: VECTOR.service,
    secretId: VECTOR.secretId,
    secretKey: VECTOR.secretKey,
  });

  it('reproduces the payload hash, hashed canonical request and signature of the documented example', () => {
    expect(result.payloadHash).toBe(VECTOR.payloadHash);
    expect(result.hashedCanonicalRequest).toBe(VECTOR.hashedCanonicalRequest);
    expect(result.signature).toBe(VECTOR.signature);
  });

  it('builds the canonical request with the blank line after the headers', () => {
    expect(result.canonicalRequest).toBe(
      `POST\n/\n\ncontent-type:${VECTOR.contentType}\nhost:${VECTOR.host}\n\ncontent-type;host\n${VECTOR.payloadHash}`,
    );
  });

  it('builds the string to sign from the timestamp, the UTC scope and the hashed canonical request', () => {
    expect(result.stringToSign).toBe(
      `TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n${VECTOR.hashedCanonicalRequest}`,
    );
  });

  it('gives the exact Authorization header through signRequest', () => {
    const headers = signRequest({
      service: VECTOR.service,
      host: VECTOR.host,
      action: 'DescribeInstances',
      version: '2017-03-12',
      timestamp: VECTOR.timestamp,
      body: Buffer.from(VECTOR.body),
      contentType: VECTOR.contentType,
      credentials: { secretId: VECTOR.secretId, secretKey: VECTOR.secretKey },
    });
    expect(headers.Authorization).toBe(
      `TC3-HMAC-SHA256 Credential=${VECTOR.secretId}/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=${VECTOR.signature}`,
    );
  });
});

describe('signing steps', () => {
  it('hashes the empty body like the SDK does for a body-less request', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('takes the UTC date, not the local one, on both sides of midnight', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Asia/Shanghai'; // UTC+8: a local date would already be the next day
    try {
      expect(utcDate(Date.UTC(2024, 0, 31, 23, 59, 59) / 1000)).toBe('2024-01-31');
      expect(utcDate(Date.UTC(2024, 1, 1, 0, 0, 0) / 1000)).toBe('2024-02-01');
      expect(utcDate(Date.UTC(2024, 1, 29, 16, 0, 0) / 1000)).toBe('2024-02-29');
      expect(utcDate(0)).toBe('1970-01-01');
    } finally {
      process.env.TZ = saved;
    }
  });

  it('signs the hostname without the port, as the SDK signs URL.hostname', () => {
    expect(canonicalHost('127.0.0.1:9000')).toBe('127.0.0.1');
    expect(canonicalHost('TRTC.TencentCloudAPI.com')).toBe('trtc.tencentcloudapi.com');
    expect(canonicalHost('[::1]:8080')).toBe('[::1]');
  });

  it('sorts signed headers by lowercase name and lists them in SignedHeaders', () => {
    const text = buildCanonicalRequest({
      method: 'POST',
      path: '/',
      query: '',
      headers: { Host: 'h', 'Content-Type': 'c' },
      payloadHash: 'p',
    });
    expect(text).toBe('POST\n/\n\ncontent-type:c\nhost:h\n\ncontent-type;host\np');
  });

  it('derives the key by chaining raw HMAC bytes: TC3+key → date → service → tc3_request', () => {
    const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();
    const expected = hmac(hmac(hmac('TC3secret', '2024-05-06'), 'trtc'), 'tc3_request');
    expect(deriveSigningKey('secret', '2024-05-06', 'trtc').equals(expected)).toBe(true);
    expect(tc3Signature(expected, 'x')).toBe(createHmac('sha256', expected).update('x').digest('hex'));
  });

  it('puts the UTC date of the timestamp into the credential scope', () => {
    const text = buildStringToSign({ timestamp: 1_700_000_000, service: 'live', hashedCanonicalRequest: 'h' });
    expect(text).toBe('TC3-HMAC-SHA256\n1700000000\n2023-11-14/live/tc3_request\nh');
  });
});

describe('signRequest header set', () => {
  const base = {
    service: 'trtc',
    host: 'trtc.tencentcloudapi.com',
    action: 'DescribeCloudRecording',
    version: '2019-07-22',
    timestamp: 1_700_000_000,
    body: '{}',
    credentials: { secretId: 'AKIDexample00000000', secretKey: 'key' },
  };

  it('sends only the always-present headers when nothing optional is set', () => {
    expect(Object.keys(signRequest(base)).sort()).toEqual(
      ['Authorization', 'Content-Type', 'Host', 'X-TC-Action', 'X-TC-Timestamp', 'X-TC-Version'].sort(),
    );
    expect(signRequest(base)['Content-Type']).toBe('application/json');
  });

  it('adds region, token, language, request client and trace id exactly when given', () => {
    const headers = signRequest({
      ...base,
      region: 'ap-guangzhou',
      token: 'session-token',
      language: 'en-US',
      requestClient: 'SDK_NODEJS_4.1.313',
      traceId: '5b1d0c1e-8f2a-4e57-9d43-6b9f7f0e2a11',
    });
    expect(headers).toMatchObject({
      'X-TC-Region': 'ap-guangzhou',
      'X-TC-Token': 'session-token',
      'X-TC-Language': 'en-US',
      'X-TC-RequestClient': 'SDK_NODEJS_4.1.313',
      'X-TC-TraceId': '5b1d0c1e-8f2a-4e57-9d43-6b9f7f0e2a11',
      'X-TC-Timestamp': '1700000000',
    });
  });

  it('takes the token from the credentials when none is passed separately', () => {
    const headers = signRequest({ ...base, credentials: { ...base.credentials, token: 'from-credentials' } });
    expect(headers['X-TC-Token']).toBe('from-credentials');
  });

  it('keeps the port in Host but not in the signature', () => {
    const withPort = signRequest({ ...base, host: 'trtc.tencentcloudapi.com:8443' });
    expect(withPort.Host).toBe('trtc.tencentcloudapi.com:8443');
    expect(withPort.Authorization).toBe(signRequest(base).Authorization);
  });

  it('changes the signature when a signed input changes, and not for unsigned headers', () => {
    const reference = signRequest(base).Authorization;
    expect(signRequest({ ...base, body: '{ }' }).Authorization).not.toBe(reference);
    expect(signRequest({ ...base, contentType: 'application/json; charset=utf-8' }).Authorization).not.toBe(reference);
    expect(signRequest({ ...base, region: 'ap-beijing', traceId: 't' }).Authorization).toBe(reference);
  });

  it('refuses a timestamp that is not integer seconds', () => {
    expect(() => signRequest({ ...base, timestamp: 1_700_000_000.5 })).toThrow(
      /timestamp: must be a non-negative integer/,
    );
    expect(() => signRequest({ ...base, timestamp: -1 })).toThrow(RangeError);
  });
});
