/**
 * The gateway fails fast and says why, over real HTTP: with no worker polling, a start and a
 * status answer 503 `no-worker` (not a 29 s hang and a 500); /readyz names what is missing; a
 * worker with another payload key makes a start 503 `key-mismatch` and /readyz report it; with
 * Temporal down every call answers 503 naming the address within the deadline.
 */
import { createServer } from 'node:net';
import { startGateway, type RunningGateway } from '../../client/gateway/run';
import { loadGatewayConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { SCENARIOS } from '../../scripts/scenarios';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/wait';

jest.setTimeout(240_000);

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack({ worker: false });
});

afterAll(async () => {
  await t?.stop();
});

interface Answer {
  readonly status: number;
  readonly body: { error?: { code?: string; field?: string; message?: string } } & Record<string, unknown>;
}

async function api(base: string, token: string | undefined, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    // A generous bound: the gateway's own deadline (5 s) must answer long before it.
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const gatewayApi = (method: string, path: string, body?: unknown) =>
  api(t.stack.gateway.url, t.stack.gateway.localToken, method, path, body);

test('no worker: start and status answer 503 no-worker, /readyz says so, a stop is still answered without one', async () => {
  const recordId = `ff-${Date.now().toString(36)}`;
  const start = await gatewayApi('POST', '/v1/recordings', SCENARIOS['trtc-cloud'].spec(recordId, 61, Date.now()));
  expect(start).toMatchObject({ status: 503, body: { error: { code: 'no-worker', field: 'TASK_QUEUE' } } });
  const status = await gatewayApi('GET', `/v1/recordings/${recordId}`);
  expect(status).toMatchObject({ status: 503, body: { error: { code: 'no-worker' } } });
  const ready = await gatewayApi('GET', '/readyz');
  expect(ready).toMatchObject({
    status: 503,
    body: { status: 'not-ready', checks: { temporal: { ok: true }, namespace: { ok: true }, workers: { ok: false } } },
  });
  // Nothing was started, so there is nothing to stop: 404, answered at once, no worker needed.
  expect((await gatewayApi('POST', `/v1/recordings/${recordId}/stop`, {})).status).toBe(404);
});

test('a worker with another payload key: start refused 503 key-mismatch, /readyz reports it', async () => {
  const foreign = await t.spawnWorker({ PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 8).toString('base64') });
  try {
    const ready = await until(
      'readyz to see the worker',
      () => gatewayApi('GET', '/readyz'),
      (r) => (r.body['checks'] as { workers?: { ok: boolean } } | undefined)?.workers?.ok === true,
    );
    expect(ready).toMatchObject({ status: 503, body: { checks: { payloadKey: { ok: false } } } });
    const recordId = `km-${Date.now().toString(36)}`;
    const start = await gatewayApi('POST', '/v1/recordings', SCENARIOS['trtc-cloud'].spec(recordId, 62, Date.now()));
    expect(start).toMatchObject({
      status: 503,
      body: { error: { code: 'key-mismatch', field: 'PAYLOAD_ENCRYPTION_KEY' } },
    });
    // The key itself never shows; its public id does.
    expect(JSON.stringify(start.body)).not.toContain(Buffer.alloc(32, 8).toString('base64'));
    expect(t.emulator.control.calls({ action: 'CreateCloudRecording' })).toHaveLength(0);
  } finally {
    await foreign.kill();
  }
});

describe('Temporal unreachable', () => {
  let gateway: RunningGateway;
  let address: string;
  const token = 'unreachable-temporal-write-token-01';

  beforeAll(async () => {
    // A port that was free a moment ago: nothing listens on it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    address = `127.0.0.1:${port}`;
    const loaded = loadGatewayConfig({
      TEMPORAL_ADDRESS: address,
      PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
      GATEWAY_TOKENS: `write:${token}`,
      GATEWAY_TEMPORAL_TIMEOUT: '2s',
    });
    if (!loaded.ok) throw loaded.error;
    // The callbacks on their own listener: the second surface.
    gateway = await startGateway(loaded.config, createLogger({ level: 'ERROR', sink: () => undefined }), {
      port: 0,
      callbackPort: 0,
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it.each([
    ['GET', '/v1/recordings/some-id', undefined],
    ['GET', '/v1/recordings', undefined],
    ['POST', '/v1/recordings/some-id/stop', {}],
    ['POST', '/v1/recordings', SCENARIOS['trtc-cloud'].spec('down-1', 63, Date.now())],
  ])('%s %s answers 503 naming the address', async (method, path, body) => {
    const reply = await api(`http://127.0.0.1:${gateway.port}`, token, method, path, body);
    expect(reply).toMatchObject({
      status: 503,
      body: { error: { code: 'temporal-unavailable', field: 'TEMPORAL_ADDRESS' } },
    });
    expect(reply.body.error?.message).toContain(address);
  });

  it('/healthz is up, /readyz is 503 naming Temporal', async () => {
    const base = `http://127.0.0.1:${gateway.port}`;
    expect(await api(base, undefined, 'GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await api(base, undefined, 'GET', '/readyz');
    expect(ready).toMatchObject({ status: 503, body: { checks: { temporal: { ok: false } } } });
    expect(JSON.stringify(ready.body)).toContain(address);
  });

  it('serves the API and the callbacks as two surfaces on two ports', async () => {
    const apiBase = `http://127.0.0.1:${gateway.port}`;
    const callbackBase = `http://127.0.0.1:${String(gateway.callbackPort)}`;
    expect(gateway.callbackPort).toEqual(expect.any(Number));
    const unsigned = await fetch(`${callbackBase}/callbacks/trtc-cloud`, { method: 'POST', body: '{}' });
    // No TRTC key configured: refused, never accepted unsigned.
    expect(unsigned.status).toBe(503);
    await unsigned.body?.cancel();
    expect((await api(callbackBase, token, 'GET', '/v1/recordings')).status).toBe(404);
    const onApi = await fetch(`${apiBase}/callbacks/trtc-cloud`, { method: 'POST', body: '{}' });
    expect(onApi.status).toBe(404);
    await onApi.body?.cancel();
  });
});
