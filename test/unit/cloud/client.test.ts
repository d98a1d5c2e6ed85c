/** The client against a real HTTP server on 127.0.0.1: success, every failure shape, time-outs, abort, keep-alive. */
import { inspect } from 'node:util';
import {
  CloudHttpStatusError,
  CloudProviderError,
  CloudResponseSchemaError,
  CloudTimeoutError,
  CloudTransportError,
  REQUEST_CLIENT,
  TencentCloudClient,
  type TencentCloudClientOptions,
  classifyCloudError,
  serializeJsonBody,
} from '../../../cloud';
import { verifyTc3 } from '../../../emulator/http/tc3';
import {
  type ReceivedRequest,
  type TestHandler,
  type TestServer,
  replyJson,
  startTestServer,
} from '../../support/http-server';

const SECRET_KEY = 'client-test-secret-key-0042';
const credentials = { secretId: 'AKIDclienttest000001', secretKey: SECRET_KEY };
const NOW_MS = 1_700_000_000_123;
const request = {
  service: 'trtc',
  action: 'DescribeCloudRecording',
  version: '2019-07-22',
  payload: { SdkAppId: 1400000001, TaskId: 'task-1', Unset: null, Nested: { Gone: null, Kept: '房间' } },
};
const ok = (extra: Record<string, unknown> = {}) => ({
  Response: { Status: 'InProgress', ...extra, RequestId: 'req-1' },
});

let server: TestServer;
let handle: TestHandler;
let client: TencentCloudClient;

function makeClient(options: Partial<TencentCloudClientOptions> = {}): TencentCloudClient {
  return new TencentCloudClient({
    credentials,
    endpoint: { kind: 'custom', baseUrl: server.url },
    region: 'ap-guangzhou',
    timeouts: { connectMs: 200, headersMs: 200, bodyMs: 200 },
    now: () => NOW_MS,
    ...options,
  });
}

/** Resolves with the request once the server has read it completely. */
function received(): Promise<ReceivedRequest> {
  return new Promise((resolve) => {
    handle = (req) => resolve(req); // never answers
  });
}

beforeAll(async () => {
  server = await startTestServer((req, res) => handle(req, res));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  handle = (_req, res) => replyJson(res, ok());
  client = makeClient();
});
afterEach(async () => {
  await client.close();
});

describe('a successful call', () => {
  it('returns Response minus RequestId, and the RequestId', async () => {
    await expect(client.call(request)).resolves.toEqual({ data: { Status: 'InProgress' }, requestId: 'req-1' });
  });

  it('sends the SDK header set, signed over the exact bytes it sends (the verifier accepts them)', async () => {
    const before = server.requests.length;
    await client.call(request);
    const sent = server.requests[before];
    if (!sent) throw new Error('no request arrived');
    expect([sent.method, sent.url]).toEqual(['POST', '/']);
    expect(sent.headers).toMatchObject({
      host: `127.0.0.1:${server.port}`,
      'content-type': 'application/json',
      'x-tc-action': 'DescribeCloudRecording',
      'x-tc-version': '2019-07-22',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-timestamp': '1700000000',
      'x-tc-requestclient': REQUEST_CLIENT,
    });
    expect(sent.headers['x-tc-traceid']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(sent.headers['x-tc-token']).toBeUndefined();
    expect(sent.body.toString('utf8')).toBe(serializeJsonBody(request.payload));
    expect(sent.body.toString('utf8')).not.toContain('null');
    // Checked by the emulator's verifier: an implementation independent of our signer.
    const verdict = verifyTc3(
      { method: sent.method, path: '/', query: '', headers: sent.headers, body: sent.body },
      {
        secretKeyOf: (id) => (id === credentials.secretId ? SECRET_KEY : undefined),
        service: 'trtc',
        nowSeconds: 1_700_000_000,
        maxSkewSeconds: 300,
      },
    );
    expect(verdict).toEqual({ ok: true, secretId: credentials.secretId });
  });

  it('uses a fresh trace id per call, the request region over the client one, and the session token', async () => {
    const withToken = makeClient({ credentials: { ...credentials, token: 'sts-token' }, region: undefined });
    try {
      const before = server.requests.length;
      await withToken.call(request);
      await withToken.call({ ...request, region: 'ap-beijing' });
      const [first, second] = server.requests.slice(before);
      expect(first?.headers['x-tc-traceid']).not.toBe(second?.headers['x-tc-traceid']);
      expect(first?.headers['x-tc-region']).toBeUndefined();
      expect(second?.headers['x-tc-region']).toBe('ap-beijing');
      expect(first?.headers['x-tc-token']).toBe('sts-token');
    } finally {
      await withToken.close();
    }
  });

  it('reuses one keep-alive connection for calls spaced by a turn of the event loop', async () => {
    const fresh = makeClient();
    try {
      const before = server.connectionCount();
      for (let i = 0; i < 5; i += 1) {
        await fresh.call(request);
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(server.connectionCount() - before).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('keeps back-to-back calls on at most two connections', async () => {
    // undici frees a socket one macrotask after the body ends, so an immediate next call may open a second one.
    const fresh = makeClient();
    try {
      const before = server.connectionCount();
      for (let i = 0; i < 20; i += 1) await fresh.call(request);
      expect(server.connectionCount() - before).toBeLessThanOrEqual(2);
    } finally {
      await fresh.close();
    }
  });
});

describe('failures with an answer', () => {
  it('turns Response.Error into a CloudProviderError with code, message, RequestId, action and service', async () => {
    handle = (_req, res) =>
      replyJson(res, {
        Response: { Error: { Code: 'InternalError.NetworkError', Message: 'try again' }, RequestId: 'req-err' },
      });
    const error = await client.call(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudProviderError);
    expect(error).toMatchObject({
      name: 'CloudProviderError',
      code: 'InternalError.NetworkError',
      providerMessage: 'try again',
      requestId: 'req-err',
      action: 'DescribeCloudRecording',
      service: 'trtc',
    });
    expect(classifyCloudError(error, 'start')).toEqual({
      kind: 'retryable',
      code: 'InternalError.NetworkError',
      retryDelayMs: 3_000,
    });
  });

  it('turns a non-200 status into a CloudHttpStatusError, whatever the body says', async () => {
    handle = (_req, res) => replyJson(res, ok(), 502);
    const error = await client.call(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudHttpStatusError);
    expect(error).toMatchObject({ name: 'CloudHttpStatusError', status: 502 });
    expect((error as CloudHttpStatusError).bodySnippet).toContain('req-1');
  });

  it('turns a body that is not JSON into a CloudResponseSchemaError', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"Response":');
    };
    await expect(client.call(request)).rejects.toMatchObject({
      name: 'CloudResponseSchemaError',
      problem: 'body is not JSON',
    });
  });

  it('turns an envelope without RequestId into a CloudResponseSchemaError naming the field', async () => {
    handle = (_req, res) => replyJson(res, { Response: { Status: 'x' } });
    const error = await client.call(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudResponseSchemaError);
    expect((error as CloudResponseSchemaError).problem).toMatch(/^Response\.RequestId: /);
  });

  it('refuses an answer larger than the configured limit', async () => {
    const small = makeClient({ maxResponseBytes: 64 });
    try {
      handle = (_req, res) => replyJson(res, ok({ Padding: 'x'.repeat(200) }));
      await expect(small.call(request)).rejects.toMatchObject({
        name: 'CloudResponseSchemaError',
        problem: 'body larger than 64 bytes',
      });
    } finally {
      await small.close();
    }
  });
});

describe('failures without an answer', () => {
  it('times out waiting for headers: CloudTimeoutError, ambiguous because the server had the request', async () => {
    const arrived = received();
    const started = Date.now();
    const error = await client.call(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudTimeoutError);
    expect(error).toMatchObject({ phase: 'headers', timeoutMs: 200, requestMayHaveBeenSent: true });
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(arrived).resolves.toMatchObject({ method: 'POST' });
    expect(classifyCloudError(error, 'start').kind).toBe('ambiguous');
  });

  it('times out between body chunks: CloudTimeoutError in the body phase', async () => {
    handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"Response":'); // and never more
    };
    await expect(client.call(request)).rejects.toMatchObject({ name: 'CloudTimeoutError', phase: 'body' });
  });

  it('gives up at the per-call budget even when the phase time-outs are longer', async () => {
    const patient = makeClient({ timeouts: { headersMs: 5_000 } });
    try {
      void received();
      const started = Date.now();
      await expect(patient.call(request, { timeoutMs: 100 })).rejects.toMatchObject({
        name: 'CloudTimeoutError',
        phase: 'total',
        timeoutMs: 100,
      });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await patient.close();
    }
  });

  it('reports a reset after the request was received as a transport error that may have been acted on', async () => {
    handle = (req) => {
      req.socket.destroy();
    };
    const before = server.requests.length;
    const error = await client.call(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudTransportError);
    expect(error).toMatchObject({ requestMayHaveBeenSent: true });
    expect(server.requests.length).toBe(before + 1);
    expect(classifyCloudError(error, 'start').kind).toBe('ambiguous');
    expect(classifyCloudError(error, 'read').kind).toBe('retryable');
  });

  it('reports a refused connection as a transport error that was not sent', async () => {
    const gone = await startTestServer(() => undefined);
    const port = gone.port;
    await gone.close();
    const refused = makeClient({ endpoint: { kind: 'custom', baseUrl: `http://127.0.0.1:${port}` } });
    try {
      const error = await refused.call(request).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'CloudTransportError', code: 'ECONNREFUSED', requestMayHaveBeenSent: false });
      expect(classifyCloudError(error, 'start').kind).toBe('retryable');
    } finally {
      await refused.close();
    }
  });
});

describe('abort', () => {
  it('cancels the in-flight request and rejects with the signal reason', async () => {
    const arrived = received();
    const controller = new AbortController();
    const reason = new Error('activity cancelled');
    const pending = client.call(request, { signal: controller.signal });
    const req = await arrived;
    const socketClosed = new Promise<void>((resolve) => req.socket.once('close', () => resolve()));
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await socketClosed; // the connection was torn down, not left to finish
  });

  it('sends nothing when the signal is already aborted', async () => {
    const before = server.requests.length;
    const controller = new AbortController();
    controller.abort(new Error('too late'));
    await expect(client.call(request, { signal: controller.signal })).rejects.toThrow('too late');
    expect(server.requests.length).toBe(before);
  });
});

describe('input and secrecy', () => {
  it('refuses a payload JSON cannot carry, naming the field, before sending', async () => {
    const before = server.requests.length;
    await expect(client.call({ ...request, payload: { StartTime: new Date(0) } })).rejects.toThrow(
      /payload\.StartTime/,
    );
    expect(server.requests.length).toBe(before);
  });

  it('refuses a service that is not a DNS label (it becomes part of the hostname)', async () => {
    await expect(client.call({ ...request, service: 'trtc.evil.com/x' })).rejects.toThrow(
      /service: must be a lowercase DNS label/,
    );
  });

  it('keeps the SecretKey, Authorization and signature out of every error', async () => {
    const errors: unknown[] = [];
    handle = (_req, res) =>
      replyJson(res, { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'no' }, RequestId: 'r' } });
    errors.push(await client.call(request).catch((e: unknown) => e));
    void received();
    errors.push(await client.call(request).catch((e: unknown) => e));
    handle = (req) => {
      req.socket.destroy();
    };
    errors.push(await client.call(request).catch((e: unknown) => e));
    const signature = String(server.requests.at(-1)?.headers.authorization).split('Signature=')[1] ?? 'missing';
    for (const error of errors) {
      const text = `${String(error)} ${inspect(error, { depth: 10, showHidden: true })} ${JSON.stringify(error)}`;
      expect(text).not.toContain(SECRET_KEY);
      expect(text).not.toContain('TC3-HMAC-SHA256');
      expect(text).not.toContain(signature);
    }
    expect(errors.map((e) => (e as Error).name)).toEqual([
      'CloudProviderError',
      'CloudTimeoutError',
      'CloudTransportError',
    ]);
  });
});

it('classifies an HTTP status error of a call as the classifier table says', async () => {
  handle = (_req, res) => replyJson(res, {}, 429);
  const error = await client.call(request).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CloudHttpStatusError);
  expect(classifyCloudError(error, 'start')).toMatchObject({ kind: 'rate' });
});
