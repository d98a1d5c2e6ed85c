// TIW and CSS sign only an expiry, not the body: each (product, sign, expiry) pair may vouch for one body only.
import { type CallbackReceiverOptions } from '../../../client/gateway/callbacks/receiver';
import { createSpliceGuard } from '../../../client/gateway/callbacks/splice-guard';
import { bytes, cssBody, hmacSign, KEYS, md5Sign, tiwBody, trtcBody, receiverHarness } from './fakes';

const NOW_MS = 1_700_000_000_000;
const EXPIRES_S = NOW_MS / 1000 + 600;

const setup = (overrides: Partial<CallbackReceiverOptions> = {}) => receiverHarness(NOW_MS, overrides);

const X = { TaskId: 'tiw-task-x', RoomId: 1203, RecordUserId: 'tic_record_user_1203_x' };
const Y = { TaskId: 'tiw-task-y', RoomId: 1204, RecordUserId: 'tic_record_user_1204_y' };

/** The probe: the Sign and ExpireTime of a genuine body, put on another body. */
function splice(genuine: string, forgedFields: Record<string, unknown>, signFields: readonly string[]): string {
  const parsed = JSON.parse(genuine) as Record<string, unknown>;
  const kept = Object.fromEntries(signFields.map((field) => [field, parsed[field]]));
  return JSON.stringify({ ...forgedFields, ...kept });
}

describe('tiw-online: Sign = MD5(key + ExpireTime)', () => {
  const genuine = tiwBody('OnlineRecordStopped', X, EXPIRES_S);
  const forged = splice(
    genuine,
    { EventType: 'OnlineRecordStopped', EventData: Y, SdkAppId: 1400000001, Timestamp: 1700000000 },
    ['ExpireTime', 'Sign'],
  );

  it('accepts a genuine callback, and the same pair with the same body again (a provider retry)', async () => {
    const { router, post } = setup();
    router.index.set(`ruser:${X.RecordUserId}`, ['recording:x']);
    expect(await post('tiw-online', genuine)).toEqual({ status: 200, body: { code: 0 } });
    expect(await post('tiw-online', genuine)).toEqual({ status: 200, body: { code: 0, message: 'duplicate' } });
    expect(router.signals.map((s) => s.workflowId)).toEqual(['recording:x']);
  });

  it('refuses the same pair on a different body with 401, never delivers it, and logs only fingerprints', async () => {
    const { router, logger, post } = setup();
    router.index.set(`ruser:${X.RecordUserId}`, ['recording:x']);
    router.index.set(`ruser:${Y.RecordUserId}`, ['recording:y']);
    expect((await post('tiw-online', genuine)).status).toBe(200);
    const lookupsBefore = router.lookups.length;
    expect(await post('tiw-online', forged)).toEqual({
      status: 401,
      body: { code: -1, message: 'signature already used with another body' },
    });
    // Its TaskId alone is looked up, for a poll hint (none here: no recording holds it); never an identity.
    expect(router.lookups.slice(lookupsBefore)).toEqual([[`task:${Y.TaskId}`]]);
    expect(router.signals.map((s) => s.workflowId)).toEqual(['recording:x']);
    expect(router.hints).toEqual([]);
    const warning = logger.lines.find((line) => line.level === 'WARN');
    expect(warning).toMatchObject({
      message: 'callback refused: its signature already came with another body',
      meta: { product: 'tiw-online', status: 401, expiry: String(EXPIRES_S) },
    });
    expect(warning?.meta?.['pair']).toMatch(/^[0-9a-f]{12}$/);
    expect(warning?.meta?.['firstBody']).not.toBe(warning?.meta?.['body']);
    const sign = md5Sign(KEYS.tiw, EXPIRES_S);
    expect(logger.text()).not.toContain(sign);
    expect(logger.text()).not.toContain(KEYS.tiw);
    // The genuine body stays welcome: its pair still stands for it.
    expect((await post('tiw-online', genuine)).status).toBe(200);
  });

  it('turns a refused body into a poll hint for the recording holding its TaskId, at most once per 30 s', async () => {
    const { router, post, setNow } = setup();
    router.index.set(`ruser:${X.RecordUserId}`, ['recording:x']);
    router.index.set(`task:${Y.TaskId}`, ['recording:y']);
    expect((await post('tiw-online', genuine)).status).toBe(200);
    expect((await post('tiw-online', forged)).status).toBe(401);
    expect((await post('tiw-online', forged)).status).toBe(401);
    // Nothing of the body reached recording y: only "poll your provider soon", once.
    expect(router.signals.map((s) => s.workflowId)).toEqual(['recording:x']);
    expect(router.hints).toEqual(['recording:y']);
    setNow(NOW_MS + 30_001);
    expect((await post('tiw-online', forged)).status).toBe(401);
    expect(router.hints).toEqual(['recording:y', 'recording:y']);
  });

  it('sees through a re-spelt pair: upper-case Sign, ExpireTime as a string', async () => {
    const { router, post } = setup();
    router.index.set(`ruser:${X.RecordUserId}`, ['recording:x']);
    router.index.set(`ruser:${Y.RecordUserId}`, ['recording:y']);
    expect((await post('tiw-online', genuine)).status).toBe(200);
    const respelt = JSON.parse(forged) as { Sign: string; ExpireTime: number };
    const upper = JSON.stringify({ ...respelt, Sign: respelt.Sign.toUpperCase() });
    const text = JSON.stringify({ ...respelt, ExpireTime: String(respelt.ExpireTime) });
    expect([(await post('tiw-online', upper)).status, (await post('tiw-online', text)).status]).toEqual([401, 401]);
    expect(router.signals.map((s) => s.workflowId)).toEqual(['recording:x']);
  });

  it('refuses the splice even when the genuine body was an event the gateway ignores', async () => {
    const { router, post } = setup();
    router.index.set(`ruser:${Y.RecordUserId}`, ['recording:y']);
    const ignored = tiwBody('TranscodeFinished', { TaskId: 'transcode-1' }, EXPIRES_S);
    expect(await post('tiw-online', ignored)).toEqual({ status: 200, body: { code: 0, message: 'ignored' } });
    expect((await post('tiw-online', forged)).status).toBe(401);
    expect(router.signals).toHaveLength(0);
  });

  it('accepts a different pair (another ExpireTime) with another body', async () => {
    const { router, post } = setup();
    router.index.set(`ruser:${X.RecordUserId}`, ['recording:x']);
    router.index.set(`ruser:${Y.RecordUserId}`, ['recording:y']);
    expect((await post('tiw-online', genuine)).status).toBe(200);
    expect((await post('tiw-online', tiwBody('OnlineRecordStopped', Y, EXPIRES_S + 1))).status).toBe(200);
    expect(router.signals.map((s) => s.workflowId)).toEqual(['recording:x', 'recording:y']);
  });

  it('refuses an expired pair with 403 as before, whether or not it was seen', async () => {
    const { router, post, setNow } = setup();
    router.index.set(`ruser:${X.RecordUserId}`, ['recording:x']);
    expect((await post('tiw-online', genuine)).status).toBe(200);
    setNow(EXPIRES_S * 1000 + 1);
    expect(await post('tiw-online', genuine)).toEqual({
      status: 403,
      body: { code: -1, message: 'signature expired' },
    });
    expect((await post('tiw-online', forged)).status).toBe(403);
    expect(router.signals).toHaveLength(1);
  });
});

describe('css-live: sign = MD5(key + t)', () => {
  const file = {
    event_type: 100,
    stream_id: 'live-room-9',
    file_id: 'vod-file-1',
    record_file_id: 'vod-file-1',
    file_format: 'flv',
    start_time: 1700000000,
    end_time: 1700000300,
    video_url: 'https://vod.example.com/vod-file-1.flv',
  };
  const genuine = cssBody(file, EXPIRES_S);
  const forged = splice(
    genuine,
    { ...file, file_id: 'evil', record_file_id: 'evil', video_url: 'https://attacker.example/evil.flv' },
    ['t', 'sign'],
  );

  it('accepts a genuine callback and its identical retry; refuses an attacker URL under the same pair', async () => {
    const { router, post } = setup();
    router.index.set('stream:live-room-9', ['recording:css']);
    expect(await post('css-live', genuine)).toEqual({ status: 200, body: { code: 0 } });
    expect(await post('css-live', genuine)).toEqual({ status: 200, body: { code: 0, message: 'duplicate' } });
    expect((await post('css-live', forged)).status).toBe(401);
    const urls = router.signals.flatMap((s) => s.event.files ?? []).map((f) => f.url);
    expect(urls).toEqual(['https://vod.example.com/vod-file-1.flv']);
  });

  it('accepts the next file under its own t; refuses the first one once t has passed', async () => {
    const { router, post, setNow } = setup();
    router.index.set('stream:live-room-9', ['recording:css']);
    expect((await post('css-live', genuine)).status).toBe(200);
    const next = cssBody({ ...file, file_id: 'vod-file-2', record_file_id: 'vod-file-2' }, EXPIRES_S + 60);
    expect((await post('css-live', next)).status).toBe(200);
    setNow(EXPIRES_S * 1000 + 1_000);
    expect((await post('css-live', genuine)).status).toBe(403);
    expect(router.signals).toHaveLength(2);
  });
});

describe('trtc-family: the HMAC covers the body, so no pair is remembered', () => {
  it('a replayed identical body is answered from the dedupe window and signals once', async () => {
    const { router, post } = setup();
    router.index.set('task:trro-task-1', ['recording:trro']);
    const body = trtcBody(3, 301, { EventMsTs: 1700000000100, TaskId: 'trro-task-1', Payload: { Status: 0 } });
    for (let i = 0; i < 3; i += 1) expect((await post('trro-cloud', body, hmacSign(KEYS.trro, body))).status).toBe(200);
    expect(router.signals).toHaveLength(1);
  });
});

describe('the guard itself', () => {
  const pair = (expirySeconds: number) => ({
    sign: md5Sign(KEYS.css, expirySeconds),
    expiry: String(expirySeconds),
    expiresAtMs: expirySeconds * 1000,
  });

  it('first, repeat, other-body; products are kept apart', () => {
    const guard = createSpliceGuard({ now: () => NOW_MS });
    expect(guard.check('css-live', pair(EXPIRES_S), bytes('a')).verdict).toBe('first');
    expect(guard.check('css-live', pair(EXPIRES_S), bytes('a')).verdict).toBe('repeat');
    expect(guard.check('css-live', pair(EXPIRES_S), bytes('b'))).toMatchObject({ verdict: 'other-body' });
    expect(guard.check('tiw-online', pair(EXPIRES_S), bytes('b')).verdict).toBe('first');
  });

  it('keeps a pair until its expiry plus the margin, then forgets it', () => {
    let now = NOW_MS;
    const guard = createSpliceGuard({ now: () => now, marginMs: 30_000 });
    guard.check('css-live', pair(EXPIRES_S), bytes('a'));
    now = EXPIRES_S * 1000 + 29_999;
    expect(guard.check('css-live', pair(EXPIRES_S), bytes('b')).verdict).toBe('other-body');
    now = EXPIRES_S * 1000 + 30_000;
    expect(guard.size).toBe(1);
    // (The receiver never gets here: the verifier refuses the expired pair first.)
    expect(guard.check('css-live', pair(EXPIRES_S), bytes('b')).verdict).toBe('first');
  });

  it('stays within maxEntries however many pairs it sees', () => {
    const guard = createSpliceGuard({ now: () => NOW_MS, maxEntries: 100 });
    for (let i = 0; i < 5_000; i += 1) guard.check('css-live', pair(EXPIRES_S + i), bytes(String(i)));
    expect(guard.size).toBe(100);
    // The most recent pairs are the ones kept.
    expect(guard.check('css-live', pair(EXPIRES_S + 4_999), bytes('other')).verdict).toBe('other-body');
  });
});
