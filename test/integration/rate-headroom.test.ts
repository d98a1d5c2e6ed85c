/**
 * Invariant 6 with margin, on separately run processes: two worker processes with the default
 * RATE_LIMIT_HEADROOM, and 100 trtc-web recordings starting at one instant against the emulator
 * with its documented limits on (StartWebRecord, StopWebRecord: 20/s in a sliding second). The
 * emulator answers no RequestLimitExceeded at all, neither worker counts a throttle, and every
 * recording reaches Recording with exactly one task. Bounded: 5 minutes for the burst.
 */
import { runRateBurst } from '../../scripts/rate-burst';
import { startTestStack, type ChildWorker, type TestStack } from '../support/stack';

const COUNT = 100;

let t: TestStack;
let workers: ChildWorker[] = [];
beforeAll(async () => {
  // Room for the whole burst at once: the concurrency limit is not what this test measures.
  t = await startTestStack({ worker: false, emulator: { limits: { webConcurrentTasks: 1_000 } } });
  workers = [await t.spawnWorker(), await t.spawnWorker()];
}, 180_000);
afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await t?.stop();
}, 90_000);

test(`two workers, ${COUNT} trtc-web starts at one instant: 0 RequestLimitExceeded, every recording Recording`, async () => {
  const result = await runRateBurst(t.stack.client.recordings, t.emulator, {
    product: 'trtc-web',
    count: COUNT,
    runId: `it-rate-${Date.now().toString(36)}`,
    seqBase: 5_000,
    // All scheduled for one instant: the creates reach the queue together, after a quiet spell
    // that filled every partition's burst (the case that throttled at exactly the limit).
    startTogetherAfterMs: 40_000,
    recordingTimeoutMs: 150_000,
    stopTimeoutMs: 60_000,
  });
  expect({ throttled: result.throttledByAction, notRecording: result.notRecording }).toEqual({
    throttled: {},
    notRecording: {},
  });
  expect(result.reachedRecording).toBe(COUNT);
  // One create per recording: nothing refused, nothing repeated.
  expect([result.createCalls, result.createsAccepted]).toEqual([COUNT, COUNT]);
  expect(result.peakCreatesInOneSecond).toBeLessThanOrEqual(result.createLimitPerSecond);
  expect(result.leftRunning).toBe(0);
  const counted = await Promise.all(workers.map((worker) => worker.throttles()));
  expect(counted.map((c) => c.total)).toEqual([0, 0]);
}, 300_000);
