/** The lifecycle every product shares, once per product: scheduled start, cancel before/while recording, stop by update, scheduled end, maximum duration. */
import type { StartTaskInput, TaskControlInput } from '../../domain/contract';
import { PRODUCTS, activityTaskQueue, type Product } from '../../domain/catalog';
import { statusQuery, stopUpdate } from '../../workflows/messages';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, waitForStatus } from './support/harness';
import { DAY, HOUR, MINUTE, paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(PRODUCTS);
});
afterAll(async () => {
  await h?.teardown();
});
beforeEach(() => {
  h.provider = new FakeProvider();
});

/** css-live's own EndTime lies 12 h after the (scheduled) start; these scenarios end well before it. */
async function start(product: Product, extra: (now: number) => Parameters<Harness['request']>[2]) {
  const now = await h.now();
  const more = extra(now);
  const handle = await h.start(
    h.request(product, paramsFor(product, more?.schedule?.startAtMs ?? now), { collectTimeoutMs: MINUTE, ...more }),
  );
  return { handle, now };
}

describe.each(PRODUCTS)('%s', (product) => {
  test('a scheduled start days ahead waits durably, then starts exactly once at that time', async () => {
    const { handle, now } = await start(product, (n) => ({
      schedule: { startAtMs: n + 4 * DAY, endAtMs: n + 4 * DAY + HOUR },
    }));
    expect((await handle.query(statusQuery)).state).toBe('Scheduled');
    const result = await handle.result();
    expect(result.endReason).toBe('scheduled-end');
    const starts = h.provider.callsOf('startTask');
    expect(starts).toHaveLength(1);
    expect(starts[0]!.atMs).toBeGreaterThanOrEqual(now + 4 * DAY);
    expect(starts[0]!.taskQueue).toBe(activityTaskQueue(product, 'start', h.prefix));
    expect((starts[0]!.input as StartTaskInput).attempt).toBe(0);
    expect(h.provider.count('stopTask')).toBe(1);
    await saveHistory(h, handle, `${product}-scheduled-start`);
  });

  test('cancelling before the start ends with cancelled-before-start and no provider call', async () => {
    const { handle } = await start(product, (n) => ({ schedule: { startAtMs: n + DAY } }));
    await waitForStatus(handle, (s) => s.state === 'Scheduled', 'Scheduled');
    await handle.cancel();
    expect(await handle.result()).toMatchObject({ state: 'Cancelled', endReason: 'cancelled-before-start' });
    expect(h.provider.calls).toHaveLength(0);
  });

  test('stop by update stops the task once and answers after the stop', async () => {
    const { handle } = await start(product, () => ({}));
    const recording = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
    const status = await handle.executeUpdate(stopUpdate, { args: [{ requestedBy: 'test' }] });
    expect(status.stoppedAtMs).toBeDefined();
    expect(status.stopRequest).toMatchObject({ reason: 'stopped-by-request', by: 'test' });
    const result = await handle.result();
    expect(result).toMatchObject({ state: 'Completed', endReason: 'stopped-by-request', taskId: recording.taskId });
    const stops = h.provider.callsOf('stopTask');
    expect(stops.map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([recording.taskId]);
    expect(stops[0]!.taskQueue).toBe(activityTaskQueue(product, 'stop', h.prefix));
    expect(h.provider.count('startTask')).toBe(1);
    await saveHistory(h, handle, `${product}-stop-update`);
  });

  test('cancelling the workflow while recording still stops the task (non-cancellable stop)', async () => {
    const { handle } = await start(product, () => ({}));
    const { taskId } = await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
    await handle.cancel();
    expect(await handle.result()).toMatchObject({ state: 'Cancelled', endReason: 'cancelled', taskId });
    expect(h.provider.callsOf('stopTask').map((c) => (c.input as TaskControlInput).task.taskId)).toEqual([taskId]);
  });

  test('the scheduled end stops the task at that time', async () => {
    const { handle, now } = await start(product, (n) => ({ schedule: { endAtMs: n + 2 * HOUR } }));
    const result = await handle.result();
    expect(result.endReason).toBe('scheduled-end');
    const stops = h.provider.callsOf('stopTask');
    expect(stops).toHaveLength(1);
    expect(stops[0]!.atMs).toBeGreaterThanOrEqual(now + 2 * HOUR);
    expect(stops[0]!.atMs).toBeLessThan(now + 2 * HOUR + MINUTE);
  });

  test('the maximum duration stops the task that long after it started', async () => {
    const { handle } = await start(product, () => ({ schedule: { maxDurationMs: 45 * MINUTE } }));
    const result = await handle.result();
    expect(result.endReason).toBe('max-duration');
    const stopAt = h.provider.callsOf('stopTask')[0]!.atMs;
    expect(stopAt - result.startedAtMs!).toBeGreaterThanOrEqual(45 * MINUTE);
    expect(stopAt - result.startedAtMs!).toBeLessThan(46 * MINUTE);
    expect(h.provider.count('startTask')).toBe(1);
  });
});
