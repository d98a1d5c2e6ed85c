/**
 * Issue 9 items 5 (worker side), 6 and 7 on a real stack: a trtc-cloud lifecycle runs on a child
 * worker process; then its /metrics shows the provider calls, the visibility gauge and the
 * Temporal Core's own metrics; this process's registry (the gateway's) shows the callbacks;
 * /readyz is ready and names the payload key fingerprint its pollers publish through
 * DescribeTaskQueue; and the codec endpoint decodes a payload of the recording's real history.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type FastifyInstance } from 'fastify';
import { buildCodecApp } from '../../client/gateway/codec-server';
import { scrapeMetrics } from '../../runtime/metrics';
import { payloadKeyFingerprint, payloadKeyOfIdentity } from '../../runtime/payload-key-id';
import { Secret } from '../../runtime/redact';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { resolveTemporalCli } from '../../worker/dev-server';
import { recordingWorkflowId } from '../../workflows/messages';
import { startTestStack, type ChildWorker, type TestStack } from '../support/stack';
import { eventually } from '../support/wait';

const scenario = SCENARIOS['trtc-cloud'];
const recordId = `obs-${Date.now()}`;
const CODEC_TOKEN = 'codec-test-token-0123456789abcdef0123456789';
const UI_ORIGIN = 'http://localhost:8233';

let t: TestStack;
let worker: ChildWorker;
let codec: FastifyInstance;
let codecUrl: string;

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf('}'));
    if (wanted.every((pair) => labelText.split(',').includes(pair))) return Number(line.slice(line.indexOf('}') + 1));
  }
  return undefined;
}

const workerUrl = (path: string): string => `http://127.0.0.1:${worker.healthPort}${path}`;

beforeAll(async () => {
  t = await startTestStack({ worker: false });
  worker = await t.spawnWorker();
  codec = await buildCodecApp({
    keys: t.stack.config.payloadKeys,
    token: new Secret(CODEC_TOKEN),
    corsOrigins: [UI_ORIGIN],
  });
  const address = await codec.listen({ host: '127.0.0.1', port: 0 });
  codecUrl = `${address}/codec`;
  const { recordings } = t.stack.client;
  scenario.setUp(t.emulator.control, 901);
  await recordings.startRecording(scenario.spec(recordId, 901, Date.now()));
  await waitForState(recordings, recordId, 'Recording', 60_000);
  await recordings.stop(recordId, { wait: true, requestedBy: 'observability-it' });
}, 180_000);

afterAll(async () => {
  await codec?.close();
  await t?.stop();
}, 60_000);

test('the worker /metrics counts the provider calls, the recordings by state and the SDK metrics', async () => {
  const text = await eventually('the Completed recording in the gauge', async () => {
    const body = await (await fetch(workerUrl('/metrics'))).text();
    const completed = sample(body, 'recording_recordings', { product: 'trtc-cloud', state: 'Completed' }) ?? 0;
    return completed >= 1 ? body : undefined;
  });
  const creates = { service: 'trtc', action: 'CreateCloudRecording', code: 'ok' };
  expect(sample(text, 'recording_provider_calls_total', creates)).toBeGreaterThanOrEqual(1);
  expect(
    sample(text, 'recording_provider_calls_total', { service: 'trtc', action: 'DeleteCloudRecording', code: 'ok' }),
  ).toBeGreaterThanOrEqual(1);
  expect(
    sample(text, 'recording_provider_call_duration_seconds_count', {
      service: 'trtc',
      action: 'CreateCloudRecording',
      result: 'ok',
    }),
  ).toBeGreaterThanOrEqual(1);
  // The Core's own metrics, appended from its exporter (TEMPORAL_METRICS_ADDRESS).
  expect(text).toMatch(/^temporal_\w+/m);
});

test("the gateway's registry counts the delivered callbacks", async () => {
  const accepted = await eventually('a delivered callback', async () => {
    const { body, contentType } = await scrapeMetrics();
    expect(contentType).toMatch(/^text\/plain/);
    const value = sample(body, 'recording_callbacks_total', {
      product: 'trtc-cloud',
      outcome: 'accepted',
      reason: 'delivered',
    });
    return value !== undefined && value >= 1 ? value : undefined;
  });
  expect(accepted).toBeGreaterThanOrEqual(1);
});

test('the worker /readyz is ready and its pollers publish the payload key fingerprint through Temporal', async () => {
  const fingerprint = payloadKeyFingerprint(t.stack.config.payloadKeys.current);
  const readiness = await eventually('a ready worker', async () => {
    const response = await fetch(workerUrl('/readyz'));
    const body = (await response.json()) as { ready: boolean; payloadKey: string; identity: string };
    return response.status === 200 ? body : undefined;
  });
  expect(readiness).toMatchObject({ ready: true, payloadKey: fingerprint });
  expect((await fetch(workerUrl('/healthz'))).status).toBe(200);
  const { pollers } = await t.stack.client.temporal.connection.workflowService.describeTaskQueue({
    namespace: t.stack.config.temporal.namespace,
    taskQueue: { name: t.stack.config.temporal.taskQueue, kind: 1 },
    taskQueueType: 1,
  });
  const published = (pollers ?? []).map((poller) => payloadKeyOfIdentity(poller.identity ?? ''));
  expect(published).toContain(fingerprint);
});

test('the codec endpoint decodes a payload of the real history, with auth and CORS', async () => {
  const history = await t.stack.client.temporal.workflow.getHandle(recordingWorkflowId(recordId)).fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0];
  if (payload === undefined || payload === null) throw new Error('no start input in the history');
  const b64 = (bytes: Uint8Array | string | null | undefined): string =>
    typeof bytes === 'string' ? bytes : Buffer.from(bytes ?? []).toString('base64');
  const wire = {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
    data: b64(payload.data),
  };
  expect(Buffer.from(wire.metadata.encoding ?? '', 'base64').toString()).toBe('binary/encrypted');
  expect(Buffer.from(wire.data, 'base64').toString('latin1')).not.toContain(recordId);

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${codecUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI_ORIGIN, ...headers },
      body: JSON.stringify(body),
    });
  const auth = { authorization: `Bearer ${CODEC_TOKEN}` };

  const decoded = await post('/decode', { payloads: [wire] }, auth);
  expect(decoded.status).toBe(200);
  expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  const [plain] = ((await decoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] })
    .payloads;
  expect(Buffer.from(plain?.metadata.encoding ?? '', 'base64').toString()).toBe('json/plain');
  const input = JSON.parse(Buffer.from(plain?.data ?? '', 'base64').toString('utf8')) as { recordId?: string };
  expect(input.recordId).toBe(recordId);

  // Encode, then decode again: the round trip gives the plaintext back.
  const encoded = (await (await post('/encode', { payloads: [plain] }, auth)).json()) as { payloads: unknown[] };
  const again = (await (await post('/decode', encoded, auth)).json()) as { payloads: { data: string }[] };
  expect(again.payloads[0]?.data).toBe(plain?.data);

  expect((await post('/decode', { payloads: [wire] })).status).toBe(401);
  expect((await post('/decode', { payloads: [wire] }, { authorization: 'Bearer wrong' })).status).toBe(401);
  expect((await post('/decode', { payloads: [{ data: '***' }] }, auth)).status).toBe(400);
  const text = await fetch(`${codecUrl}/decode`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'text/plain' },
    body: 'x',
  });
  expect(text.status).toBe(415);

  const preflight = await fetch(`${codecUrl}/decode`, {
    method: 'OPTIONS',
    headers: {
      origin: UI_ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-namespace',
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  const foreign = await fetch(`${codecUrl}/decode`, {
    method: 'OPTIONS',
    headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
});

test("Temporal's own CLI decodes the recording's history through the codec endpoint", async () => {
  const cli = resolveTemporalCli(undefined, resolve(__dirname, '..', '..'));
  // Asynchronous: the codec endpoint the CLI calls runs in this process.
  const show = async (auth: string): Promise<string> =>
    (
      await promisify(execFile)(
        cli,
        [
          'workflow',
          'show',
          '--workflow-id',
          recordingWorkflowId(recordId),
          '--address',
          t.stack.temporal.address,
          '--codec-endpoint',
          codecUrl,
          '--codec-auth',
          auth,
          '--output',
          'json',
        ],
        { encoding: 'utf8', timeout: 30_000 },
      )
    ).stdout;
  expect(await show(`Bearer ${CODEC_TOKEN}`)).toContain(recordId);
  await expect(show('Bearer wrong')).rejects.toThrow();
});

test('a worker whose Core metrics address is taken still starts, without Core metrics, and says why', async () => {
  const taken = createServer();
  await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
  const address = `127.0.0.1:${(taken.address() as AddressInfo).port}`;
  try {
    const second = await t.spawnWorker({ TEMPORAL_METRICS_ADDRESS: address, LOG_LEVEL: 'WARN' });
    try {
      const body = await (await fetch(`http://127.0.0.1:${second.healthPort}/metrics`)).text();
      expect(body).toContain('recording_provider_calls_total');
      expect(body).not.toMatch(/^temporal_\w+/m);
      expect(second.output.join('')).toContain('Temporal SDK metrics off');
    } finally {
      await second.stop();
    }
  } finally {
    taken.close();
  }
});
