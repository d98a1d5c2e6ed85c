/**
 * Admission control across processes: two worker processes (worker/main.ts) with
 * ADMISSION_LIMITS allowing 2 concurrent tasks for one TRTC SdkAppId, and 6 trtc-web recordings
 * of that app submitted one after another (each acquire in before the next) against the
 * emulator. The queued ones show `Queued` with their position (library and HTTP API), start as
 * others end (each ends at its maxDuration) in submission order, and all 6 complete. The emulator's own task start and end times show at most 2 tasks of the app
 * running at any instant (the overlap is computed from them, not sampled). Bounded: 4 minutes.
 */
import { SCENARIOS } from '../../scripts/scenarios';
import { startTestStack, type ChildWorker, type TestStack } from '../support/stack';
import { until } from '../support/wait';

const LIMIT = 2;
const COUNT = 6;
const SEQ = 7_100;
const APP = SCENARIOS['trtc-web'].identity(SEQ).sdkAppId ?? 0;

let t: TestStack;
let workers: ChildWorker[] = [];
beforeAll(async () => {
  t = await startTestStack({ worker: false });
  const env = { ADMISSION_LIMITS: `trtc:${APP}=${LIMIT}`, ADMISSION_CHECK_INTERVAL: '5s' };
  workers = await Promise.all([t.spawnWorker(env), t.spawnWorker(env)]);
}, 180_000);
afterAll(async () => {
  // Workers drain first (in-flight activities finish), then the stack closes its connections.
  for (const worker of workers) await worker.stop();
  await t?.stop();
}, 90_000);

/** The most tasks running at one instant, from [createdAt, endedAt) intervals (a task still running ends at `now`). */
export function maxOverlap(intervals: readonly { start: number; end: number }[]): number {
  const edges = intervals.flatMap((i) => [
    { at: i.start, delta: 1 },
    { at: i.end, delta: -1 },
  ]);
  // At one instant an end comes before a start: [a, b) then [b, c) do not overlap.
  edges.sort((x, y) => x.at - y.at || x.delta - y.delta);
  let running = 0;
  let max = 0;
  for (const e of edges) {
    running += e.delta;
    max = Math.max(max, running);
  }
  return max;
}

test('max overlap of [start, end) intervals', () => {
  expect(maxOverlap([])).toBe(0);
  expect(
    maxOverlap([
      { start: 0, end: 10 },
      { start: 10, end: 20 },
    ]),
  ).toBe(1);
  expect(
    maxOverlap([
      { start: 0, end: 10 },
      { start: 5, end: 20 },
      { start: 6, end: 7 },
    ]),
  ).toBe(3);
});

test(`limit ${LIMIT} for one SdkAppId, ${COUNT} trtc-web recordings over two workers: queued in order, never more than ${LIMIT} tasks, all complete`, async () => {
  const { recordings } = t.stack.client;
  const runId = `it-adm-${Date.now().toString(36)}`;
  const ids = Array.from({ length: COUNT }, (_, i) => `${runId}-${i}`);
  const context = (): string => [...t.logs, ...workers.flatMap((w) => w.output)].slice(-40).join('\n');
  const started = Date.now();
  // Each acquire reaches the semaphore before the next recording is submitted, so the FIFO
  // order is the submission order (two workers would otherwise race their acquires).
  for (const recordId of ids) {
    await recordings.startRecording({
      ...SCENARIOS['trtc-web'].spec(recordId, SEQ, Date.now(), {}),
      maxDurationMs: 6_000,
    });
    await until(
      `${recordId} acquired`,
      () => recordings.status(recordId),
      (s) => s.queue?.queuedAt !== undefined || s.queue?.admittedAt !== undefined,
      { timeoutMs: 60_000, context },
    );
  }

  // The last one waits behind the others: Queued, with its position, in the library and over HTTP.
  const last = ids[COUNT - 1] ?? '';
  const queued = await recordings.status(last);
  expect(queued.state).toBe('Queued');
  expect(queued.queue).toMatchObject({ quotaKey: `trtc:${APP}`, limit: LIMIT, position: COUNT - LIMIT });
  expect(queued.startCalls).toBe(0);
  const response = await fetch(`${t.stack.gateway.url}/v1/recordings/${last}`, {
    headers: { authorization: `Bearer ${t.stack.gateway.localToken}` },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { state: string; queue?: { position?: number } };
  // Still Queued: four recordings are ahead of it, and each holds its slot for its 6 s plus the
  // emulator's 30 s web file commit, so it cannot have started a moment later.
  expect(body.state).toBe('Queued');
  expect(body.queue?.position).toBe(COUNT - LIMIT);

  const results = await Promise.all(ids.map((id) => recordings.result(id, { wait: true })));
  const elapsedMs = Date.now() - started;
  expect(results.map((r) => [r?.state, r?.endReason])).toEqual(ids.map(() => ['Completed', 'max-duration']));
  expect(results.map((r) => r?.attempts)).toEqual(ids.map(() => 1));

  const tasks = t.emulator.control.tasks({ product: 'trtc-web', identity: { sdkAppId: APP } });
  expect(tasks).toHaveLength(COUNT);
  expect(tasks.every((task) => !task.running)).toBe(true);
  const overlap = maxOverlap(tasks.map((task) => ({ start: task.createdAt, end: task.endedAt ?? Date.now() })));
  expect(overlap).toBe(LIMIT);
  // FIFO: the provider saw the tasks created in submission order.
  const createdAt = (taskId: string | undefined) => tasks.find((task) => task.taskId === taskId)?.createdAt ?? NaN;
  const order = results.map((r) => createdAt(r?.taskId));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  // Queued starts began as others ended: the tasks came in waves, not all at once.
  const starts = tasks.map((task) => task.createdAt).sort((a, b) => a - b);
  const firstEnd = Math.min(...tasks.map((task) => task.endedAt ?? Infinity));
  expect(starts.filter((at) => at < firstEnd)).toHaveLength(LIMIT);
  console.info(`admission: ${COUNT} recordings, limit ${LIMIT}, max overlap ${overlap}, ${elapsedMs} ms`);
}, 240_000);
