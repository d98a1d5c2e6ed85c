// The HTTP API over the real library and a stub Temporal client: every bad request gets 400 naming the field, and never reaches Temporal.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { createRecordingsClient } from '../../../client/recordings/client';
import { createGatewayServer, type GatewayServer } from '../../../client/gateway/server';
import { VALID_PARAMS, withField } from '../recorders/fixtures';
import { CollectingLogger } from './fakes';
import { stubTemporal } from './stub-temporal';

const NOW_MS = Date.parse('2025-03-01T00:00:00Z');

let gateway: GatewayServer;
let base: string;
let stub: ReturnType<typeof stubTemporal>;

async function open(script: Parameters<typeof stubTemporal>[0] = {}): Promise<void> {
  stub = stubTemporal(script);
  const recordings = createRecordingsClient({
    client: stub.client,
    taskQueue: 'recordings',
    activityQueuePrefix: 'tencent',
    now: () => NOW_MS,
  });
  gateway = createGatewayServer({ recordings, logger: new CollectingLogger(), apiBodyLimitBytes: 64 * 1024 });
  const port = await gateway.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
}

afterEach(async () => {
  await gateway.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
  };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${base}${path}`, init);
  return {
    status: response.status,
    body: (await response.json()) as { error?: { field?: string; rule?: string; message?: string } } & Record<
      string,
      unknown
    >,
  };
}

const goodSpec = { recordId: 'lesson-42', product: 'trtc-cloud', params: VALID_PARAMS['trtc-cloud'] };

describe('POST /recordings', () => {
  beforeEach(() => open());

  it('starts once per recordId: workflow id from recordId, USE_EXISTING, no second run for a closed one', async () => {
    const reply = await call('POST', '/recordings', goodSpec);
    expect(reply).toEqual({ status: 202, body: { recordId: 'lesson-42', workflowId: 'recording:lesson-42' } });
    const starts = stub.calls.filter((c) => c.op === 'start');
    expect(starts).toHaveLength(1);
    expect(starts[0]?.name).toBe('recordingWorkflow');
    expect(starts[0]?.options).toMatchObject({
      taskQueue: 'recordings',
      workflowId: 'recording:lesson-42',
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args: [
        { recordId: 'lesson-42', product: 'trtc-cloud', activityQueuePrefix: 'tencent', params: { RoomId: '3560' } },
      ],
    });
  });

  it.each([
    ['missing recordId', 'recordId', { product: 'trtc-cloud', params: VALID_PARAMS['trtc-cloud'] }],
    ['bad recordId characters', 'recordId', { ...goodSpec, recordId: 'has space' }],
    ['unknown product', 'product', { ...goodSpec, product: 'zoom' }],
    ['unknown top-level field', 'colour', { ...goodSpec, colour: 'red' }],
    [
      'out-of-range product field',
      'params.RecordParams.MaxIdleTime',
      { ...goodSpec, params: withField(VALID_PARAMS['trtc-cloud'], ['RecordParams', 'MaxIdleTime'], 3) },
    ],
    [
      'orchestrator-derived field',
      'params.UserId',
      { ...goodSpec, params: withField(VALID_PARAMS['trtc-cloud'], ['UserId'], 'bot') },
    ],
    [
      'missing required product field',
      'params.UserSig',
      { ...goodSpec, params: withField(VALID_PARAMS['trtc-cloud'], ['UserSig'], undefined) },
    ],
    ['endAt in the past', 'endAt', { ...goodSpec, endAt: '2024-01-01T00:00:00Z' }],
    ['endAt not a time', 'endAt', { ...goodSpec, endAt: 'tomorrow' }],
    [
      'expiryPolicy on a product without expiry',
      'expiryPolicy',
      { recordId: 'w1', product: 'trtc-web', params: VALID_PARAMS['trtc-web'], expiryPolicy: 'detach' },
    ],
    ['poll interval of zero', 'poll.intervalMs', { ...goodSpec, poll: { intervalMs: 0 } }],
  ])('%s → 400 naming %s, nothing started', async (_name, field, spec) => {
    const reply = await call('POST', '/recordings', spec);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.field).toBe(field);
    expect(reply.body.error?.rule).toEqual(expect.any(String));
    expect(stub.calls.filter((c) => c.op === 'start')).toHaveLength(0);
  });

  it('names the rule of a product field (documented range)', async () => {
    const reply = await call('POST', '/recordings', {
      ...goodSpec,
      params: withField(VALID_PARAMS['trtc-cloud'], ['RecordParams', 'MaxIdleTime'], 3),
    });
    expect(reply.body.error?.rule).toContain('[5, 86400]');
  });

  it('never echoes a secret put into a misspelt field', async () => {
    const params = {
      ...withField(VALID_PARAMS['trtc-cloud'], ['UserSig'], undefined),
      UserSgi: 'super-secret-sig-9f8e',
    };
    const reply = await call('POST', '/recordings', { ...goodSpec, params });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).not.toContain('super-secret-sig-9f8e');
  });

  it('answers 400 to a body that is not JSON or not declared JSON, 413 to an oversize one', async () => {
    expect((await call('POST', '/recordings', '{oops')).body.error?.field).toBe('(body)');
    expect(
      (await call('POST', '/recordings', JSON.stringify(goodSpec), { 'content-type': 'text/plain' })).body.error?.field,
    ).toBe('(content-type)');
    const huge = await call('POST', '/recordings', { ...goodSpec, pad: 'x'.repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect(stub.calls).toHaveLength(0);
  });
});

describe('POST /recordings for a recordId that already ran', () => {
  beforeEach(() =>
    open({
      startError: new WorkflowExecutionAlreadyStartedError(
        'already started',
        'recording:lesson-42',
        'recordingWorkflow',
      ),
    }),
  );

  it('answers the same recording instead of an error', async () => {
    expect(await call('POST', '/recordings', goodSpec)).toEqual({
      status: 202,
      body: { recordId: 'lesson-42', workflowId: 'recording:lesson-42' },
    });
  });
});

describe('recording operations', () => {
  beforeEach(() => open());

  it('stop without wait is a durable signal (202); with wait it is the stop update', async () => {
    expect(await call('POST', '/recordings/lesson-42/stop', { requestedBy: 'ops' })).toEqual({
      status: 202,
      body: { accepted: true },
    });
    expect((await call('POST', '/recordings/lesson-42/stop', { wait: true })).status).toBe(200);
    expect(stub.calls.map((c) => [c.op, c.name, c.workflowId])).toEqual([
      ['signal', 'stopSignal', 'recording:lesson-42'],
      ['update', 'stopUpdate', 'recording:lesson-42'],
    ]);
    expect(stub.calls[0]?.args).toEqual([{ requestedBy: 'ops' }]);
  });

  it.each([
    ['POST', '/recordings/lesson-42/stop', { wait: 'yes' }, 'wait'],
    ['POST', '/recordings/lesson-42/stop', { force: true }, 'force'],
    ['POST', '/recordings/lesson-42/pause', { now: true }, 'now'],
    ['POST', '/recordings/lesson-42/extend', {}, 'endAt'],
    ['POST', '/recordings/lesson-42/extend', { maxDurationMs: -5 }, 'maxDurationMs'],
    ['POST', '/recordings/lesson-42/extend', { endAt: '2020-01-01T00:00:00Z' }, 'endAt'],
    [
      'POST',
      '/recordings/lesson-42/modify',
      { MixLayoutParams: { MixLayoutMode: 9 } },
      'MixLayoutParams.MixLayoutMode',
    ],
    ['POST', '/recordings/lesson-42/modify', { Layout: {} }, 'Layout'],
    ['GET', '/recordings/bad%20id', undefined, 'recordId'],
    ['GET', '/recordings/lesson-42?verbose=1', undefined, 'verbose'],
    ['GET', '/recordings?product=zoom', undefined, 'product'],
    ['GET', '/recordings?state=Running', undefined, 'state'],
    ['GET', '/recordings?limit=0', undefined, 'limit'],
    ['GET', '/recordings?colour=red', undefined, 'colour'],
    ['GET', '/recordings?product=css-live&product=trtc-web', undefined, 'product'],
  ])('%s %s %j → 400 naming %s', async (method, path, body, field) => {
    const reply = await call(method, path, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.field).toBe(field);
    expect(stub.calls.filter((c) => c.op !== 'list')).toHaveLength(0);
  });

  it('lists through visibility with the filter as a query', async () => {
    expect(await call('GET', '/recordings?product=css-live&state=Recording&limit=5')).toEqual({
      status: 200,
      body: { recordings: [] },
    });
    expect(stub.calls[0]?.options?.['query']).toBe(
      "WorkflowType = 'recordingWorkflow' AND RecordingProduct = 'css-live' AND RecordingState = 'Recording'",
    );
  });

  it('extend sends epoch ms; modify sends the validated changes', async () => {
    expect(
      (await call('POST', '/recordings/lesson-42/extend', { endAt: '2025-03-01T02:00:00Z', maxDurationMs: null }))
        .status,
    ).toBe(200);
    expect((await call('POST', '/recordings/lesson-42/modify', { MixLayoutParams: { MixLayoutMode: 3 } })).status).toBe(
      200,
    );
    expect(stub.calls.map((c) => [c.name, c.args])).toEqual([
      ['extendUpdate', [{ endAtMs: Date.parse('2025-03-01T02:00:00Z'), maxDurationMs: null }]],
      ['modifyUpdate', [{ MixLayoutParams: { MixLayoutMode: 3 } }]],
    ]);
  });

  it('result does not block while the recording runs', async () => {
    expect(await call('GET', '/recordings/lesson-42/result')).toEqual({ status: 200, body: { finished: false } });
  });
});

describe('schedules', () => {
  beforeEach(() => open());

  const goodSchedule = {
    scheduleId: 'weekly-standup',
    spec: { cron: '0 9 * * MON', timezone: 'Asia/Shanghai' },
    recording: { product: 'trtc-cloud', params: VALID_PARAMS['trtc-cloud'], maxDurationMs: 3_600_000 },
  };

  it('creates a schedule whose runs derive their recordId from the workflow id', async () => {
    expect(await call('POST', '/schedules', goodSchedule)).toEqual({
      status: 201,
      body: { scheduleId: 'weekly-standup' },
    });
    const create = stub.calls.find((c) => c.op === 'schedule.create');
    expect(create?.options).toMatchObject({
      scheduleId: 'weekly-standup',
      spec: { cronExpressions: ['0 9 * * MON'], timezone: 'Asia/Shanghai' },
      action: {
        workflowType: 'recordingWorkflow',
        workflowId: 'recording:weekly-standup',
        args: [{ recordIdFromWorkflowId: true, schedule: { maxDurationMs: 3_600_000 } }],
      },
      policies: { overlap: 'SKIP' },
    });
  });

  it.each([
    ['no cron and no intervals', 'spec.cron', { ...goodSchedule, spec: { timezone: 'UTC' } }],
    ['bad cron', 'spec.cron', { ...goodSchedule, spec: { cron: 'every monday' } }],
    ['bad time zone', 'spec.timezone', { ...goodSchedule, spec: { cron: '@daily', timezone: 'Mars/Olympus' } }],
    [
      'interval under a minute',
      'spec.intervals[0].everyMs',
      { ...goodSchedule, spec: { intervals: [{ everyMs: 1000 }] } },
    ],
    ['overlap that would orphan tasks', 'overlap', { ...goodSchedule, overlap: 'TERMINATE_OTHER' }],
    [
      'product field in the template',
      'recording.params.RoomId',
      {
        ...goodSchedule,
        recording: { ...goodSchedule.recording, params: withField(VALID_PARAMS['trtc-cloud'], ['RoomId'], '') },
      },
    ],
    [
      'absolute times in the template',
      'recording.endAt',
      { ...goodSchedule, recording: { ...goodSchedule.recording, endAt: '2030-01-01T00:00:00Z' } },
    ],
  ])('%s → 400 naming %s', async (_name, field, body) => {
    const reply = await call('POST', '/schedules', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.field).toBe(field);
    expect(stub.calls).toHaveLength(0);
  });
});

describe('plumbing', () => {
  beforeEach(() => open());

  it('serves /healthz, 404 for unknown routes, 405 with Allow for a wrong method', async () => {
    expect(await call('GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await call('GET', '/nowhere')).status).toBe(404);
    const response = await fetch(`${base}/recordings/x/stop`, { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    await response.body?.cancel();
  });
});
