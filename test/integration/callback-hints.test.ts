/**
 * Invariant 7 on the real stack: callbacks are hints, the provider is the truth. A TIW
 * `OnlineRecordStopped` with a valid signature (TIW signs only the expiry time, so a signature
 * taken from another callback passes) but a forged body must not end a recording whose task is
 * still recording: the workflow asks DescribeOnlineRecord, refutes the end and keeps watching.
 * And a CSS file callback (also signed over its expiry only) cannot add a file outside the
 * recording's storage to its result.
 */
import { createHash } from 'node:crypto';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

test('a forged TIW end callback is refuted by DescribeOnlineRecord: the recording goes on and stops normally', async () => {
  const seq = 71;
  const scenario = SCENARIOS['tiw-online'];
  const identity = scenario.identity(seq);
  const recordId = `it-forged-end-${Date.now().toString(36)}`;
  scenario.setUp(t.emulator.control, seq);
  const { recordings } = t.stack.client;
  const spec = scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 1_000 });
  await recordings.startRecording(spec);
  await waitForState(recordings, recordId, 'Recording', 45_000);
  const status = await recordings.status(recordId);

  const key = t.stack.config.callbackKeys.tiw?.reveal() ?? '';
  const expireTime = Math.floor(Date.now() / 1000) + 300;
  const forged = {
    EventData: {
      TaskId: status.taskId,
      RoomId: Number(spec.params['RoomId']),
      RecordUserId: status.identity?.recordUserId,
    },
    EventType: 'OnlineRecordStopped',
    ExpireTime: expireTime,
    SdkAppId: spec.params['SdkAppId'],
    Sign: createHash('md5').update(`${key}${expireTime}`).digest('hex'),
    Timestamp: expireTime - 300,
  };
  const answer = await fetch(`${t.stack.gateway.url}/callbacks/tiw-online`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(forged),
  });
  expect(answer.status).toBe(200);

  const deadline = Date.now() + 30_000;
  let after = await recordings.status(recordId);
  while (!after.warnings.some((w) => w.code === 'end-not-confirmed') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    after = await recordings.status(recordId);
  }
  expect(after.warnings.map((w) => w.code)).toContain('end-not-confirmed');
  expect(after.state).toBe('Recording');
  expect(t.emulator.control.tasks({ product: 'tiw-online', identity, running: true }).map((x) => x.taskId)).toEqual([
    status.taskId,
  ]);

  await recordings.stop(recordId, { wait: true });
  expect(await recordings.result(recordId, { wait: true })).toMatchObject({
    state: 'Completed',
    endReason: 'stopped-by-request',
  });
  expect(t.callsOf('StopOnlineRecord', identity)).toHaveLength(1);
  expect(t.emulator.control.tasks({ product: 'tiw-online', identity, running: true })).toEqual([]);
}, 120_000);

test('a CSS file callback with a URL outside VOD is refused with a warning naming its host; the genuine files are kept', async () => {
  const seq = 72;
  const scenario = SCENARIOS['css-live'];
  const identity = scenario.identity(seq);
  const recordId = `it-forged-file-${Date.now().toString(36)}`;
  scenario.setUp(t.emulator.control, seq);
  const { recordings } = t.stack.client;
  // Long enough for the provider's retry (1 min apart) of a genuine callback that shared its
  // second, and so its pair, with another (client/README.md "What the signatures prove").
  const spec = scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 90_000 });
  await recordings.startRecording(spec);
  await waitForState(recordings, recordId, 'Recording', 45_000);

  // A body of the attacker's own under a fresh (t, sign) pair: it passes the signature and the
  // one-body-per-pair guard; only the storage check stands between its URL and the result.
  const key = t.stack.config.callbackKeys.css?.reveal() ?? '';
  const expiry = Math.floor(Date.now() / 1000) + 300;
  const forged = {
    event_type: 100,
    stream_id: spec.params['StreamName'],
    file_id: '5285890799999999',
    record_file_id: '5285890799999999',
    file_format: 'flv',
    video_url: 'https://attacker.example/stolen/f0.flv?token=abc',
    t: expiry,
    sign: createHash('md5').update(`${key}${expiry}`).digest('hex'),
  };
  const answer = await fetch(`${t.stack.gateway.url}/callbacks/css-live`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(forged),
  });
  expect(answer.status).toBe(200);
  const deadline = Date.now() + 30_000;
  let after = await recordings.status(recordId);
  while (!after.warnings.some((w) => w.code === 'file-refused') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    after = await recordings.status(recordId);
  }
  expect(after.warnings.find((w) => w.code === 'file-refused')?.detail).toMatch(/^attacker\.example: /);
  expect(after.files).toEqual([]);

  await recordings.stop(recordId, { wait: true });
  const result = await recordings.result(recordId, { wait: true });
  expect(result?.files.length).toBeGreaterThan(0);
  for (const file of result?.files ?? []) expect(file.url).toMatch(/^https?:\/\/\d+\.vod2\.myqcloud\.com\//);
  expect(result?.files.map((f) => f.name)).not.toContain('5285890799999999');
  expect(JSON.stringify(result?.warnings)).not.toMatch(/stolen|token=abc/);
  expect(t.emulator.control.tasks({ product: 'css-live', identity, running: true })).toEqual([]);
}, 180_000);
