/**
 * A long recording that continues-as-new many times while callbacks and updates keep arriving
 * (bursts large enough to cross the history threshold mid-burst, so some land during a
 * hand-over): no signal lost, duplicates still deduped, state (start time, bounds, layout,
 * files) carried, one task created and one stopped.
 *
 * On a real dev server, not the time-skipping one: the Java test server hung now and then near
 * a continue-as-new (in `env.sleep`, a query or `result()`, logging "Unbalanced lock and unlock
 * calls" of its time lock), and hand-overs need no skipped time, only history length.
 */
import type { ModifyTaskInput } from '../../domain/contract';
import { modifyUpdate, providerEventSignal, statusQuery, stopUpdate } from '../../workflows/messages';
import type { RecordingStatus } from '../../workflows/types';
import { until } from '../support/wait';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory } from './support/harness';
import { DAY, HOUR, event, paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['trtc-cloud'], { server: 'dev' });
}, 120_000);
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

test('many continue-as-new hand-overs lose no signal and carry the state', async () => {
  const now = await h.now();
  // ResourceExpiredHour 240 and far bounds: nothing but the test's stop ends it.
  const request = h.request('trtc-cloud', paramsFor('trtc-cloud', now, { ResourceExpiredHour: 240 }), {
    schedule: { endAtMs: now + 10 * DAY, maxDurationMs: 6.5 * DAY },
    // Polls far apart: the history grows by the signals alone, the same on a fast or a slow machine.
    poll: {
      firstDelayMs: 3 * HOUR,
      minIntervalMs: 3 * HOUR,
      intervalMs: 3 * HOUR,
      quietMaxIntervalMs: 3 * HOUR,
      maxIntervalMs: 3 * HOUR,
    },
    historyLengthThreshold: 60,
    collectTimeoutMs: HOUR,
  });
  const handle = await h.start(request);
  const recording = await until(
    'Recording',
    () => handle.query(statusQuery),
    (s) => s.state === 'Recording',
  );
  const { taskId, startedAtMs } = recording;
  const runIds = new Set<string>();
  const sent: string[] = [];
  let previousEventId: string | undefined;
  let status: RecordingStatus | undefined;
  const layout = { MixLayoutMode: 4, MixLayoutList: [{ UserId: 'bob' }] };

  // Until three hand-overs happened (how many events a burst makes depends on how the server
  // batches signals into workflow tasks), at least 4 bursts, at most 40.
  for (let burst = 0; burst < 4 || ((status?.runIndex ?? 0) < 3 && burst < 40); burst += 1) {
    // A burst of callbacks (one re-delivered from the burst before) while the workflow hands over.
    for (let i = 0; i < 6; i += 1) {
      const name = `burst${burst}-file${i}`;
      const e = event('trtc-cloud', { kind: 'files', taskId, files: [{ name }] });
      await handle.signal(providerEventSignal, e);
      sent.push(name);
      if (i === 2 && previousEventId !== undefined)
        await handle.signal(providerEventSignal, { ...e, eventId: previousEventId, files: [{ name: 'duplicate' }] });
      if (i === 5) previousEventId = e.eventId;
    }
    if (burst === 2) await handle.executeUpdate(modifyUpdate, { args: [{ MixLayoutParams: layout }] });
    runIds.add((await handle.describe()).runId);
    status = await until(
      `the files of burst ${burst}`,
      () => handle.query(statusQuery),
      (s) => s.files.length === sent.length,
    );
    expect(status.files.map((f) => f.name)).toEqual(sent);
  }
  expect(status!.runIndex).toBeGreaterThanOrEqual(3);
  expect(status!.startedAtMs).toBe(startedAtMs);
  // The bounds count from the first run's start, whatever run holds them now.
  expect(status!.maxDurationMs).toBe(6.5 * DAY);
  expect(status!.endAtMs).toBe(now + 10 * DAY);
  expect(status!.desired).toMatchObject({ MixLayoutParams: layout });
  expect(status!.callbackCount).toBe(sent.length);
  expect(runIds.size).toBeGreaterThanOrEqual(3);

  await handle.executeUpdate(stopUpdate, { args: [{ requestedBy: 'test' }] });
  // The upload report ends the collection at once (its time-out is real time here).
  await handle.signal(providerEventSignal, event('trtc-cloud', { kind: 'upload-complete', taskId }));
  const result = await handle.result();
  expect(result.endReason).toBe('stopped-by-request');
  expect(result.files.map((f) => f.name)).toEqual(sent);
  expect(result.files.map((f) => f.name)).not.toContain('duplicate');
  expect(h.provider.count('stopTask')).toBe(1);
  expect(h.provider.count('startTask')).toBe(1);
  expect(h.provider.callsOf('modifyTask').map((c) => (c.input as ModifyTaskInput).changes)).toEqual([
    { MixLayoutParams: layout, SubscribeStreamUserIds: { SubscribeAudioUserIds: ['alice'] } },
  ]);
  await saveHistory(h, handle, 'trtc-cloud-continue-as-new-bursts');
}, 300_000);
