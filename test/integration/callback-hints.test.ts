/**
 * Invariant 7 on the real stack: callbacks are hints, the provider is the truth. A TIW
 * `OnlineRecordStopped` with a valid signature (TIW signs only the expiry time, so a signature
 * taken from another callback passes) but a forged body must not end a recording whose task is
 * still recording: the workflow asks DescribeOnlineRecord, refutes the end and keeps watching.
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
