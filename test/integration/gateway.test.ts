/**
 * The gateway end to end: dev server (with the recording search attributes), a real worker
 * running the recording workflow against the emulator, and the gateway serving the JSON API
 * and receiving the emulator's signed callbacks. Checks: 20 concurrent starts of one recordId
 * give one workflow and one provider task; the provider's callbacks reach the workflow
 * through visibility routing; list by product and state; stop over HTTP ends the task; a
 * genuine TIW signature spliced onto a forged body for another recording is refused.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from '@temporalio/client';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { type Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createCallbackReceiver } from '../../client/gateway/callbacks/receiver';
import { temporalWorkflowRouter } from '../../client/gateway/callbacks/workflow-router';
import { createTemporalGuard } from '../../client/gateway/api/temporal-guard';
import { createGatewayServer, type GatewayServer } from '../../client/gateway/server';
import { createRecordingsClient } from '../../client/recordings/client';
import { type RunningEmulator } from '../../emulator';
import { trtcCallbackSign } from '../../recorders/callback-signatures';
import { activityQueueLayout } from '../../worker/activity-workers';
import { createCloudCaller } from '../../worker/cloud-caller';
import { dataConverter, encryptionKey } from '../../runtime/codec';
import { createLogger } from '../../runtime/logger';
import { Secret } from '../../runtime/redact';
import { payloadKeyFingerprint, workerIdentity } from '../../runtime/payload-key-id';
import { createActivityWorkers, createWorkflowWorker } from '../../worker/workers';
import { createAdmissionWorker } from '../../worker/admission';
import { NO_ADMISSION_LIMITS } from '../../domain/admission';
import { DEFAULT_ACTIVITY_QUEUE_PREFIX } from '../../domain/catalog';
import { RECORDING_SEARCH_ATTRIBUTES } from '../../domain/search-attributes';
import type { RecordingStatus } from '../../workflows/types';
import { startTestEmulator } from '../support/emulator';
import { createDevServerEnv } from '../support/temporal';
import { VALID_PARAMS, withField } from '../unit/recorders/fixtures';
import { eventually } from '../support/wait';

jest.setTimeout(180_000);

const TRTC_KEY = 'gatewayIntegration42';
const TIW_KEY = 'gatewayIntegrationTiw7';
const TASK_QUEUE = 'recordings-gateway-it';
const logger = createLogger({ level: 'ERROR', sink: () => undefined });
const KEY = encryptionKey(Buffer.alloc(32, 7));
const converter = dataConverter({ current: KEY });
const TOKEN = 'gateway-integration-write-token-0001';

let env: TestWorkflowEnvironment;
let emu: RunningEmulator;
let gateway: GatewayServer;
let base: string;
let workers: Worker[] = [];
let running: Promise<unknown>;
let cloud: ReturnType<typeof createCloudCaller>;
let client: Client;

beforeAll(async () => {
  env = await createDevServerEnv([...RECORDING_SEARCH_ATTRIBUTES]);
  client = new Client({ connection: env.connection, namespace: 'default', dataConverter: converter });
  const recordings = createRecordingsClient({ client, taskQueue: TASK_QUEUE });
  const receiver = createCallbackReceiver({
    keys: { trtc: new Secret(TRTC_KEY), tiw: new Secret(TIW_KEY) },
    router: temporalWorkflowRouter(client),
    logger,
  });
  const guard = createTemporalGuard({
    client,
    address: 'dev server',
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    keyIds: [payloadKeyFingerprint(KEY)],
    timeoutMs: 5_000,
  });
  gateway = createGatewayServer({
    recordings,
    receiver,
    logger,
    guard,
    tokens: [{ scope: 'write', token: new Secret(TOKEN) }],
  });
  base = `http://127.0.0.1:${await gateway.listen(0, '127.0.0.1')}`;
  emu = await startTestEmulator({
    clock: { mode: 'real' },
    callbacks: {
      'trtc-cloud': { url: `${base}/callbacks/trtc-cloud`, key: TRTC_KEY },
      'tiw-online': { url: `${base}/callbacks/tiw-online`, key: TIW_KEY },
    },
  });
  cloud = createCloudCaller({ kind: 'emulator' }, emu.url);
  const ctx = {
    connection: env.nativeConnection,
    namespace: 'default',
    dataConverter: converter,
    shutdownGraceMs: 1_000,
    logger,
    identity: workerIdentity(KEY),
  };
  workers = [
    await createWorkflowWorker(ctx, { taskQueue: TASK_QUEUE, workflowsPath: require.resolve('../../workflows') }),
    ...(await createActivityWorkers(ctx, activityQueueLayout(), createActivities({ cloud }))),
    await createAdmissionWorker(ctx, client, {
      taskQueue: TASK_QUEUE,
      activityQueuePrefix: DEFAULT_ACTIVITY_QUEUE_PREFIX,
      limits: NO_ADMISSION_LIMITS,
      checkIntervalMs: 60_000,
    }),
  ];
  running = Promise.all(workers.map((worker) => worker.run()));
});

afterAll(async () => {
  for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
  await running;
  await gateway?.close();
  await emu?.stop();
  await cloud?.close();
  await env?.teardown();
});

async function api(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const authorization = `Bearer ${TOKEN}`;
  const response = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? { headers: { authorization } }
      : { headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const spec = (recordId: string) => ({
  recordId,
  product: 'trtc-cloud',
  region: 'ap-guangzhou',
  // Long idle time: the test room has no anchor and must not end on its own meanwhile.
  params: withField(VALID_PARAMS['trtc-cloud'], ['RecordParams', 'MaxIdleTime'], 600),
});

test('20 concurrent starts of one recordId give one workflow, one provider task, callbacks routed to it, and an HTTP stop', async () => {
  const recordId = `it-${randomUUID().slice(0, 8)}`;
  const replies = await Promise.all(Array.from({ length: 20 }, () => api('POST', '/v1/recordings', spec(recordId))));
  // 202 from the call that started it; the others 202 (raced the start) or 200 (found it started).
  expect(replies.map((r) => r.status).filter((code) => code !== 202 && code !== 200)).toEqual([]);
  expect(replies.some((r) => r.status === 202)).toBe(true);
  expect(new Set(replies.map((r) => r.body['workflowId']))).toEqual(new Set([`recording:${recordId}`]));

  const status = await eventually('Recording state', async () => {
    const reply = await api('GET', `/v1/recordings/${recordId}`);
    const body = reply.body as unknown as RecordingStatus;
    return reply.status === 200 && body.state === 'Recording' ? body : undefined;
  });
  expect(emu.control.tasks({ product: 'trtc-cloud' })).toHaveLength(1);
  expect(emu.control.runningTasks('trtc-cloud')).toHaveLength(1);
  const taskId = status.taskId;
  expect(taskId).toEqual(expect.any(String));

  // The emulator's signed 301 went to the gateway, which found the workflow by its keys and signalled it.
  const withCallback = await eventually('a callback in the workflow', async () => {
    const body = (await api('GET', `/v1/recordings/${recordId}`)).body as unknown as RecordingStatus;
    return body.callbackCount > 0 ? body : undefined;
  });
  expect(withCallback.callbackCount).toBeGreaterThan(0);
  expect(emu.control.callbacks({ product: 'trtc-cloud', taskId }).some((d) => d.state === 'delivered')).toBe(true);

  const listed = await eventually('the recording in the list', async () => {
    const reply = await api('GET', '/v1/recordings?product=trtc-cloud&state=Recording');
    const items = reply.body['recordings'] as { recordId: string }[];
    return items.some((r) => r.recordId === recordId) ? items : undefined;
  });
  expect(listed.filter((r) => r.recordId === recordId)).toHaveLength(1);

  const stopped = await api('POST', `/v1/recordings/${recordId}/stop`, { wait: true, requestedBy: 'gateway-it' });
  expect(stopped.status).toBe(200);
  expect(emu.control.runningTasks('trtc-cloud')).toHaveLength(0);
  expect(emu.control.calls({ action: 'DeleteCloudRecording' }).length).toBeGreaterThanOrEqual(1);

  const result = await eventually(
    'the final result',
    async () => {
      const reply = await api('GET', `/v1/recordings/${recordId}/result`);
      return reply.body['finished'] === true ? (reply.body['result'] as Record<string, unknown>) : undefined;
    },
    { timeoutMs: 120_000 },
  );
  expect(result).toMatchObject({ recordId, product: 'trtc-cloud', endReason: 'stopped-by-request', taskId });

  // A second start of the same (ended) recordId gives the same recording (200), not a new task.
  expect(await api('POST', '/v1/recordings', spec(recordId))).toEqual({
    status: 200,
    body: { recordId, workflowId: `recording:${recordId}` },
  });
  // With another spec it is refused, naming the first field that differs; still no new task.
  const other = await api('POST', '/v1/recordings', {
    ...spec(recordId),
    params: withField(spec(recordId).params, ['RoomId'], '4242'),
  });
  expect(other).toMatchObject({ status: 409, body: { error: { code: 'spec-conflict', field: 'params.RoomId' } } });
  expect(JSON.stringify(other.body)).not.toContain('4242');
  expect(emu.control.tasks({ product: 'trtc-cloud' })).toHaveLength(1);
});

test('a signed callback for a task no recording holds is answered 503 so the provider retries', async () => {
  const body = JSON.stringify({
    EventGroupId: 3,
    EventType: 301,
    CallbackTs: Date.now(),
    EventInfo: { EventMsTs: Date.now(), TaskId: `unknown-${randomUUID()}`, Payload: { Status: 0 } },
  });
  const response = await fetch(`${base}/callbacks/trtc-cloud`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', Sign: trtcCallbackSign(body, TRTC_KEY) },
    body,
  });
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('10');
  await response.body?.cancel();
});

test('the splice probe: a genuine TIW Stopped signature on a forged Stopped for another recording is 401, and that recording gets no event, only a poll hint', async () => {
  const tiwSpec = (recordId: string, roomId: number) => ({
    recordId,
    product: 'tiw-online',
    region: 'ap-guangzhou',
    params: { ...VALID_PARAMS['tiw-online'], RoomId: roomId },
  });
  const suffix = randomUUID().slice(0, 8);
  const [x, y] = [`it-splice-x-${suffix}`, `it-splice-y-${suffix}`];
  /** Started, and its own OnlineRecordStarted callback delivered. */
  const started = async (recordId: string, roomId: number): Promise<RecordingStatus> => {
    expect((await api('POST', '/v1/recordings', tiwSpec(recordId, roomId))).status).toBe(202);
    return eventually(`${recordId} Recording with its first callback`, async () => {
      const body = (await api('GET', `/v1/recordings/${recordId}`)).body as unknown as RecordingStatus;
      return body.state === 'Recording' && body.callbackCount > 0 ? body : undefined;
    });
  };
  const xStatus = await started(x, 4101);
  // TIW's signature is a function of ExpireTime (whole seconds) alone: two genuine callbacks made
  // in the same second share it, and the gateway lets a pair vouch for one body. So each callback
  // this test needs is made at least a second after the one before.
  await delay(1_100);
  const yStatus = await started(y, 4102);
  await delay(1_100);

  // X ends normally: the emulator's genuine, signed OnlineRecordStopped reaches the gateway.
  expect((await api('POST', `/v1/recordings/${x}/stop`, { wait: true })).status).toBe(200);
  const genuine = await eventually('the genuine OnlineRecordStopped of X delivered', () => {
    const delivery = emu.control
      .callbacks({ product: 'tiw-online', taskId: xStatus.taskId! })
      .find((d) => d.event === 'OnlineRecordStopped' && d.state === 'delivered');
    return Promise.resolve(delivery?.lastBody);
  });
  const { Sign, ExpireTime, SdkAppId } = JSON.parse(genuine) as { Sign: string; ExpireTime: number; SdkAppId: number };

  const signalsOf = async (recordId: string, name = 'providerEventSignal'): Promise<number> => {
    const history = await client.workflow.getHandle(`recording:${recordId}`).fetchHistory();
    return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name).length;
  };
  const signalsBefore = await signalsOf(y);
  const forged = JSON.stringify({
    EventData: { TaskId: yStatus.taskId, RoomId: 4102, RecordUserId: yStatus.identity?.recordUserId },
    EventType: 'OnlineRecordStopped',
    ExpireTime,
    SdkAppId,
    Sign,
    Timestamp: Math.floor(Date.now() / 1000),
  });
  const post = (body: string) =>
    fetch(`${base}/callbacks/tiw-online`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const refused = await post(forged);
  expect(refused.status).toBe(401);
  expect(await refused.json()).toEqual({ code: -1, message: 'signature already used with another body' });
  // The genuine body itself (a provider retry) is still accepted.
  const retried = await post(genuine);
  expect(retried.status).toBe(200);
  await retried.body?.cancel();

  await delay(1_000);
  const yNow = (await api('GET', `/v1/recordings/${y}`)).body as unknown as RecordingStatus;
  expect({ state: yNow.state, callbackCount: yNow.callbackCount }).toEqual({
    state: 'Recording',
    callbackCount: yStatus.callbackCount,
  });
  // Nothing of the forged body reached Y; its TaskId only earned Y a poll hint (Y asked the provider, still recording).
  expect(await signalsOf(y)).toBe(signalsBefore);
  expect(await signalsOf(y, 'pollHintSignal')).toBe(1);
  expect(emu.control.runningTasks('tiw-online').map((t) => t.taskId)).toEqual([yStatus.taskId]);

  expect((await api('POST', `/v1/recordings/${y}/stop`, { wait: true })).status).toBe(200);
  expect(emu.control.runningTasks('tiw-online')).toHaveLength(0);
});

test('schedules: create paused, list, unpause, pause, delete over HTTP; the server judges cron fully', async () => {
  const scheduleId = `weekly-${randomUUID().slice(0, 8)}`;
  const recording = {
    product: 'trtc-cloud',
    region: 'ap-guangzhou',
    params: VALID_PARAMS['trtc-cloud'],
    maxDurationMs: 3_600_000,
  };
  const created = await api('POST', '/v1/schedules', {
    scheduleId,
    spec: { cron: '0 9 1 1 *', timezone: 'Asia/Shanghai' },
    recording,
    paused: true,
  });
  expect(created).toEqual({ status: 201, body: { scheduleId } });
  expect((await api('POST', '/v1/schedules', { scheduleId, spec: { cron: '0 9 1 1 *' }, recording })).status).toBe(409);

  type Listed = { scheduleId: string; paused: boolean; nextRunTimes: string[] };
  const find = async (): Promise<Listed | undefined> =>
    ((await api('GET', '/v1/schedules')).body['schedules'] as Listed[]).find((s) => s.scheduleId === scheduleId);
  const listed = await eventually('the schedule in the list', find);
  expect(listed.paused).toBe(true);
  expect(listed.nextRunTimes[0]).toMatch(/-01-01T01:00:00/); // 09:00 in Shanghai is 01:00 UTC

  expect(await api('POST', `/v1/schedules/${scheduleId}/unpause`, {})).toEqual({
    status: 200,
    body: { paused: false },
  });
  expect(await api('POST', `/v1/schedules/${scheduleId}/pause`, { note: 'holidays' })).toEqual({
    status: 200,
    body: { paused: true },
  });
  expect(await api('DELETE', `/v1/schedules/${scheduleId}`)).toEqual({ status: 200, body: { deleted: true } });
  expect((await api('DELETE', `/v1/schedules/${scheduleId}`)).status).toBe(404);

  const badCron = await api('POST', '/v1/schedules', {
    scheduleId: `${scheduleId}-x`,
    spec: { cron: '61 * * * *' },
    recording,
  });
  expect(badCron.status).toBe(400);
  expect((badCron.body['error'] as { field: string }).field).toBe('spec');
});
