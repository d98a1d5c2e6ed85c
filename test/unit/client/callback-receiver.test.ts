// The callback receiver with a fake router and real signatures: verify, interpret, dedupe, route, signal, answer.
import { type CallbackReceiverOptions } from '../../../client/gateway/callbacks/receiver';
import { type RevealedTaskInput } from '../../../domain/contract';
import {
  callbackKeys,
  cssBody,
  hmacSign,
  KEYS,
  TASK,
  TIW_VECTOR,
  tiwBody,
  TRTC_VECTOR,
  trtcBody,
  receiverHarness,
} from './fakes';

const NOW_MS = 1_700_000_000_000;
const FUTURE_S = NOW_MS / 1000 + 600;

const setup = (overrides: Partial<CallbackReceiverOptions> = {}) => receiverHarness(NOW_MS, overrides);

const cloudStarted = trtcBody(3, 301, {
  RoomId: '3560',
  EventTs: 1700000000,
  EventMsTs: 1700000000100,
  UserId: 'recbot_lesson_abc',
  TaskId: TASK,
  Payload: { Status: 0 },
});

describe('TRTC on-cloud callbacks (Sign header over the raw body)', () => {
  it('verifies, routes by TaskId then bot UserId, signals and answers {"code":0}', async () => {
    const { router, post } = setup();
    router.index.set('bot:recbot_lesson_abc', ['recording:lesson-1']);
    const reply = await post('trtc-cloud', cloudStarted, hmacSign(KEYS.trtc, cloudStarted));
    expect(reply).toEqual({ status: 200, body: { code: 0 } });
    // The TaskId alone first (no recording holds it yet), then the identity the workflow published.
    expect(router.lookups).toEqual([[`task:${TASK}`], ['bot:recbot_lesson_abc']]);
    expect(router.signals).toHaveLength(1);
    expect(router.signals[0]?.workflowId).toBe('recording:lesson-1');
    expect(router.signals[0]?.event).toMatchObject({
      product: 'trtc-cloud',
      kind: 'task-started',
      taskId: TASK,
      botUserId: 'recbot_lesson_abc',
    });
  });

  it('accepts the documented vector as authentic but ignores it (room event, not a recording event)', async () => {
    const { router, post } = setup();
    const reply = await post('trtc-cloud', TRTC_VECTOR.body, TRTC_VECTOR.sign);
    expect(reply).toEqual({ status: 200, body: { code: 0, message: 'ignored' } });
    expect(router.lookups).toHaveLength(0);
  });

  it('refuses a forged, missing or re-serialised signature with 401 and never routes', async () => {
    const { router, post } = setup();
    const forged = await post('trtc-cloud', cloudStarted, hmacSign('wrongkey', cloudStarted));
    const missing = await post('trtc-cloud', cloudStarted);
    const reserialised = JSON.stringify(JSON.parse(TRTC_VECTOR.body));
    const changed = await post('trtc-cloud', reserialised, TRTC_VECTOR.sign);
    expect([forged.status, missing.status, changed.status]).toEqual([401, 401, 401]);
    expect(missing.body.message).toBe('signature missing');
    expect(forged.body.message).toBe('signature mismatch');
    expect(router.lookups).toHaveLength(0);
  });

  it('answers 400 to an authentic body that is not JSON', async () => {
    const { post } = setup();
    const reply = await post('trtc-cloud', '{not json', hmacSign(KEYS.trtc, '{not json'));
    expect(reply.status).toBe(400);
  });
});

describe('each product with its own key and scheme', () => {
  it('trtc-web: group 8 routed by TaskId with the shared TRTC key', async () => {
    const { router, post } = setup();
    router.index.set('task:web-task-1', ['recording:web-1']);
    const body = trtcBody(8, 801, { EventMsTs: 1700000000000, TaskId: 'web-task-1', Payload: { Status: 1 } });
    expect((await post('trtc-web', body, hmacSign(KEYS.trtc, body))).status).toBe(200);
    expect(router.signals.map((s) => s.event.kind)).toEqual(['task-started']);
  });

  it('trro-cloud: the TRTC scheme under the TRRO key (the TRTC key does not pass)', async () => {
    const { router, post } = setup();
    router.index.set(`task:${TASK}`, ['recording:trro-1']);
    const body = trtcBody(3, 302, { EventMsTs: 1700000000000, TaskId: TASK, Payload: { LeaveCode: 99 } });
    expect((await post('trro-cloud', body, hmacSign(KEYS.trtc, body))).status).toBe(401);
    expect((await post('trro-cloud', body, hmacSign(KEYS.trro, body))).status).toBe(200);
    expect(router.signals[0]?.event).toMatchObject({
      product: 'trro-cloud',
      kind: 'task-ended',
      endCause: 'idle-timeout',
    });
  });

  it('trro-cloud: a task no recording adopted reaches every recording of its device; an adopted one only its owner', async () => {
    const { router, post } = setup();
    router.index.set('device:proj/dev-1', ['recording:trro-a', 'recording:trro-b']);
    const device = { ProjectId: 'proj', DeviceId: 'dev-1', VideoStreamId: 0 };
    const unknown = trtcBody(3, 301, {
      EventMsTs: 1700000000000,
      TaskId: 'dup-task',
      Payload: { Status: 0 },
      ...device,
    });
    expect((await post('trro-cloud', unknown, hmacSign(KEYS.trro, unknown))).status).toBe(200);
    expect(router.lookups).toEqual([['task:dup-task'], ['device:proj/dev-1']]);
    expect(router.signals.map((s) => s.workflowId)).toEqual(['recording:trro-a', 'recording:trro-b']);
    expect(router.signals[0]?.event).toMatchObject({ projectId: 'proj', deviceId: 'dev-1', videoStreamId: 0 });

    // Once recording a publishes the TaskId, the device's other recordings no longer hear of it.
    router.index.set('task:owned-task', ['recording:trro-a']);
    router.signals.length = 0;
    const owned = trtcBody(3, 310, {
      EventMsTs: 1700000000500,
      TaskId: 'owned-task',
      Payload: { Status: 0 },
      ...device,
    });
    expect((await post('trro-cloud', owned, hmacSign(KEYS.trro, owned))).status).toBe(200);
    expect(router.signals.map((s) => s.workflowId)).toEqual(['recording:trro-a']);
  });

  it('tiw-online: MD5(key + ExpireTime) passes before expiry, 403 after, 401 when forged', async () => {
    const { router, post } = setup();
    router.index.set('ruser:tic_record_user_1234_x', ['recording:tiw-1']);
    const data = { TaskId: 'tiw-task', RoomId: 1234, RecordUserId: 'tic_record_user_1234_x' };
    expect((await post('tiw-online', tiwBody('OnlineRecordStarted', data, FUTURE_S))).status).toBe(200);
    expect(router.lookups.slice(0, 2)).toEqual([['task:tiw-task'], ['ruser:tic_record_user_1234_x']]);
    const expired = await post('tiw-online', tiwBody('OnlineRecordStopped', data, NOW_MS / 1000 - 1));
    expect(expired).toMatchObject({ status: 403, body: { message: 'signature expired' } });
    const forged = await post('tiw-online', tiwBody('OnlineRecordStopped', data, FUTURE_S, 'not-the-key'));
    expect(forged.status).toBe(401);
    expect(router.signals).toHaveLength(1);
  });

  it('tiw-online: the documented vector verifies before its ExpireTime and is refused after it', async () => {
    const vectorBody = JSON.stringify({
      EventType: 'OnlineRecordStarted',
      EventData: { TaskId: 't1', RoomId: 1, RecordUserId: 'tic_record_user_1_a' },
      ExpireTime: TIW_VECTOR.expireTime,
      Sign: TIW_VECTOR.sign,
    });
    const before = setup({ now: () => (TIW_VECTOR.expireTime - 60) * 1000 });
    before.router.index.set('task:t1', ['recording:v']);
    expect((await before.post('tiw-online', vectorBody)).status).toBe(200);
    const after = setup({ now: () => (TIW_VECTOR.expireTime + 1) * 1000 });
    expect((await after.post('tiw-online', vectorBody)).status).toBe(403);
  });

  it('css-live: MD5(key + t) passes before t, 403 after; routed by stream', async () => {
    const { router, post } = setup();
    router.index.set('stream:live-room-9', ['recording:css-1']);
    const fields = {
      event_type: 332,
      stream_id: 'live-room-9',
      record_event: 'record_start_succeeded',
      event_time: 1700000000,
      seq: '1',
    };
    expect((await post('css-live', cssBody(fields, FUTURE_S))).status).toBe(200);
    expect(router.signals[0]?.event).toMatchObject({
      product: 'css-live',
      kind: 'task-started',
      streamName: 'live-room-9',
    });
    expect((await post('css-live', cssBody(fields, NOW_MS / 1000 - 5))).status).toBe(403);
    expect((await post('css-live', cssBody(fields, FUTURE_S, 'otherKey1'))).status).toBe(401);
  });

  it('answers 503 when no key is configured for the product (never accepts unsigned)', async () => {
    const { router, post } = setup({ keys: { trtc: callbackKeys.trtc } });
    const reply = await post(
      'css-live',
      cssBody({ event_type: 332, stream_id: 's', record_event: 'record_ended' }, FUTURE_S),
    );
    expect(reply.status).toBe(503);
    expect(router.lookups).toHaveLength(0);
  });
});

describe('unknown and irrelevant events', () => {
  it.each([
    ['tiw-online', () => tiwBody('TranscodeFinished', { TaskId: 'x' }, FUTURE_S)],
    ['css-live', () => cssBody({ event_type: 1, stream_id: 's' }, FUTURE_S)],
    ['trtc-cloud', () => JSON.stringify({ EventGroupId: 1, EventType: 101, EventInfo: {} })],
  ] as const)('%s: an authentic event that is not ours is acknowledged and dropped', async (product, make) => {
    const { router, post } = setup();
    const body = make();
    const reply = await post(product, body, hmacSign(KEYS.trtc, body));
    expect(reply).toEqual({ status: 200, body: { code: 0, message: 'ignored' } });
    expect(router.lookups).toHaveLength(0);
  });

  it('acknowledges an event with no routing key (nothing could ever find its recording)', async () => {
    const { router, post } = setup();
    const body = trtcBody(8, 802, { EventMsTs: 1, Payload: { Status: 0 } });
    expect(await post('trtc-web', body, hmacSign(KEYS.trtc, body))).toEqual({
      status: 200,
      body: { code: 0, message: 'ignored' },
    });
    expect(router.lookups).toHaveLength(0);
  });
});

describe('dedupe, routing failures and time-outs', () => {
  it('answers a provider retry (new CallbackTs) from memory without a second signal', async () => {
    const { router, post } = setup();
    router.index.set(`task:${TASK}`, ['recording:a']);
    const first = trtcBody(3, 302, { EventMsTs: 5, TaskId: TASK, Payload: { LeaveCode: 0 } }, 1);
    const retry = trtcBody(3, 302, { EventMsTs: 5, TaskId: TASK, Payload: { LeaveCode: 0 } }, 2);
    expect((await post('trtc-cloud', first, hmacSign(KEYS.trtc, first))).body).toEqual({ code: 0 });
    expect((await post('trtc-cloud', retry, hmacSign(KEYS.trtc, retry))).body).toEqual({
      code: 0,
      message: 'duplicate',
    });
    expect(router.signals).toHaveLength(1);
  });

  it('gives concurrent deliveries of one event a single signal', async () => {
    const { router, post } = setup();
    router.index.set(`task:${TASK}`, ['recording:a']);
    router.signalDelayMs = 30;
    const body = trtcBody(3, 301, { EventMsTs: 7, TaskId: TASK, Payload: { Status: 0 } });
    const replies = await Promise.all([1, 2, 3].map(() => post('trtc-cloud', body, hmacSign(KEYS.trtc, body))));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(router.signals).toHaveLength(1);
  });

  it('answers 503 (provider retries) while the recording is not visible, then delivers on the retry', async () => {
    const { router, post } = setup();
    const body = trtcBody(8, 801, { EventMsTs: 9, TaskId: 'web-late', Payload: { Status: 1 } });
    const early = await post('trtc-web', body, hmacSign(KEYS.trtc, body));
    expect(early.status).toBe(503);
    expect(early.headers).toEqual({ 'retry-after': '10' });
    router.index.set('task:web-late', ['recording:w']);
    expect((await post('trtc-web', body, hmacSign(KEYS.trtc, body))).status).toBe(200);
    expect(router.signals).toHaveLength(1);
  });

  it('acknowledges an event whose recording has closed, and forgets the cached mapping', async () => {
    const { router, post } = setup();
    router.index.set(`task:${TASK}`, ['recording:old']);
    router.closed.add('recording:old');
    const body = trtcBody(3, 311, { EventMsTs: 11, TaskId: TASK, Payload: { Status: 0, TencentVod: { FileId: 'f' } } });
    expect(await post('trtc-cloud', body, hmacSign(KEYS.trtc, body))).toEqual({
      status: 200,
      body: { code: 0, message: 'recording ended' },
    });
    expect(router.forgotten).toContain('recording:old');
    expect(router.lookups).toHaveLength(2);
  });

  it('answers 503 when Temporal fails, and does not remember the event as delivered', async () => {
    const { router, post } = setup();
    router.index.set(`task:${TASK}`, ['recording:a']);
    router.failWith = new Error('UNAVAILABLE');
    const body = trtcBody(3, 301, { EventMsTs: 13, TaskId: TASK, Payload: { Status: 0 } });
    expect((await post('trtc-cloud', body, hmacSign(KEYS.trtc, body))).status).toBe(503);
    router.failWith = undefined;
    expect((await post('trtc-cloud', body, hmacSign(KEYS.trtc, body))).status).toBe(200);
    expect(router.signals).toHaveLength(1);
  });

  it('answers 503 within the route time-out when Temporal hangs', async () => {
    const { router, post } = setup({ routeTimeoutMs: 50 });
    router.hang = true;
    const body = trtcBody(3, 301, { EventMsTs: 15, TaskId: TASK, Payload: { Status: 0 } });
    const started = Date.now();
    const reply = await post('trtc-cloud', body, hmacSign(KEYS.trtc, body));
    expect(reply).toMatchObject({ status: 503, body: { message: 'timed out handing the event over' } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('tasks revealed after their recording closed', () => {
  const revealer = () => {
    const calls: RevealedTaskInput[] = [];
    let fail: Error | undefined;
    return {
      calls,
      failNext: (error: Error) => (fail = error),
      reveal: (input: RevealedTaskInput) => {
        calls.push(input);
        const error = fail;
        fail = undefined;
        return error === undefined ? Promise.resolve('started' as const) : Promise.reject(error);
      },
    };
  };

  it('hands a live task found only by its bot among closed recordings to the reaper', async () => {
    const r = revealer();
    const { router, post } = setup({ revealer: r });
    router.index.set('bot:recbot_lesson_abc', ['recording:lesson-1']);
    router.closed.add('recording:lesson-1');
    const reply = await post('trtc-cloud', cloudStarted, hmacSign(KEYS.trtc, cloudStarted));
    expect(reply).toEqual({ status: 200, body: { code: 0, message: 'recording ended; its task goes to the reaper' } });
    expect(r.calls).toEqual([
      { product: 'trtc-cloud', taskId: TASK, keys: ['bot:recbot_lesson_abc'], workflowIds: ['recording:lesson-1'] },
    ]);
  });

  it('answers 503 when the reaper could not be started, so the provider retries', async () => {
    const r = revealer();
    r.failNext(new Error('UNAVAILABLE'));
    const { router, post } = setup({ revealer: r });
    router.index.set('bot:recbot_lesson_abc', ['recording:lesson-1']);
    router.closed.add('recording:lesson-1');
    expect((await post('trtc-cloud', cloudStarted, hmacSign(KEYS.trtc, cloudStarted))).status).toBe(503);
    expect((await post('trtc-cloud', cloudStarted, hmacSign(KEYS.trtc, cloudStarted))).status).toBe(200);
    expect(r.calls).toHaveLength(2);
  });

  it('leaves a task its closed recording held by TaskId (the sweep reaps those) and an ended one', async () => {
    const r = revealer();
    const { router, post } = setup({ revealer: r });
    router.index.set(`task:${TASK}`, ['recording:old']);
    router.closed.add('recording:old');
    const started = trtcBody(3, 301, { EventMsTs: 21, TaskId: TASK, Payload: { Status: 0 } });
    expect((await post('trtc-cloud', started, hmacSign(KEYS.trtc, started))).body.message).toBe('recording ended');
    router.index.clear();
    router.index.set('bot:recbot_lesson_abc', ['recording:lesson-1']);
    router.closed.add('recording:lesson-1');
    const ended = trtcBody(3, 302, {
      EventMsTs: 22,
      UserId: 'recbot_lesson_abc',
      TaskId: TASK,
      Payload: { LeaveCode: 0 },
    });
    expect((await post('trtc-cloud', ended, hmacSign(KEYS.trtc, ended))).body.message).toBe('recording ended');
    expect(r.calls).toEqual([]);
  });

  it('never reveals on a TIW or CSS callback: their signature does not cover the body', async () => {
    const r = revealer();
    const { router, post } = setup({ revealer: r });
    router.index.set('stream:lesson_stream', ['recording:css-1']);
    router.closed.add('recording:css-1');
    const body = cssBody({ event_type: 100, stream_id: 'lesson_stream', task_id: '123', sequence: 'x1' }, FUTURE_S);
    expect((await post('css-live', body)).body.message).toBe('recording ended');
    expect(r.calls).toEqual([]);
  });
});

describe('drain', () => {
  it('resolves only once a delivery that outlived its route time-out has settled', async () => {
    const { router, receiver, post } = setup({ routeTimeoutMs: 50 });
    router.index.set(`task:${TASK}`, ['recording:a']);
    router.signalDelayMs = 300;
    const body = trtcBody(3, 301, { EventMsTs: 19, TaskId: TASK, Payload: { Status: 0 } });
    const reply = await post('trtc-cloud', body, hmacSign(KEYS.trtc, body));
    expect(reply).toMatchObject({ status: 503, body: { message: 'timed out handing the event over' } });
    // Still handing over in the background: closing the connection now would break that call.
    expect(router.signals).toHaveLength(0);
    await receiver.drain();
    expect(router.signals).toHaveLength(1);
  });

  it('resolves at once with nothing in flight', async () => {
    await expect(setup().receiver.drain()).resolves.toBeUndefined();
  });
});

describe('secrecy', () => {
  it('never logs a key or a signature, whatever the outcome', async () => {
    const { router, logger, post } = setup();
    router.index.set(`task:${TASK}`, ['recording:a']);
    const body = trtcBody(3, 301, { EventMsTs: 17, TaskId: TASK, Payload: { Status: 0 } });
    const good = hmacSign(KEYS.trtc, body);
    const bad = hmacSign('guess', body);
    await post('trtc-cloud', body, bad);
    await post('trtc-cloud', body, good);
    const tiw = tiwBody('OnlineRecordStarted', { TaskId: 't' }, NOW_MS / 1000 - 1);
    await post('tiw-online', tiw);
    const text = logger.text();
    expect(logger.lines.length).toBeGreaterThanOrEqual(3);
    for (const secret of [KEYS.trtc, KEYS.tiw, good, bad, (JSON.parse(tiw) as { Sign: string }).Sign])
      expect(text).not.toContain(secret);
  });
});
