/**
 * Fleet-aware polling under time-skipping: the describe activity answers with the fleet poll
 * unit of the worker's real fleet estimate (worker/fleet-estimate.ts), fed a fixed fleet count,
 * and a small describe budget makes a fleet of six large. Poll times are read in server time from
 * the fake provider's calls, so nothing depends on how fast the machine is.
 */
import type { TaskObservation } from '../../domain/contract';
import { fleetIntervalMs, fleetPollUnitMs } from '../../domain/poll-budget';
import { providerEventSignal, statusQuery, stopSignal } from '../../workflows/messages';
import { createFleetEstimate } from '../../worker/fleet-estimate';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, waitForStatus, type StartedRecording } from './support/harness';
import { MINUTE, event, paramsFor } from './support/params';

const SECOND = 1_000;

jest.setTimeout(120_000);

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['trtc-cloud']);
});
afterAll(async () => {
  await h?.teardown();
});

/** Describes per second the fleet may use: six recordings are already far over their own schedule's rate. */
const BUDGET = 0.15;
/** The own schedule tops out at one poll a minute, so any longer interval is the fleet's doing. */
const POLL = {
  firstDelayMs: 15 * SECOND,
  minIntervalMs: 15 * SECOND,
  intervalMs: 30 * SECOND,
  quietMaxIntervalMs: MINUTE,
  maxIntervalMs: MINUTE,
};

/** A fake provider whose describe answers carry the unit of a fleet estimate over `fleet` live recordings. */
async function fleetProvider(fleet: number): Promise<FakeProvider> {
  const estimate = createFleetEstimate({
    count: () => Promise.resolve(fleet),
    budgetPerSecond: { 'trtc-cloud': BUDGET },
  });
  await estimate.refresh();
  const provider = new FakeProvider();
  provider.script.describeTask = (): TaskObservation => {
    const unitMs = estimate.pollUnitMs('trtc-cloud');
    return { state: 'recording', files: [], ...(unitMs === undefined ? {} : { fleetPollUnitMs: unitMs }) };
  };
  return provider;
}

interface Watched {
  readonly handle: StartedRecording;
  readonly taskId: string;
}

/** Starts a recording that records until stopped (or until `endInMs`), callback-healthy unless `quiet`. */
async function watched(options: { endInMs?: number; quiet?: boolean } = {}): Promise<Watched> {
  const now = await h.now();
  const handle = await h.start(
    h.request('trtc-cloud', paramsFor('trtc-cloud', now), {
      poll: POLL,
      // No upload callback comes here: collect briefly after the stop.
      collectTimeoutMs: MINUTE,
      ...(options.endInMs === undefined ? {} : { schedule: { endAtMs: now + options.endInMs } }),
    }),
  );
  const status = await waitForStatus(handle, (s) => s.taskId !== undefined, 'a task');
  const taskId = status.taskId ?? '';
  if (!options.quiet) await handle.signal(providerEventSignal, event('trtc-cloud', { kind: 'info', taskId }));
  return { handle, taskId };
}

/** Server times of the describes of `taskId`. */
function pollTimes(taskId: string): number[] {
  return h.provider.calls
    .filter((c) => c.name === 'describeTask' && (c.input as { task: { taskId: string } }).task.taskId === taskId)
    .map((c) => c.atMs);
}

function gaps(times: readonly number[]): number[] {
  return times.slice(1).map((t, i) => t - (times[i] ?? t));
}

async function stopAll(recordings: readonly Watched[]): Promise<void> {
  for (const r of recordings) {
    const status = await r.handle.query(statusQuery);
    if (status.state === 'Recording') await r.handle.signal(stopSignal, { requestedBy: 'test' });
  }
  // One at a time: each result() unlocks the test server's time skipping while it waits, and
  // concurrent unlocks unbalance that lock ("Unbalanced lock and unlock calls"), after which the
  // server skips time past pending tasks (a workflow timed out after ten skipped years in CI).
  for (const r of recordings) await r.handle.result();
}

test('a lone recording polls on its own schedule (at most a minute apart)', async () => {
  h.provider = await fleetProvider(1);
  const solo = await watched();
  await h.env.sleep(12 * MINUTE);
  await stopAll([solo]);
  const times = pollTimes(solo.taskId);
  expect(times.length).toBeGreaterThanOrEqual(8);
  for (const gap of gaps(times)) expect(gap).toBeLessThanOrEqual(MINUTE + SECOND);
});

test('in a fleet of six the interval widens to the budget, and deadline-near recordings are polled first', async () => {
  const FLEET = 6;
  h.provider = await fleetProvider(FLEET);
  const unitMs = fleetPollUnitMs(FLEET, BUDGET);
  // Two recordings end in 2 min: sooner than a healthy recording's next poll in this fleet.
  const urgent: Watched[] = [];
  for (let i = 0; i < 2; i += 1) urgent.push(await watched({ endInMs: 2 * MINUTE }));
  const healthy: Watched[] = [];
  for (let i = 0; i < FLEET - urgent.length; i += 1) healthy.push(await watched());
  await h.env.sleep(6 * MINUTE);
  await stopAll([...urgent, ...healthy]);
  const first = healthy[0];
  if (first !== undefined) await saveHistory(h, first.handle, 'trtc-cloud-fleet-polling');

  // Widening: every healthy recording's polls after the first are a fleet interval apart, well past the own minute.
  const healthyGaps = healthy.flatMap((r) => gaps(pollTimes(r.taskId)));
  expect(healthyGaps.length).toBeGreaterThanOrEqual(healthy.length * 2);
  // Six recordings at weight ≤ 4 within 0.15/s: a healthy one polls every 6 × 4 / 0.15 s = 160 s.
  for (const gap of healthyGaps) expect(gap).toBeGreaterThanOrEqual(160 * SECOND);
  expect(fleetIntervalMs(unitMs, 'healthy')).toBe(160 * SECOND);

  // Priority: each deadline-near recording's second poll comes before any healthy recording's.
  const secondPoll = (r: Watched): number => pollTimes(r.taskId)[1] ?? Number.POSITIVE_INFINITY;
  const firstHealthy = Math.min(...healthy.map(secondPoll));
  for (const r of urgent) expect(secondPoll(r)).toBeLessThan(firstHealthy);
  for (const r of urgent) expect((await r.handle.result()).endReason).toBe('scheduled-end');
});
