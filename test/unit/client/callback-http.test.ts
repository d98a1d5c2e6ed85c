// The callback endpoints over real HTTP on 127.0.0.1: the Sign header, raw bytes, body limit, methods, one path per product.
import { createCallbackReceiver } from '../../../client/gateway/callbacks/receiver';
import { createGatewayServer, type GatewayServer } from '../../../client/gateway/server';
import { PRODUCTS } from '../../../domain/catalog';
import {
  callbackKeys,
  CollectingLogger,
  FakeRouter,
  hmacSign,
  KEYS,
  TASK,
  tiwBody,
  TRTC_VECTOR,
  trtcBody,
} from './fakes';

let gateway: GatewayServer;
let base: string;
let router: FakeRouter;

beforeEach(async () => {
  router = new FakeRouter();
  const logger = new CollectingLogger();
  const receiver = createCallbackReceiver({ keys: callbackKeys, router, logger, routeTimeoutMs: 500 });
  gateway = createGatewayServer({ receiver, logger, callbackBodyLimitBytes: 4096 });
  base = `http://127.0.0.1:${await gateway.listen(0, '127.0.0.1')}`;
});

afterEach(async () => {
  await gateway.close();
});

async function post(path: string, body: string, sign?: string) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(sign === undefined ? {} : { Sign: sign, SdkAppId: '1400000001' }),
    },
    body,
  });
  return { status: response.status, body: await response.json() };
}

it('verifies the documented TRTC vector byte for byte as sent over HTTP (tabs and newlines untouched)', async () => {
  expect(await post('/callbacks/trtc-cloud', TRTC_VECTOR.body, TRTC_VECTOR.sign)).toEqual({
    status: 200,
    body: { code: 0, message: 'ignored' },
  });
  expect((await post('/callbacks/trtc-cloud', TRTC_VECTOR.body, TRTC_VECTOR.sign.replace('k', 'K'))).status).toBe(401);
});

it('delivers a signed recording event and answers {"code":0}', async () => {
  router.index.set(`task:${TASK}`, ['recording:r1']);
  const body = trtcBody(3, 301, { EventMsTs: 1, TaskId: TASK, UserId: 'recbot_r1', Payload: { Status: 0 } });
  expect(await post('/callbacks/trtc-cloud', body, hmacSign(KEYS.trtc, body))).toEqual({
    status: 200,
    body: { code: 0 },
  });
  expect(router.signals).toHaveLength(1);
});

it('replays the splice probe: a genuine TIW Sign/ExpireTime on a forged body for another recording is 401', async () => {
  router.index.set('ruser:tic_record_user_1203_x', ['recording:x']);
  router.index.set('ruser:tic_record_user_1204_y', ['recording:y']);
  const expireTime = Math.floor(Date.now() / 1000) + 600;
  const data = (room: number, who: string) => ({
    TaskId: `tiw-task-${who}`,
    RoomId: room,
    RecordUserId: `tic_record_user_${room}_${who}`,
  });
  const genuine = tiwBody('OnlineRecordStopped', data(1203, 'x'), expireTime);
  const { Sign, ExpireTime } = JSON.parse(genuine) as { Sign: string; ExpireTime: number };
  const forged = JSON.stringify({
    EventData: data(1204, 'y'),
    EventType: 'OnlineRecordStopped',
    ExpireTime,
    SdkAppId: 1400000001,
    Sign,
    Timestamp: expireTime - 600,
  });
  expect(await post('/callbacks/tiw-online', genuine)).toEqual({ status: 200, body: { code: 0 } });
  expect(await post('/callbacks/tiw-online', forged)).toEqual({
    status: 401,
    body: { code: -1, message: 'signature already used with another body' },
  });
  // The provider's retry of the genuine one is still fine.
  expect((await post('/callbacks/tiw-online', genuine)).status).toBe(200);
  expect(router.signals.map((s) => s.workflowId)).toEqual(['recording:x']);
});

it('refuses a body over the limit with 413 before verifying or routing', async () => {
  const body = trtcBody(3, 301, { EventMsTs: 1, TaskId: TASK, Payload: { Status: 0, Pad: 'x'.repeat(5000) } });
  const reply = await post('/callbacks/trtc-cloud', body, hmacSign(KEYS.trtc, body));
  expect(reply.status).toBe(413);
  expect(router.lookups).toHaveLength(0);
});

it('serves exactly one POST endpoint per product', async () => {
  for (const product of PRODUCTS) {
    const response = await fetch(`${base}/callbacks/${product}`, { method: 'GET' });
    expect(response.status).toBe(405);
    await response.body?.cancel();
  }
  expect((await post('/callbacks/zoom', '{}')).status).toBe(404);
  // The API is not mounted on a callback-only gateway.
  expect((await post('/recordings', '{}')).status).toBe(404);
});
