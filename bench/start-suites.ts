/**
 * Suites `start-burst`, `start-overhead` and `stop-latency`: trtc-cloud starts and stops through
 * the library (client/) on the local stack with worker processes, side by side with the official
 * SDK calling the same emulator directly. Times of arrival at the provider are the emulator's
 * call records (`wallAt`); nothing else calls it. Every wait is bounded. Never pass/fail on time.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { SCENARIOS } from '../scripts/scenarios';
import { startStages, stageEvents, type StartStages } from './history-stages';
import { quotaFraction } from './quota';
import { startBenchStack, type BenchStack } from './start-stack';
import { percentile } from './stats';

const scenario = SCENARIOS['trtc-cloud'];
const CREATE = 'CreateCloudRecording';
const DELETE = 'DeleteCloudRecording';
const QUOTA_PER_SECOND = 20;
/** No status polls during the suites: only the start and stop paths are measured. */
const NO_POLLS = { poll: { firstDelayMs: 3_600_000, intervalMs: 3_600_000 } };

export interface StackVariant {
  readonly name: 'default' | 'wal';
  readonly sqlitePragmas?: Readonly<Record<string, string>>;
}

type CallRecord = ReturnType<BenchStack['emulator']['control']['calls']>[number];

const sdkAppIdOf = (seq: number): number => Number(scenario.identity(seq)['sdkAppId']);

function callsOf(b: BenchStack, action: string, since: number): CallRecord[] {
  return b.emulator.control.calls({ service: 'trtc' }).filter((c) => c.action === action && c.wallAt >= since);
}

function firstCallFor(b: BenchStack, action: string, seq: number, since: number): CallRecord | undefined {
  const appId = sdkAppIdOf(seq);
  return callsOf(b, action, since).find((c) => Number(c.identity['sdkAppId']) === appId);
}

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 2,
): Promise<T | undefined> {
  const by = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > by) return value;
    await delay(everyMs);
  }
}

/** The direct reference: the same create the activity sends, by the official SDK. */
async function directCreate(b: BenchStack, seq: number): Promise<string> {
  const spec = scenario.spec(`direct-${seq}`, seq, Date.now(), {}) as { params: Record<string, unknown> };
  const answer = await b.sdk.CreateCloudRecording({
    ...(spec.params as object),
    UserId: `bench_recorder_${seq}`,
  } as Parameters<BenchStack['sdk']['CreateCloudRecording']>[0]);
  return answer.TaskId ?? '';
}

async function directDelete(b: BenchStack, seq: number, taskId: string): Promise<void> {
  await b.sdk.DeleteCloudRecording({ SdkAppId: sdkAppIdOf(seq), TaskId: taskId }).catch(() => undefined);
}

const ms = (values: readonly number[]) => ({
  n: values.length,
  p50: Math.round(percentile(values, 50)),
  p99: Math.round(percentile(values, 99)),
});

function throttled(b: BenchStack, since: number): number {
  return b.emulator.control
    .calls({ service: 'trtc' })
    .filter((c) => c.wallAt >= since && c.outcome.startsWith('RequestLimitExceeded')).length;
}

/**
 * One listing of the running trtc-cloud tasks per probe, matched by SdkAppId (the scenario's whole
 * identity): a listing per recording cost O(count²) and, at 2,000, kept this process (which hosts
 * the emulator) at a full core while the burst was still creating.
 */
function runningTasks(b: BenchStack, seqs: readonly number[]): number {
  const running = new Set(
    b.emulator.control.tasks({ product: 'trtc-cloud', running: true }).map((t) => Number(t.identity['sdkAppId'])),
  );
  return seqs.filter((seq) => running.has(sdkAppIdOf(seq))).length;
}

/* ---------------------------------------------------------------- start-burst */

export interface BurstRow {
  readonly variant: StackVariant['name'];
  readonly count: number;
  readonly library: {
    readonly createsAccepted: number;
    readonly createRateOfQuota: number;
    readonly selfCausedThrottles: number;
    readonly allRecording: number;
    readonly toAllRecordingS: number;
    readonly submitS: number;
    readonly devServerCpuSPerStart: number;
    readonly workerCpuSPerStart: number;
  };
  readonly direct: { readonly count: number; readonly createRateOfQuota: number; readonly selfCausedThrottles: number };
}

export async function benchStartBurst(
  count: number,
  variants: readonly StackVariant[],
  timeoutMs: number,
): Promise<BurstRow[]> {
  const rows: BurstRow[] = [];
  for (const variant of variants) {
    const b = await startBenchStack({
      workers: 2,
      ...(variant.sqlitePragmas ? { sqlitePragmas: variant.sqlitePragmas } : {}),
    });
    try {
      const seqs = Array.from({ length: count }, (_, i) => 1_000 + i);
      for (const seq of seqs) scenario.setUp(b.emulator.control, seq);
      await delay(1_500); // a full rate bucket for both loops alike
      const cpu0 = b.cpu();
      const begin = Date.now();
      // The library: every start submitted at once (at most 100 calls in flight), as a burst of users would.
      let next = 0;
      await Promise.all(
        Array.from({ length: 100 }, async () => {
          while (next < seqs.length) {
            const seq = seqs[next++] as number;
            await b.stack.client.recordings
              .startRecording(scenario.spec(`burst-${seq}`, seq, Date.now(), NO_POLLS))
              .catch(() => undefined);
          }
        }),
      );
      const submitted = Date.now();
      const allAt = await until(() => (runningTasks(b, seqs) === count ? Date.now() : undefined), timeoutMs, 250);
      const doneAt = allAt ?? Date.now();
      const cpu1 = b.cpu();
      const creates = callsOf(b, CREATE, begin)
        .filter((c) => c.outcome === 'ok')
        .map((c) => c.wallAt);
      const libThrottles = throttled(b, begin);
      const library = {
        createsAccepted: creates.length,
        createRateOfQuota: quotaFraction(creates, QUOTA_PER_SECOND),
        selfCausedThrottles: libThrottles,
        allRecording: runningTasks(b, seqs),
        toAllRecordingS: Math.round((doneAt - begin) / 100) / 10,
        submitS: Math.round((submitted - begin) / 100) / 10,
        devServerCpuSPerStart: Math.round(((cpu1.devServer - cpu0.devServer) / count) * 1000) / 1000,
        workerCpuSPerStart: Math.round(((cpu1.workers - cpu0.workers) / count) * 1000) / 1000,
      };
      // Stop the library's recordings (signals) and let the stops drain before the direct loop.
      for (const seq of seqs) await b.stack.client.recordings.stop(`burst-${seq}`).catch(() => undefined);
      await until(() => (runningTasks(b, seqs) === 0 ? true : undefined), timeoutMs, 500);
      await delay(1_500);
      // The direct SDK: the same number of creates paced at the quota (one every 50 ms, as a careful
      // caller with a client-side limiter would), a refused call retried after 100 ms.
      const dseqs = seqs.map((s) => s + 100_000);
      for (const seq of dseqs) scenario.setUp(b.emulator.control, seq);
      const dBegin = Date.now();
      const tasks: [number, string][] = [];
      const dBy = Date.now() + timeoutMs;
      await Promise.all(
        dseqs.map(async (seq, i) => {
          await delay(Math.max(0, dBegin + i * (1_000 / QUOTA_PER_SECOND) - Date.now()));
          for (let attempt = 0; attempt < 20 && Date.now() < dBy; attempt++) {
            const taskId = await directCreate(b, seq).catch(() => undefined);
            if (taskId !== undefined) {
              tasks.push([seq, taskId]);
              return;
            }
            await delay(100);
          }
        }),
      );
      const dCreates = callsOf(b, CREATE, dBegin)
        .filter((c) => c.outcome === 'ok')
        .map((c) => c.wallAt);
      const direct = {
        count: tasks.length,
        createRateOfQuota: quotaFraction(dCreates, QUOTA_PER_SECOND),
        selfCausedThrottles: throttled(b, dBegin),
      };
      for (const [seq, taskId] of tasks) await directDelete(b, seq, taskId);
      rows.push({ variant: variant.name, count, library, direct });
      process.stderr.write(`start-burst ${variant.name}: ${JSON.stringify(rows.at(-1))}\n`);
    } finally {
      await b.close();
    }
  }
  return rows;
}

/* ---------------------------------------------------------------- start-overhead */

export interface OverheadRow {
  readonly variant: StackVariant['name'];
  readonly count: number;
  /** Client call → provider receives the create (ms). */
  readonly library: ReturnType<typeof ms>;
  readonly direct: ReturnType<typeof ms>;
  readonly overP50Ms: number;
  readonly overP99Ms: number;
  /** p50 / p99 of each stage over the starts whose history had them. */
  readonly stages: Readonly<Record<Exclude<keyof StartStages, 'activityType'>, ReturnType<typeof ms>>>;
  readonly activityType: string;
  readonly missing: number;
}

export async function benchStartOverhead(
  count: number,
  variants: readonly StackVariant[],
  timeoutMs: number,
): Promise<OverheadRow[]> {
  const rows: OverheadRow[] = [];
  for (const variant of variants) {
    const b = await startBenchStack({
      workers: 1,
      ...(variant.sqlitePragmas ? { sqlitePragmas: variant.sqlitePragmas } : {}),
    });
    try {
      const lib: number[] = [];
      const dir: number[] = [];
      const stages: StartStages[] = [];
      let missing = 0;
      const by = Date.now() + timeoutMs;
      for (let i = 0; i < count && Date.now() < by; i++) {
        // The rate bucket never binds: one start and one direct call about every 150 ms or more.
        const seq = 2_000 + i;
        scenario.setUp(b.emulator.control, seq);
        const recordId = `overhead-${variant.name}-${seq}`;
        const callAt = Date.now();
        const { workflowId } = await b.stack.client.recordings.startRecording(
          scenario.spec(recordId, seq, Date.now(), NO_POLLS),
        );
        const create = await until(() => firstCallFor(b, CREATE, seq, callAt), 30_000);
        if (create === undefined) {
          missing++;
          continue;
        }
        lib.push(create.wallAt - callAt);
        // The history has ActivityTaskStarted once the activity completed: wait for it (bounded).
        const found = await until(
          async () => {
            const history = await b.stack.client.temporal.workflowService
              .getWorkflowExecutionHistory({
                namespace: 'default',
                execution: { workflowId },
              })
              .catch(() => undefined);
            return startStages(stageEvents(history?.history?.events ?? []), callAt, create.wallAt);
          },
          30_000,
          50,
        );
        if (found === undefined) missing++;
        else stages.push(found);
        await b.stack.client.recordings.stop(recordId).catch(() => undefined);

        const dseq = 200_000 + i;
        scenario.setUp(b.emulator.control, dseq);
        const dAt = Date.now();
        const taskId = await directCreate(b, dseq).catch(() => undefined);
        const dCreate = firstCallFor(b, CREATE, dseq, dAt);
        if (taskId !== undefined && dCreate !== undefined) dir.push(dCreate.wallAt - dAt);
        if (taskId !== undefined) await directDelete(b, dseq, taskId);
        await delay(100);
      }
      const library = ms(lib);
      const direct = ms(dir);
      const stage = (key: Exclude<keyof StartStages, 'activityType'>) => ms(stages.map((s) => s[key]));
      rows.push({
        variant: variant.name,
        count: lib.length,
        library,
        direct,
        overP50Ms: library.p50 - direct.p50,
        overP99Ms: library.p99 - direct.p99,
        stages: {
          clientToServerMs: stage('clientToServerMs'),
          wftQueueMs: stage('wftQueueMs'),
          wftRunMs: stage('wftRunMs'),
          activityScheduledMs: stage('activityScheduledMs'),
          activityQueueMs: stage('activityQueueMs'),
          activityToProviderMs: stage('activityToProviderMs'),
        },
        activityType: stages[0]?.activityType ?? 'unknown',
        missing,
      });
      process.stderr.write(`start-overhead ${variant.name}: ${JSON.stringify(rows.at(-1))}\n`);
    } finally {
      await b.close();
    }
  }
  return rows;
}

/* ---------------------------------------------------------------- stop-latency */

export interface StopRow {
  readonly variant: StackVariant['name'];
  readonly running: number;
  /** Client stop call → provider receives the delete (ms). */
  readonly toProvider: ReturnType<typeof ms>;
  /** Client stop call → the workflow's result is available to the client (ms). */
  readonly toResult: ReturnType<typeof ms>;
  readonly directDelete: ReturnType<typeof ms>;
  readonly selfCausedThrottles: number;
  readonly notStopped: number;
}

export async function benchStopLatency(count: number, variant: StackVariant, timeoutMs: number): Promise<StopRow> {
  const b = await startBenchStack({
    workers: 2,
    ...(variant.sqlitePragmas ? { sqlitePragmas: variant.sqlitePragmas } : {}),
  });
  try {
    const seqs = Array.from({ length: count }, (_, i) => 3_000 + i);
    for (const seq of seqs) scenario.setUp(b.emulator.control, seq);
    let next = 0;
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (next < seqs.length) {
          const seq = seqs[next++] as number;
          await b.stack.client.recordings
            .startRecording(scenario.spec(`stop-${seq}`, seq, Date.now(), NO_POLLS))
            .catch(() => undefined);
        }
      }),
    );
    await until(() => (runningTasks(b, seqs) === count ? true : undefined), timeoutMs, 500);
    // Past the creates' burst: the stops alone meet the rate limiter.
    await delay(2_000);
    const begin = Date.now();
    const toProvider: number[] = [];
    const toResult: number[] = [];
    let notStopped = 0;
    // Stops paced at 10/s (half the delete quota), each measured on its own.
    await Promise.all(
      seqs.map(async (seq, i) => {
        await delay(i * 100);
        const recordId = `stop-${seq}`;
        const at = Date.now();
        await b.stack.client.recordings.stop(recordId).catch(() => undefined);
        const result = b.stack.client.recordings.result(recordId).then(
          () => Date.now(),
          () => undefined,
        );
        const del = await until(() => firstCallFor(b, DELETE, seq, at), 60_000, 20);
        const done = await Promise.race([result, delay(60_000).then(() => undefined)]);
        if (del === undefined || done === undefined) notStopped++;
        if (del !== undefined) toProvider.push(del.wallAt - at);
        if (done !== undefined) toResult.push(done - at);
      }),
    );
    const selfCausedThrottles = throttled(b, begin);
    const dir: number[] = [];
    for (let i = 0; i < Math.min(50, count); i++) {
      const seq = 300_000 + i;
      scenario.setUp(b.emulator.control, seq);
      const taskId = await directCreate(b, seq).catch(() => undefined);
      if (taskId === undefined) continue;
      await delay(60);
      const at = Date.now();
      await directDelete(b, seq, taskId);
      const del = firstCallFor(b, DELETE, seq, at);
      if (del !== undefined) dir.push(del.wallAt - at);
      await delay(60);
    }
    const row = {
      variant: variant.name,
      running: count,
      toProvider: ms(toProvider),
      toResult: ms(toResult),
      directDelete: ms(dir),
      selfCausedThrottles,
      notStopped,
    };
    process.stderr.write(`stop-latency: ${JSON.stringify(row)}\n`);
    return row;
  } finally {
    await b.close();
  }
}

/* ---------------------------------------------------------------- markdown */

export function burstMarkdown(rows: readonly BurstRow[]): string[] {
  return [
    '## Start burst: trtc-cloud, 2 worker processes, all starts submitted at once (100 calls in flight)',
    '',
    'CreateCloudRecording is documented at 20/s; create rate = accepted creates per second from the first to the last ÷ 20.',
    'The direct loop (official SDK, one create every 50 ms, a refused call retried after 100 ms) runs the same count in the same stack afterwards.',
    '',
    '| SQLite | starts | library: creates of quota | throttles | all Recording | submit s | to all Recording s | dev-server CPU-s/start | worker CPU-s/start | direct: creates of quota | throttles |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const l = r.library;
      return `| ${r.variant} | ${r.count} | ${l.createRateOfQuota} | ${l.selfCausedThrottles} | ${l.allRecording}/${r.count} | ${l.submitS} | ${l.toAllRecordingS} | ${l.devServerCpuSPerStart} | ${l.workerCpuSPerStart} | ${r.direct.createRateOfQuota} | ${r.direct.selfCausedThrottles} |`;
    }),
    '',
  ];
}

export function overheadMarkdown(rows: readonly OverheadRow[]): string[] {
  const p = (s: { p50: number; p99: number }) => `${s.p50} / ${s.p99}`;
  return [
    '## Start overhead: sequential trtc-cloud starts, 1 worker process; ms from the client call to the provider receiving the create',
    '',
    '| SQLite | starts | library p50 / p99 | direct SDK p50 / p99 | over direct p50 / p99 |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) => `| ${r.variant} | ${r.count} | ${p(r.library)} | ${p(r.direct)} | +${r.overP50Ms} / +${r.overP99Ms} |`,
    ),
    '',
    "Per stage from each workflow history (ms, p50 / p99; event times are the server's, the call and provider times this process's clock, same machine):",
    '',
    '| SQLite | client → WorkflowExecutionStarted | WFT scheduled → started | WFT started → completed | WFT completed → activity scheduled | activity scheduled → started | activity started → provider |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const s = r.stages;
      return `| ${r.variant} | ${p(s.clientToServerMs)} | ${p(s.wftQueueMs)} | ${p(s.wftRunMs)} | ${p(s.activityScheduledMs)} | ${p(s.activityQueueMs)} | ${p(s.activityToProviderMs)} |`;
    }),
    '',
    `First activity: \`${rows[0]?.activityType ?? 'unknown'}\`. Starts without a complete history: ${rows.map((r) => `${r.variant} ${r.missing}`).join(', ')}.`,
    '',
  ];
}

export function stopMarkdown(row: StopRow): string[] {
  const p = (s: { n: number; p50: number; p99: number }) => `${s.p50} / ${s.p99} (n ${s.n})`;
  return [
    `## Stop latency: ${row.running} trtc-cloud recordings running on 2 worker processes, stops (Signal) paced at 10/s`,
    '',
    '| SQLite | stop → provider delete p50 / p99 ms | stop → result p50 / p99 ms | direct SDK delete p50 / p99 ms | throttles | not stopped in 60 s |',
    '|---|---:|---:|---:|---:|---:|',
    `| ${row.variant} | ${p(row.toProvider)} | ${p(row.toResult)} | ${p(row.directDelete)} | ${row.selfCausedThrottles} | ${row.notStopped} |`,
    '',
  ];
}
