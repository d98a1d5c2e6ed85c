/**
 * Rate limits under bounded loopback load: at 3x the documented 20 req/s the excess gets
 * RequestLimitExceeded, the admitted calls stay within the limit, and nothing else breaks.
 * Bounded: 120 flood calls over 2 s plus a trickle of others; timings are logged, not asserted.
 */
import { type RunningEmulator } from '../../emulator/index';
import { RateLimiter, DOCUMENTED_RATE_LIMITS } from '../../emulator/http/rate-limit';
import { sdkClients, startTestEmulator, type SdkClients } from '../support/emulator';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('rate limiter (unit)', () => {
  test('documented limits: 20/s by default, CreateLiveRecord 500, Stop/DeleteLiveRecord 200, sliding one-second window', () => {
    let now = 0;
    const limiter = new RateLimiter(
      { enabled: true, defaultPerSecond: 20, perAction: DOCUMENTED_RATE_LIMITS, windowMs: 1000 },
      () => now,
    );
    expect(limiter.limitFor('trtc', 'CreateCloudRecording')).toBe(20);
    expect(limiter.limitFor('live', 'CreateLiveRecord')).toBe(500);
    expect(limiter.limitFor('live', 'StopLiveRecord')).toBe(200);
    expect(limiter.limitFor('live', 'DeleteLiveRecord')).toBe(200);
    const admitted = (n: number): number =>
      Array.from({ length: n }, () => limiter.admit('trtc', 'StartWebRecord')).filter((r) => r.ok).length;
    expect(admitted(60)).toBe(20);
    now = 999;
    expect(admitted(5)).toBe(0);
    now = 1000;
    expect(admitted(60)).toBe(20);
    expect(limiter.admit('trtc', 'StopWebRecord')).toEqual({ ok: true }); // a separate budget per action
  });

  test('a window passes when either clock moves on: simulated polls minutes apart are not refused', () => {
    let wall = 0;
    let emulated = 0;
    const limiter = new RateLimiter(
      { enabled: true, defaultPerSecond: 20, perAction: {}, windowMs: 1000 },
      () => wall,
      () => emulated,
    );
    for (let i = 0; i < 100; i += 1) {
      emulated += 15 * 60_000; // a poll every 15 simulated minutes, replayed within one real millisecond
      expect(limiter.admit('trtc', 'DescribeCloudRecording')).toEqual({ ok: true });
    }
    const burst = Array.from({ length: 30 }, () => limiter.admit('trtc', 'DescribeCloudRecording'));
    // The last poll already counts in this emulated second: 19 more, then a frozen test clock does not lift the limit.
    expect(burst.filter((r) => r.ok)).toHaveLength(19);
    wall = 1000;
    expect(limiter.admit('trtc', 'DescribeCloudRecording')).toEqual({ ok: true });
  });
});

describe('rate limiter under load (loopback, bounded)', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator();
    sdk = sdkClients(emu);
  });
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });

  test('at 3x the limit the excess is refused with RequestLimitExceeded and nothing else breaks', async () => {
    const { TaskId } = await sdk.trtc.StartWebRecord({
      RecordUrl: 'https://example.com',
      SdkAppId: 1400000001,
      StorageParams: { CloudVod: {} },
      RecordId: 'load',
    });
    const limit = 20;
    const durationMs = 2_000;
    const total = (3 * limit * durationMs) / 1000;
    const started = performance.now();
    const flood: Promise<string>[] = [];
    const others: Promise<string>[] = [];
    for (let i = 0; i < total; i += 1) {
      flood.push(
        sdk.trtc.DescribeWebRecord({ TaskId }).then(
          () => 'ok',
          (e: { code?: string; message: string }) => e.code ?? `transport: ${e.message}`,
        ),
      );
      if (i % 12 === 0) {
        others.push(
          sdk.trtc.StopWebRecord({ TaskId: 'unknown' }).then(
            () => 'ok',
            (e: { code?: string; message: string }) => e.code ?? `transport: ${e.message}`,
          ),
        );
      }
      await sleep(durationMs / total);
    }
    const outcomes = await Promise.all(flood);
    const otherOutcomes = await Promise.all(others);
    const elapsed = performance.now() - started;

    const counts = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
    expect(Object.keys(counts).sort()).toEqual(['RequestLimitExceeded', 'ok']);
    const windows = Math.ceil(elapsed / 1000);
    expect(counts.ok).toBeGreaterThanOrEqual(limit);
    expect(counts.ok).toBeLessThanOrEqual(limit * windows);
    expect(counts.RequestLimitExceeded).toBeGreaterThanOrEqual(total - limit * windows);

    // Server side: no one-second span admitted more than the limit.
    const admitted = emu.control
      .calls({ action: 'DescribeWebRecord' })
      .filter((c) => c.outcome === 'ok')
      .map((c) => c.wallAt);
    for (const t of admitted) expect(admitted.filter((u) => u >= t && u < t + 990).length).toBeLessThanOrEqual(limit);

    // Other actions keep their own budget and answer normally; the task and the control API are intact.
    expect(new Set(otherOutcomes)).toEqual(new Set(['FailedOperation.TaskNotExist']));
    expect(emu.control.runningTasks('trtc-web')).toHaveLength(1);
    await sleep(1_000);
    await expect(sdk.trtc.DescribeWebRecord({ TaskId })).resolves.toMatchObject({ Status: 1 });
    console.info(
      `load: ${total} calls at ${3 * limit}/s over ${elapsed.toFixed(0)} ms → ${counts.ok} admitted, ${counts.RequestLimitExceeded} RequestLimitExceeded`,
    );
  }, 15_000);
});
