/**
 * Provider callbacks: the emulator's signers against the documented vectors, signed deliveries to
 * a 127.0.0.1 receiver (checked with the gateway's own signers, so the two sides check each other),
 * and the retry schedules.
 */
import { createHash, createHmac } from 'node:crypto';
import { signExpiry, signTrtcFamilyBody } from '../../emulator/callbacks/sign';
import { type RunningEmulator } from '../../emulator/index';
import { formatCst } from '../../emulator/products/css-live/time';
import { md5ExpirySign, trtcCallbackSign } from '../../recorders/callback-signatures';
import {
  sdkClients,
  startCallbackReceiver,
  startTestEmulator,
  type CallbackReceiver,
  type SdkClients,
} from '../support/emulator';

const SDK_APP_ID = 1400188366;
const room = { sdkAppId: SDK_APP_ID, roomId: '3560' };

interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
const json = (r: Received | undefined): Record<string, unknown> =>
  JSON.parse(r?.body ?? '{}') as Record<string, unknown>;

describe('callback signatures (reference §10 vectors)', () => {
  test('TRTC/web: Base64(HMAC-SHA256(key, raw body))', () => {
    const body =
      '{\n\t"EventGroupId":\t2,\n\t"EventType":\t204,\n\t"CallbackTs":\t1664209748188,\n\t"EventInfo":\t{\n\t\t"RoomId":\t8489,\n\t\t"EventTs":\t1664209748,\n\t\t"EventMsTs":\t1664209748180,\n\t\t"UserId":\t"user_85034614",\n\t\t"Reason":\t0\n\t}\n}';
    expect(signTrtcFamilyBody(body, '123654')).toBe('kkoFeO3Oh2ZHnjtg8tEAQhtXK16/KI05W3BQff8IvGA=');
  });

  test('TIW: MD5(CallbackKey + ExpireTime); CSS uses the same construction with t', () => {
    expect(signExpiry('Xz4ZgayTr7rMgWQrH', 1588040109)).toBe('a2dabb362a9b811c0e26953a6276a41c');
  });
});

describe('callback delivery on an accelerated clock', () => {
  test('a receiver answering in 300 ms of real time is on time, though 5 s pass in emulated time meanwhile', async () => {
    const receiver = await startCallbackReceiver();
    receiver.respond = (index) => (index === 0 ? { status: 200, afterMs: 300 } : 200);
    const emu = await startTestEmulator({
      clock: { mode: 'accelerated', factor: 1000 },
      callbacks: { 'trtc-cloud': { url: receiver.url } },
    });
    const sdk = sdkClients(emu);
    await sdk.trtc.CreateCloudRecording({
      SdkAppId: SDK_APP_ID,
      RoomId: '4',
      UserId: 'bot',
      UserSig: 's',
      RecordParams: { RecordMode: 2, MaxIdleTime: 86400 },
      StorageParams: { CloudVod: {} },
    });
    await emu.control.flushCallbacks(10_000);
    const [started] = emu.control.callbacks({ product: 'trtc-cloud' });
    expect(started?.event).toBe('301');
    expect(started?.attempts.map((a) => a.status ?? a.error)).toEqual([200]);
    // 300 ms of real time was 300 s of emulated time: an emulated 5 s time-out would have fired.
    expect((started?.attempts[0]?.endedAt ?? 0) - (started?.attempts[0]?.at ?? 0)).toBeGreaterThan(5_000);
    sdk.close();
    await emu.stop();
    await receiver.close();
  });
});

describe('callback delivery', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  let receiver: CallbackReceiver;
  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    emu = await startTestEmulator({
      callbacks: {
        'trtc-cloud': { url: receiver.url, key: 'trtcKey123' },
        'trtc-web': { url: receiver.url, key: 'webKey456' },
        'css-live': { url: receiver.url, key: 'cssKey789' },
      },
    });
    sdk = sdkClients(emu);
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.respond = 200;
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
    await receiver.close();
  });

  /** Advances the clock in steps, letting deliveries complete between steps. */
  async function run(totalMs: number, stepMs = 1_000, flushMs?: number): Promise<void> {
    await emu.control.flushCallbacks(flushMs);
    for (let t = 0; t < totalMs; t += stepMs) {
      emu.control.advance(Math.min(stepMs, totalMs - t));
      await emu.control.flushCallbacks(flushMs);
    }
  }

  test('TRTC cloud: 301, 307, 302, 310 and 305 arrive with a valid Sign header and SdkAppId', async () => {
    emu.control.joinRoom(room, 'anchor', { audio: true, video: true });
    const { TaskId } = await sdk.trtc.CreateCloudRecording({
      SdkAppId: SDK_APP_ID,
      RoomId: '3560',
      UserId: 'bot',
      UserSig: 's',
      RecordParams: { RecordMode: 2, OutputFormat: 1 },
      StorageParams: {
        CloudStorage: { Vendor: 0, Region: 'ap-guangzhou', Bucket: 'b', AccessKey: 'a', SecretKey: 'k' },
      },
    });
    await run(60_000, 10_000);
    await sdk.trtc.DeleteCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: TaskId ?? '' });
    await run(3_000);
    // One URL gets one attempt at a time, in the order the events fell due.
    const events = receiver.received.map((r) => json(r));
    expect(events.map((e) => e.EventType)).toEqual([301, 307, 302, 310, 305]);
    for (const r of receiver.received) {
      expect(r.headers.sign).toBe(createHmac('sha256', 'trtcKey123').update(r.body).digest('base64'));
      expect(r.headers.sdkappid).toBe(String(SDK_APP_ID));
      expect(r.headers['content-type']).toBe('application/json');
    }
    expect(events[2]).toMatchObject({
      EventGroupId: 3,
      EventInfo: { RoomId: 3560, UserId: 'bot', TaskId, Payload: { LeaveCode: 0 } },
    });
    expect(events[3]).toMatchObject({ EventInfo: { Payload: { Status: 0, FileList: [`${SDK_APP_ID}_3560_1.mp4`] } } });
  });

  test('TRTC retry schedule: immediately, then every 10 s until the message is a minute old', async () => {
    receiver.respond = 500;
    await sdk.trtc.CreateCloudRecording({
      SdkAppId: SDK_APP_ID,
      RoomId: '1',
      UserId: 'bot',
      UserSig: 's',
      RecordParams: { RecordMode: 2, MaxIdleTime: 86400 },
      StorageParams: { CloudVod: {} },
    });
    await run(90_000, 5_000);
    const [delivery] = emu.control.callbacks({ product: 'trtc-cloud' });
    const t0 = delivery?.createdAt ?? 0;
    expect(delivery?.attempts.map((a) => (a.at - t0) / 1000)).toEqual([0, 0, 10, 20, 30, 40, 50, 60]);
    expect(delivery?.state).toBe('failed');
    expect(receiver.received).toHaveLength(8);
  });

  test('a receiver that does not answer within 5 s of real time fails the attempt while the clock stands still; the immediate retry succeeds', async () => {
    receiver.respond = (index) => (index === 0 ? 'hang' : 200);
    await sdk.trtc.CreateCloudRecording({
      SdkAppId: SDK_APP_ID,
      RoomId: '2',
      UserId: 'bot',
      UserSig: 's',
      RecordParams: { RecordMode: 2 },
      StorageParams: { CloudVod: {} },
    });
    const wallStart = Date.now();
    // No advance(): the manual clock stands still, and the 5 s time-out still ends the attempt.
    await emu.control.flushCallbacks(30_000);
    expect(Date.now() - wallStart).toBeGreaterThanOrEqual(4_900);
    const [delivery] = emu.control.callbacks({ product: 'trtc-cloud' });
    expect(delivery?.attempts.map((a) => [(a.at - (delivery?.createdAt ?? 0)) / 1000, a.status ?? a.error])).toEqual([
      [0, 'no answer within 5000 ms'],
      [0, 200],
    ]);
    expect(delivery?.state).toBe('delivered');
  });

  test('emulated time passing does not time an attempt out: the time-out is real time', async () => {
    receiver.respond = (index) => (index === 0 ? { status: 200, afterMs: 300 } : 200);
    await sdk.trtc.CreateCloudRecording({
      SdkAppId: SDK_APP_ID,
      RoomId: '3',
      UserId: 'bot',
      UserSig: 's',
      RecordParams: { RecordMode: 2, MaxIdleTime: 86400 },
      StorageParams: { CloudVod: {} },
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the first attempt is in flight
    emu.control.advance(10_000); // twice the 5 s time-out, in emulated time only
    await emu.control.flushCallbacks(10_000);
    const [delivery] = emu.control.callbacks({ product: 'trtc-cloud' });
    expect(delivery?.attempts.map((a) => a.status ?? a.error)).toEqual([200]);
    expect(delivery?.state).toBe('delivered');
  });

  test('web: 801 at start, 802 at stop, then 311/312, group 8, signed with the web key', async () => {
    const { TaskId } = await sdk.trtc.StartWebRecord({
      RecordUrl: 'https://example.com',
      SdkAppId: SDK_APP_ID,
      StorageParams: { CloudVod: {} },
      RecordId: 'cb1',
    });
    await run(1_000);
    await sdk.trtc.StopWebRecord({ TaskId: TaskId ?? '' });
    await run(31_000, 31_000);
    const events = receiver.received.map((r) => json(r));
    expect(events.map((e) => e.EventType)).toEqual([801, 802, 311, 312]);
    expect(events[0]).toMatchObject({ EventGroupId: 8, EventInfo: { TaskId, Payload: { Status: 1 } } });
    for (const r of receiver.received) expect(r.headers.sign).toBe(trtcCallbackSign(r.body, 'webKey456'));
  });

  test('TIW: URL and key set by API; Started/Stopped/Finished with Sign = MD5(key + ExpireTime) in the body', async () => {
    await sdk.tiw.SetOnlineRecordCallback({ SdkAppId: 1400000001, Callback: receiver.url });
    await sdk.tiw.SetOnlineRecordCallbackKey({ SdkAppId: 1400000001, CallbackKey: 'Xz4ZgayTr7rMgWQrH' });
    const { TaskId } = await sdk.tiw.StartOnlineRecord({
      SdkAppId: 1400000001,
      RoomId: 1203,
      RecordUserId: 'tic_record_user_1203_1',
      RecordUserSig: 's',
    });
    await run(3_000);
    await sdk.tiw.StopOnlineRecord({ SdkAppId: 1400000001, TaskId: TaskId ?? '' });
    await run(31_000, 31_000);
    const events = receiver.received.map((r) => json(r));
    expect(events.map((e) => e.EventType)).toEqual([
      'OnlineRecordStarted',
      'OnlineRecordStopped',
      'OnlineRecordFinished',
    ]);
    for (const e of events) {
      expect(Object.keys(e)).toEqual(['EventData', 'EventType', 'ExpireTime', 'SdkAppId', 'Sign', 'Timestamp']);
      expect(e.Sign).toBe(
        createHash('md5')
          .update(`Xz4ZgayTr7rMgWQrH${String(e.ExpireTime)}`)
          .digest('hex'),
      );
      expect(Number(e.ExpireTime)).toBeGreaterThan(Number(e.Timestamp));
    }
    expect(events[1]).toMatchObject({ EventData: { TaskId, RoomId: 1203, RecordUserId: 'tic_record_user_1203_1' } });
    expect(events[2]).toMatchObject({ EventData: { FinishReason: 'USER_CALL' } });
  });

  test('CSS: 332 start, 100 per file, 332 end, sign = MD5(key + t); 12 retries a minute apart, re-signed each time', async () => {
    emu.control.advance(1000 - (emu.clock.now() % 1000));
    const { TaskId } = await sdk.live.CreateLiveRecord({
      StreamName: 'cb',
      StartTime: formatCst(emu.clock.now()),
      EndTime: formatCst(emu.clock.now() + 3_600_000),
      StreamParam: 'record_interval=1800',
    });
    emu.control.pushStream({ stream: 'cb' });
    await run(2_000);
    emu.control.advance(40 * 60_000);
    emu.control.stopStream({ stream: 'cb' });
    await run(1_000);
    const events = receiver.received.map((r) => json(r));
    expect(events.map((e) => `${String(e.event_type)}:${String(e.record_event ?? e.file_format)}`)).toEqual([
      '332:record_start_succeeded',
      '100:flv',
      '100:flv',
      '332:record_ended',
    ]);
    for (const e of events) expect(e.sign).toBe(md5ExpirySign('cssKey789', String(e.t)));
    expect(events[1]).toMatchObject({ stream_id: 'cb', appname: 'live', duration: 1800, task_id: '' });
    expect(TaskId).toEqual(expect.any(Number));

    receiver.received.length = 0;
    receiver.respond = 500;
    emu.control.pushStream({ stream: 'cb' });
    await run(14 * 60_000, 30_000);
    const [delivery] = emu.control.callbacks({ product: 'css-live' }).slice(-1);
    expect(delivery?.attempts).toHaveLength(13);
    expect(delivery?.attempts.map((a) => (a.at - (delivery?.createdAt ?? 0)) / 60_000)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    const ts = receiver.received.map((r) => json(r).t);
    expect(new Set(ts).size).toBe(13);
  });

  test('TRRO: ModifyCallbackUrl sets the URL and the Sign key per project', async () => {
    await sdk.trro.ModifyCallbackUrl({ ProjectId: 'proj', CallbackUrl: receiver.url, SignKey: 'trroKey' });
    const { TaskId } = await sdk.trro.CreateCloudRecording({
      ProjectId: 'proj',
      DeviceId: 'dev',
      VideoStreamId: 0,
      CloudStorage: { Vendor: 0, Region: 'r', Bucket: 'b', AccessKey: 'a', SecretKey: 's' },
    });
    await run(1_000);
    const [started] = receiver.received;
    expect(json(started)).toMatchObject({ EventGroupId: 3, EventType: 301, EventInfo: { TaskId } });
    expect(started?.headers.sign).toBe(trtcCallbackSign(started?.body ?? '', 'trroKey'));
    expect(started?.headers.sdkappid).toBeUndefined();
  });
});
