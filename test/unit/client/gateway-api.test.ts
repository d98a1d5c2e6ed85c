// The HTTP API over the real library and a stub Temporal client: every bad request gets 400 naming the field, and never reaches Temporal.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { createRecordingsClient } from '../../../client/recordings/client';
import { createGatewayServer, type GatewayServer } from '../../../client/gateway/server';
import { VALID_PARAMS, withField } from '../recorders/fixtures';
import { Secret } from '../../../runtime/redact';
import { CollectingLogger } from './fakes';
import { stubTemporal, type StubCall } from './stub-temporal';

const NOW_MS = Date.parse('2025-03-01T00:00:00Z');
const WRITE_TOKEN = 'w'.repeat(40);
const READ_TOKEN = 'r'.repeat(40);

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
  gateway = createGatewayServer({
    recordings,
    tokens: [
      { scope: 'write', token: new Secret(WRITE_TOKEN) },
      { scope: 'read', token: new Secret(READ_TOKEN) },
    ],
    logger: new CollectingLogger(),
    apiBodyLimitBytes: 64 * 1024,
  });
  const port = await gateway.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
}

afterEach(async () => {
  await gateway.close();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = {
    method,
    headers: {
      authorization: `Bearer ${WRITE_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
  };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${base}${path}`, init);
  return {
    status: response.status,
    body: (await response.json()) as {
      error?: { code?: string; field?: string; rule?: string; message?: string };
    } & Record<string, unknown>,
  };
}

const goodSpec = { recordId: 'lesson-42', product: 'trtc-cloud', params: VALID_PARAMS['trtc-cloud'] };

/** The calls that act on a workflow, without the history reads a status makes. */
const commands = (stub: { calls: readonly StubCall[] }) => stub.calls.filter((c) => c.op !== 'history');

describe('POST /recordings', () => {
  beforeEach(() => open());

  it('starts once per recordId: workflow id from recordId, FAIL on a running one, no second run for a closed one', async () => {
    const reply = await call('POST', '/v1/recordings', goodSpec);
    expect(reply).toEqual({ status: 202, body: { recordId: 'lesson-42', workflowId: 'recording:lesson-42' } });
    const starts = stub.calls.filter((c) => c.op === 'start');
    expect(starts).toHaveLength(1);
    expect(starts[0]?.name).toBe('recordingWorkflow');
    expect(starts[0]?.options).toMatchObject({
      taskQueue: 'recordings',
      workflowId: 'recording:lesson-42',
      workflowIdConflictPolicy: 'FAIL',
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
    ['a region the product does not record in', 'region', { ...goodSpec, region: 'mars-1' }],
    ['a TRTC region that only follow-up calls take', 'region', { ...goodSpec, region: 'ap-mumbai' }],
    [
      'a css-live window that has ended',
      'params.EndTime',
      { recordId: 'c1', product: 'css-live', params: VALID_PARAMS['css-live'] },
    ],
    [
      'a watermark entry with an unknown key',
      'params.MixLayoutParams.WaterMarkList[0].Colour',
      {
        ...goodSpec,
        params: withField(VALID_PARAMS['trtc-cloud'], ['MixLayoutParams'], {
          MixLayoutMode: 3,
          WaterMarkList: [
            { WaterMarkType: 1, WaterMarkChar: { Top: 0, Left: 0, Width: 9, Height: 9, Chars: 'x' }, Colour: 1 },
          ],
        }),
      },
    ],
    [
      'a text watermark without its text parameters',
      'params.MixLayoutParams.WaterMarkList[0].WaterMarkChar',
      {
        ...goodSpec,
        params: withField(VALID_PARAMS['trtc-cloud'], ['MixLayoutParams'], {
          MixLayoutMode: 3,
          WaterMarkList: [{ WaterMarkType: 1 }],
        }),
      },
    ],
  ])('%s → 400 naming %s, nothing started', async (_name, field, spec) => {
    const reply = await call('POST', '/v1/recordings', spec);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.field).toBe(field);
    expect(reply.body.error?.rule).toEqual(expect.any(String));
    expect(stub.calls.filter((c) => c.op === 'start')).toHaveLength(0);
  });

  it('names the rule of a product field (documented range)', async () => {
    const reply = await call('POST', '/v1/recordings', {
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
    const reply = await call('POST', '/v1/recordings', { ...goodSpec, params });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.body)).not.toContain('super-secret-sig-9f8e');
  });

  it('answers 400 to a body that is not JSON, 415 to one not declared JSON, 413 to an oversize one', async () => {
    expect((await call('POST', '/v1/recordings', '{oops')).body.error?.field).toBe('(body)');
    const text = await call('POST', '/v1/recordings', JSON.stringify(goodSpec), { 'content-type': 'text/plain' });
    expect(text).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported-media-type', field: 'content-type' } },
    });
    const huge = await call('POST', '/v1/recordings', { ...goodSpec, pad: 'x'.repeat(70 * 1024) });
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

  it('answers the same recording instead of an error, even when its start event is gone', async () => {
    expect(await call('POST', '/v1/recordings', goodSpec)).toEqual({
      status: 200,
      body: { recordId: 'lesson-42', workflowId: 'recording:lesson-42' },
    });
  });
});

describe('POST /v1/recordings for a recordId already started', () => {
  const stored = {
    recordId: 'lesson-42',
    product: 'trtc-cloud',
    params: { ...VALID_PARAMS['trtc-cloud'] },
    activityQueuePrefix: 'tencent',
  };

  const exists = new WorkflowExecutionAlreadyStartedError(
    'already started',
    'recording:lesson-42',
    'recordingWorkflow',
  );

  it('with the same spec: 200, the same recording, its stored request read only after the start was refused', async () => {
    await open({ storedInput: stored, startError: exists });
    const reply = await call('POST', '/v1/recordings', goodSpec);
    expect(reply).toEqual({ status: 200, body: { recordId: 'lesson-42', workflowId: 'recording:lesson-42' } });
    expect(stub.calls.map((c) => c.op).filter((op) => op === 'start' || op === 'history')).toEqual([
      'start',
      'history',
    ]);
  });

  it('a new recordId is started without reading any history', async () => {
    await open();
    expect((await call('POST', '/v1/recordings', goodSpec)).status).toBe(202);
    expect(stub.calls.filter((c) => c.op === 'history')).toHaveLength(0);
  });

  it.each([
    ['another product', { ...stored, product: 'trtc-web' }, 'product'],
    ['another room', { ...stored, params: { ...stored.params, RoomId: '9999' } }, 'params.RoomId'],
    ['another end', { ...stored, schedule: { endAtMs: NOW_MS + 60_000 } }, 'schedule'],
  ])('with %s: 409 naming %s, nothing started, no value echoed', async (_name, input, field) => {
    await open({ storedInput: input, startError: exists });
    const reply = await call('POST', '/v1/recordings', goodSpec);
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({ code: 'spec-conflict', field });
    expect(JSON.stringify(reply.body)).not.toContain('9999');
    // The one start call was refused: the id exists.
    expect(stub.calls.filter((c) => c.op === 'start')).toHaveLength(1);
  });
});

describe('recording operations', () => {
  beforeEach(() => open());

  it('stop without wait is a durable signal (202); with wait it is the stop update', async () => {
    expect(await call('POST', '/v1/recordings/lesson-42/stop', { requestedBy: 'ops' })).toEqual({
      status: 202,
      body: { accepted: true },
    });
    expect((await call('POST', '/v1/recordings/lesson-42/stop', { wait: true })).status).toBe(200);
    // History reads (the status's file URLs come from the run's storage) are not commands.
    expect(commands(stub).map((c) => [c.op, c.name, c.workflowId])).toEqual([
      ['signal', 'stopSignal', 'recording:lesson-42'],
      ['update', 'stopUpdate', 'recording:lesson-42'],
    ]);
    expect(stub.calls[0]?.args).toEqual([{ requestedBy: 'ops' }]);
  });

  it.each([
    ['POST', '/v1/recordings/lesson-42/stop', { wait: 'yes' }, 'wait'],
    ['POST', '/v1/recordings/lesson-42/stop', { force: true }, 'force'],
    ['POST', '/v1/recordings/lesson-42/pause', { now: true }, 'now'],
    ['POST', '/v1/recordings/lesson-42/extend', {}, 'endAt'],
    ['POST', '/v1/recordings/lesson-42/extend', { maxDurationMs: -5 }, 'maxDurationMs'],
    ['POST', '/v1/recordings/lesson-42/extend', { endAt: '2020-01-01T00:00:00Z' }, 'endAt'],
    [
      'POST',
      '/v1/recordings/lesson-42/modify',
      { MixLayoutParams: { MixLayoutMode: 9 } },
      'MixLayoutParams.MixLayoutMode',
    ],
    ['POST', '/v1/recordings/lesson-42/modify', { Layout: {} }, 'Layout'],
    ['GET', '/v1/recordings/bad%20id', undefined, 'recordId'],
    ['GET', '/v1/recordings/lesson-42?verbose=1', undefined, 'verbose'],
    ['GET', '/v1/recordings?product=zoom', undefined, 'product'],
    ['GET', '/v1/recordings?state=Running', undefined, 'state'],
    ['GET', '/v1/recordings?limit=0', undefined, 'limit'],
    ['GET', '/v1/recordings?colour=red', undefined, 'colour'],
    ['GET', '/v1/recordings?product=css-live&product=trtc-web', undefined, 'product'],
  ])('%s %s %j → 400 naming %s', async (method, path, body, field) => {
    const reply = await call(method, path, body);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.field).toBe(field);
    expect(stub.calls.filter((c) => c.op !== 'list')).toHaveLength(0);
  });

  it('lists through visibility with the filter as a query', async () => {
    expect(await call('GET', '/v1/recordings?product=css-live&state=Recording&limit=5')).toEqual({
      status: 200,
      body: { recordings: [] },
    });
    expect(stub.calls[0]?.options?.['query']).toBe(
      "WorkflowType = 'recordingWorkflow' AND RecordingProduct = 'css-live' AND RecordingState = 'Recording'",
    );
  });

  it('extend sends epoch ms; modify sends the validated changes', async () => {
    expect(
      (await call('POST', '/v1/recordings/lesson-42/extend', { endAt: '2025-03-01T02:00:00Z', maxDurationMs: null }))
        .status,
    ).toBe(200);
    expect(
      (await call('POST', '/v1/recordings/lesson-42/modify', { MixLayoutParams: { MixLayoutMode: 3 } })).status,
    ).toBe(200);
    expect(commands(stub).map((c) => [c.name, c.args])).toEqual([
      ['extendUpdate', [{ endAtMs: Date.parse('2025-03-01T02:00:00Z'), maxDurationMs: null }]],
      ['modifyUpdate', [{ MixLayoutParams: { MixLayoutMode: 3 } }]],
    ]);
  });

  it('result does not block while the recording runs', async () => {
    expect(await call('GET', '/v1/recordings/lesson-42/result')).toEqual({ status: 200, body: { finished: false } });
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
    expect(await call('POST', '/v1/schedules', goodSchedule)).toEqual({
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
    const reply = await call('POST', '/v1/schedules', body);
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
    const response = await fetch(`${base}/v1/recordings/x/stop`, { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    await response.body?.cancel();
  });
});

/** Every API route with a body that passes its schema, so only the token decides the answer. */
// Four columns each: jest.each hands a shorter row's test a `done` callback in the body's place.
const ROUTES: readonly (readonly [string, string, 'read' | 'write', unknown])[] = [
  ['POST', '/v1/recordings', 'write', goodSpec],
  ['GET', '/v1/recordings', 'read', undefined],
  ['GET', '/v1/recordings/lesson-42', 'read', undefined],
  ['GET', '/v1/recordings/lesson-42/result', 'read', undefined],
  ['POST', '/v1/recordings/lesson-42/stop', 'write', {}],
  ['POST', '/v1/recordings/lesson-42/pause', 'write', {}],
  ['POST', '/v1/recordings/lesson-42/resume', 'write', {}],
  ['POST', '/v1/recordings/lesson-42/modify', 'write', { MixLayoutParams: { MixLayoutMode: 3 } }],
  ['POST', '/v1/recordings/lesson-42/extend', 'write', { maxDurationMs: 60_000 }],
  [
    'POST',
    '/v1/schedules',
    'write',
    {
      scheduleId: 'daily',
      spec: { cron: '@daily' },
      recording: { product: 'trtc-cloud', params: VALID_PARAMS['trtc-cloud'] },
    },
  ],
  ['GET', '/v1/schedules', 'read', undefined],
  ['POST', '/v1/schedules/daily/pause', 'write', {}],
  ['POST', '/v1/schedules/daily/unpause', 'write', {}],
  ['DELETE', '/v1/schedules/daily', 'write', undefined],
];

describe('bearer auth on every route', () => {
  beforeEach(() => open());

  it.each(ROUTES)(
    '%s %s: 401 without a token or with an unknown one, nothing reaches Temporal',
    async (method, path, _s, body) => {
      const none = await call(method, path, body, { authorization: '' });
      expect(none).toMatchObject({ status: 401, body: { error: { code: 'unauthorized', field: 'authorization' } } });
      const unknown = await call(method, path, body, { authorization: `Bearer ${'x'.repeat(40)}` });
      expect(unknown.status).toBe(401);
      expect(stub.calls).toHaveLength(0);
    },
  );

  it.each(ROUTES)(
    '%s %s (%s scope): the read token is refused with 403 only where it needs write',
    async (method, path, needs, body) => {
      const reply = await call(method, path, body, { authorization: `Bearer ${READ_TOKEN}` });
      if (needs === 'write') {
        expect(reply).toMatchObject({ status: 403, body: { error: { code: 'forbidden', field: 'authorization' } } });
        expect(stub.calls).toHaveLength(0);
      } else {
        expect(reply.status).toBeLessThan(300);
      }
    },
  );

  it.each(ROUTES)('%s %s: the write token is let through', async (method, path, _s, body) => {
    const reply = await call(method, path, body);
    expect(reply.status).toBeLessThan(300);
  });

  it('keeps /healthz, /v1/openapi.json and /v1/docs public', async () => {
    expect((await call('GET', '/healthz', undefined, { authorization: '' })).status).toBe(200);
    const spec = await call('GET', '/v1/openapi.json', undefined, { authorization: '' });
    expect(spec.status).toBe(200);
    expect(String(spec.body['openapi'])).toMatch(/^3\./);
    const docs = await fetch(`${base}/v1/docs/`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });
});

describe('JSON only, bounded, nothing dropped', () => {
  beforeEach(() => open());

  it.each([
    ['a form post', 'application/x-www-form-urlencoded', 'wait=true'],
    ['an empty form post', 'application/x-www-form-urlencoded', ''],
    ['a text post', 'text/plain', '{}'],
    ['a multipart post', 'multipart/form-data; boundary=x', '--x--'],
  ])('%s to stop is 415 and nothing is signalled', async (_name, type, body) => {
    const reply = await call('POST', '/v1/recordings/lesson-42/stop', body, { 'content-type': type });
    expect(reply).toMatchObject({ status: 415, body: { error: { code: 'unsupported-media-type' } } });
    expect(stub.calls).toHaveLength(0);
  });

  it('an empty body with no content type is 415 too', async () => {
    const response = await fetch(`${base}/v1/recordings/lesson-42/stop`, {
      method: 'POST',
      headers: { authorization: `Bearer ${WRITE_TOKEN}` },
    });
    expect(response.status).toBe(415);
    expect(stub.calls).toHaveLength(0);
  });

  it.each([
    [
      '__proto__ in params',
      '{"recordId":"a1","product":"trtc-cloud","params":{"__proto__":{"x":1}}}',
      'params.__proto__',
    ],
    ['constructor at the top', '{"recordId":"a1","constructor":{}}', 'constructor'],
  ])('%s is a 400 naming it as an unknown field', async (_name, text, field) => {
    const reply = await call('POST', '/v1/recordings', text);
    expect(reply).toMatchObject({ status: 400, body: { error: { field, rule: 'unknown field' } } });
  });

  it('a body nested 10 000 levels deep is a 400 naming the depth rule, not a 500', async () => {
    const deep = `{"recordId":"a1","product":"trtc-cloud","params":{"MixLayoutParams":{"WaterMarkList":[${'['.repeat(10_000)}${']'.repeat(10_000)}]}}}`;
    const reply = await call('POST', '/v1/recordings', deep);
    expect(reply.status).toBe(400);
    expect(reply.body.error?.rule).toMatch(/at most \d+ levels/);
  });

  it('answers unknown routes 404 and wrong methods 405 in the one error body', async () => {
    expect(await call('GET', '/v1/nowhere')).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    expect(await call('DELETE', '/v1/recordings/x')).toMatchObject({
      status: 405,
      body: { error: { code: 'method-not-allowed' } },
    });
  });
});
