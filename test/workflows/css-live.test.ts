/** css-live specifics: the provider's own EndTime / highlight cap, an ambiguous create (no blind retry), files by callback. */
import { ApplicationFailure } from '@temporalio/common';
import type { TaskControlInput } from '../../domain/contract';
import { epochMsToChinaStandardTime } from '../../domain/china-time';
import { providerEventSignal, stopUpdate } from '../../workflows/messages';
import { RecordingKeysKey } from '../../domain/search-attributes';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, waitForStatus } from './support/harness';
import { HOUR, MINUTE, event, paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['css-live']);
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

test('the stop names the stream and TaskId; the first file callback completes the collection', async () => {
  const now = await h.now();
  const handle = await h.start(h.request('css-live', paramsFor('css-live', now)));
  const { taskId } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  expect((await handle.describe()).typedSearchAttributes.get(RecordingKeysKey)).toEqual(
    expect.arrayContaining(['stream:stream-3560', `task:${taskId}`]),
  );
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(
    providerEventSignal,
    event('css-live', {
      kind: 'files',
      streamName: 'stream-3560',
      files: [{ name: 'rec-1', fileId: '387702', url: 'http://1250000000.vod2.myqcloud.com/x/387702/f0.flv' }],
    }),
  );
  const result = await handle.result();
  expect(result).toMatchObject({ endReason: 'stopped-by-request', files: [{ name: 'rec-1', fileId: '387702' }] });
  expect(result.warnings).toEqual([]);
  const stop = h.provider.callsOf('stopTask')[0]!.input as TaskControlInput;
  expect(stop.task).toMatchObject({ taskId, streamName: 'stream-3560' });
  expect(h.provider.count('describeTask')).toBe(0); // no describe API: never polled
  await saveHistory(h, handle, 'css-live-stop-files');
});

test('the provider ends a scheduled task at its EndTime by itself: scheduled-end with no stop call', async () => {
  const now = await h.now();
  const handle = await h.start(
    h.request('css-live', paramsFor('css-live', now, { EndTime: epochMsToChinaStandardTime(now + 3 * HOUR) }), {
      collectTimeoutMs: MINUTE,
    }),
  );
  const result = await handle.result();
  expect(result).toMatchObject({ endReason: 'scheduled-end', providerEnd: { source: 'bound' } });
  expect(result.endedAtMs).toBeGreaterThanOrEqual(now + 3 * HOUR - 1_000);
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'css-live-endtime');
});

test('a highlight recording ends by itself within 30 minutes (provider-max-duration)', async () => {
  const now = await h.now();
  const handle = await h.start(h.request('css-live', { StreamName: 'hl', Highlight: 1 }, { collectTimeoutMs: MINUTE }));
  const result = await handle.result();
  expect(result).toMatchObject({
    endReason: 'provider-max-duration',
    providerEnd: { cause: 'max-duration', source: 'bound' },
  });
  expect(result.providerEnd!.atMs - now).toBeLessThanOrEqual(30 * MINUTE + 1_000);
  expect(h.provider.count('stopTask')).toBe(0);
});

test('a start attempt that fails (worker lost, time-out) is never re-sent by the retry policy: one create, then ambiguity', async () => {
  const now = await h.now();
  h.provider.script.startTask = () => {
    throw ApplicationFailure.retryable('the worker running the create was lost', 'WorkerLost');
  };
  const handle = await h.start(h.request('css-live', paramsFor('css-live', now), { lostTaskWaitMs: MINUTE }));
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'start-uncertain'), 'start-uncertain');
  await h.env.sleep(2 * MINUTE); // no TaskId arrives within lostTaskWaitMs
  const status = await waitForStatus(
    handle,
    (s) => s.state === 'Recording' && s.warnings.some((w) => w.code === 'start-uncertain'),
    'Recording without a TaskId after an ambiguous create',
  );
  expect(status.taskId).toBeUndefined();
  expect(h.provider.count('startTask')).toBe(1);
  expect((await handle.executeUpdate(stopUpdate, { args: [{}] })).state).toBe('Detached');
  expect(h.provider.count('startTask')).toBe(1);
});

test('a refusal the provider answered (throttle) is called again after its delay: one task, no ambiguity', async () => {
  const now = await h.now();
  h.provider.script.startTask = (_input, n) =>
    n === 1 ? { kind: 'retry-later', code: 'RequestLimitExceeded', retryAfterMs: 1_500 } : undefined;
  const handle = await h.start(h.request('css-live', paramsFor('css-live', now)));
  const status = await waitForStatus(handle, (s) => s.state === 'Recording' && s.taskId !== undefined, 'Recording');
  const starts = h.provider.callsOf('startTask');
  expect(starts).toHaveLength(2);
  expect(starts[1]!.atMs - starts[0]!.atMs).toBeGreaterThanOrEqual(1_500);
  expect(status.warnings).toEqual([]);
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(
    providerEventSignal,
    event('css-live', { kind: 'files', streamName: 'stream-3560', files: [{ name: 'rec-1' }] }),
  );
  // Two start calls, one task: the refused call created nothing.
  expect(await handle.result()).toMatchObject({ state: 'Completed', endReason: 'stopped-by-request', attempts: 2 });
  expect(h.provider.count('stopTask')).toBe(1);
  await saveHistory(h, handle, 'css-live-start-throttled');
});

test('throttles in a row never exhaust the start calls: their waits double, and the recording starts', async () => {
  const now = await h.now();
  // More throttles than maxStartCalls (5): a throttle is "not now", never a reason to fail.
  h.provider.script.startTask = (_input, n) =>
    n <= 6 ? { kind: 'retry-later', code: 'RequestLimitExceeded', retryAfterMs: 1_000, throttled: true } : undefined;
  const handle = await h.start(h.request('css-live', paramsFor('css-live', now)));
  await h.env.sleep(2 * MINUTE); // the waits: 1 + 2 + 4 + 8 + 16 + 32 s
  const status = await waitForStatus(handle, (s) => s.state === 'Recording' && s.taskId !== undefined, 'Recording');
  const starts = h.provider.callsOf('startTask');
  expect(starts).toHaveLength(7);
  const gaps = starts.slice(1).map((call, i) => call.atMs - starts[i]!.atMs);
  [1_000, 2_000, 4_000, 8_000, 16_000, 32_000].forEach((wait, i) => expect(gaps[i]).toBeGreaterThanOrEqual(wait));
  expect(status.warnings).toEqual([]);
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(
    providerEventSignal,
    event('css-live', { kind: 'files', streamName: 'stream-3560', files: [{ name: 'rec-1' }] }),
  );
  expect(await handle.result()).toMatchObject({ state: 'Completed', endReason: 'stopped-by-request', attempts: 7 });
  await saveHistory(h, handle, 'css-live-start-throttled-long');
});

test('an ambiguous create is not retried: a stop request then detaches with the reason, no provider stop', async () => {
  const now = await h.now();
  h.provider.script.startTask = () => ({
    kind: 'ambiguous',
    identity: {},
    reason: 'RequestTimeout: no answer after 10 s',
  });
  const handle = await h.start(h.request('css-live', paramsFor('css-live', now), { lostTaskWaitMs: MINUTE }));
  await waitForStatus(handle, (s) => s.warnings.some((w) => w.code === 'start-uncertain'), 'start-uncertain');
  await handle.signal(
    providerEventSignal,
    event('css-live', { kind: 'files', streamName: 'stream-3560', files: [{ name: 'maybe-ours' }] }),
  );
  await h.env.sleep(2 * MINUTE); // no TaskId arrives within lostTaskWaitMs
  const status = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording without a TaskId');
  expect(status.taskId).toBeUndefined();
  const stopped = await handle.executeUpdate(stopUpdate, { args: [{}] });
  expect(stopped.state).toBe('Detached');
  const result = await handle.result();
  expect(result).toMatchObject({ state: 'Detached', endReason: 'detached', files: [{ name: 'maybe-ours' }] });
  expect(result.detachedReason).toMatch(/cannot be stopped early/);
  expect(h.provider.count('startTask')).toBe(1);
  expect(h.provider.count('stopTask')).toBe(0);
  await saveHistory(h, handle, 'css-live-ambiguous');
});

test('a file callback whose URL is not in VOD (a splice) is refused with a warning naming its host; the real one is kept', async () => {
  const now = await h.now();
  const handle = await h.start(h.request('css-live', paramsFor('css-live', now)));
  await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  const file = (name: string, url: string) =>
    event('css-live', { kind: 'files', streamName: 'stream-3560', files: [{ name, fileId: name, url }] });
  await handle.signal(providerEventSignal, file('forged', 'https://attacker.example/steal.flv?sig=abc'));
  await handle.signal(
    providerEventSignal,
    file('lookalike', 'http://1250000000.vod2.myqcloud.com.attacker.example/x/f0.flv'),
  );
  await waitForStatus(handle, (s) => s.warnings.filter((w) => w.code === 'file-refused').length === 2, 'refused');
  await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(providerEventSignal, file('genuine', 'http://1250000000.vod2.myqcloud.com/x/genuine/f0.flv'));
  const result = await handle.result();
  expect(result.files.map((f) => f.name)).toEqual(['genuine']);
  expect(result.warnings).toMatchObject([
    { code: 'file-refused', detail: expect.stringMatching(/^attacker\.example: /) as unknown },
    {
      code: 'file-refused',
      detail: expect.stringMatching(/^1250000000\.vod2\.myqcloud\.com\.attacker\.example: /) as unknown,
    },
  ]);
  expect(JSON.stringify(result.warnings)).not.toMatch(/steal|sig=abc/);
  await saveHistory(h, handle, 'css-live-file-refused');
});
