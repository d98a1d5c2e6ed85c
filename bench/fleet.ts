/**
 * What the fleet suites (watch-cost, recovery) share: one dev server, the emulator and the
 * gateway in this process, workers as child processes with a given environment, a fleet of
 * live trtc-cloud recordings on the default poll schedule, and process samples from /proc.
 * Every wait here is bounded.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { createLogger } from '../runtime/logger';
import { spawnChildWorker, type ChildWorker } from '../scripts/child-worker';
import { startLocalStack, type LocalStack } from '../scripts/local-stack';
import { SCENARIOS } from '../scripts/scenarios';
import { type DevServer } from '../worker/dev-server';
import { startBenchServer } from './bench-server';

/** The create API whose limits the ramp raises (on the emulator and in the worker's queue rate). */
export const RAMP_CREATE_API = 'trtc.CreateCloudRecording';
/** Creates per second the ramp may use: a bench shortcut to reach the fleet size, not what is measured. */
const RAMP_CREATE_PER_SECOND = 200;

export interface FleetStack {
  readonly stack: LocalStack;
  readonly emulator: NonNullable<LocalStack['emulator']>;
  readonly devServer: DevServer;
  /** The environment every child worker gets (before its variant's WORKFLOW_* overrides). */
  readonly workerEnv: Readonly<Record<string, string>>;
  spawnWorker(extra?: Readonly<Record<string, string>>): Promise<ChildWorker>;
  close(): Promise<void>;
}

/**
 * Dev server, bundle, emulator (rate limiter on; only the create API raised) and gateway, no
 * in-process worker. Callbacks flow to the gateway as in `npm start`, so the poll schedule backs
 * off as it does in production.
 */
export async function startFleetStack(prefix: string): Promise<FleetStack> {
  const logs: string[] = [];
  const logger = createLogger({ level: 'WARN', sink: (line) => logs.push(line) });
  const server = await startBenchServer({ prefix, logger, env: { ORPHAN_SWEEP_INTERVAL: 'off' } });
  const { env, devServer, temporal } = server;
  const stack = await startLocalStack({
    config: server.config,
    logger,
    temporal,
    gatewayPort: 0,
    emulator: {
      port: 0,
      limits: { trtcConcurrentTasks: 100_000 },
      rateLimits: { perAction: { [RAMP_CREATE_API]: 100_000 } },
    },
    worker: false,
  });
  const emulator = stack.emulator;
  if (emulator === undefined) throw new Error('the fleet benchmarks drive the emulator');
  const workerEnv = {
    ...env,
    TENCENTCLOUD_ENDPOINT: emulator.url,
    RATE_LIMITS: `${RAMP_CREATE_API}=${RAMP_CREATE_PER_SECOND}`,
  };
  const workers: ChildWorker[] = [];
  return {
    stack,
    emulator,
    devServer,
    workerEnv,
    spawnWorker: async (extra = {}) => {
      const worker = await spawnChildWorker({ ...workerEnv, ...extra });
      workers.push(worker);
      return worker;
    },
    close: async () => {
      for (const worker of workers) await worker.kill();
      await stack.stop();
      await server.remove();
    },
  };
}

/** Recording ids of a fleet: `<runId>-<seq>`. */
export const fleetId = (runId: string, seq: number): string => `${runId}-${seq}`;

/**
 * Starts recordings `from .. to - 1` (trtc-cloud, default poll schedule, a publishing anchor
 * each), `concurrency` starts at a time, and waits until the emulator runs `to` tasks or
 * `timeoutMs` passed. Returns how many tasks run, and the workflow id of each recording started.
 */
export async function growFleet(
  fleet: FleetStack,
  runId: string,
  range: { readonly from: number; readonly to: number },
  options: { readonly concurrency: number; readonly timeoutMs: number },
): Promise<{ readonly running: number; readonly workflowIds: ReadonlyMap<string, string> }> {
  const workflowIds = new Map<string, string>();
  const scenario = SCENARIOS['trtc-cloud'];
  const control = fleet.emulator.control;
  const seqs = Array.from({ length: Math.max(0, range.to - range.from) }, (_, i) => range.from + i);
  for (const seq of seqs) scenario.setUp(control, seq);
  const deadline = Date.now() + options.timeoutMs;
  let next = 0;
  const starter = async (): Promise<void> => {
    while (next < seqs.length && Date.now() < deadline) {
      const seq = seqs[next++] ?? 0;
      // poll: undefined → the workflow's default schedule (workflows/deadlines.ts), not the demo's fast one.
      const spec = scenario.spec(fleetId(runId, seq), seq, Date.now(), { poll: undefined });
      const started = await fleet.stack.client.recordings.startRecording(spec).catch(() => undefined);
      if (started !== undefined) workflowIds.set(started.recordId, started.workflowId);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, starter));
  const running = (): number => control.runningTasks('trtc-cloud').length;
  while (running() < range.to && Date.now() < deadline) await delay(1_000);
  return { running: running(), workflowIds };
}

/** CPU ticks (user + system) and resident memory of a process, from /proc. */
export interface ProcSample {
  readonly at: number;
  readonly cpuTicks: number;
  readonly rssBytes: number;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux x86 and arm). */
const USER_HZ = 100;

export function sampleProcess(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return { at: Date.now(), cpuTicks, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

/** Percent of one core used between two samples of the same process. */
export function cpuPercent(before: ProcSample | undefined, after: ProcSample | undefined): number {
  if (before === undefined || after === undefined || after.at <= before.at) return NaN;
  return Math.round(((after.cpuTicks - before.cpuTicks) / USER_HZ / ((after.at - before.at) / 1000)) * 1000) / 10;
}

/** A number from a Prometheus text exposition (first sample of `name`), or undefined. */
export function promValue(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The worker's V8 heap in use (its /metrics on the health port), bytes. */
export async function workerHeapUsed(worker: ChildWorker): Promise<number | undefined> {
  const text = await fetch(`http://127.0.0.1:${worker.healthPort}/metrics`, { signal: AbortSignal.timeout(10_000) })
    .then((r) => r.text())
    .catch(() => '');
  return promValue(text, 'recording_process_nodejs_heap_size_used_bytes');
}

/** The workflow task queue's backlog as the server reports it (enhanced describe), if it does. */
export async function workflowBacklog(
  fleet: FleetStack,
): Promise<{ readonly count: number; readonly ageSeconds: number } | undefined> {
  const { namespace, taskQueue } = fleet.stack.config.temporal;
  try {
    const described = await fleet.stack.client.temporal.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      // ENHANCED api mode with stats (Temporal ≥ 1.25 answers them).
      apiMode: 1,
      reportStats: true,
    });
    let count = 0;
    let ageSeconds = 0;
    for (const info of Object.values(described.versionsInfo ?? {})) {
      for (const typeInfo of Object.values(info.typesInfo ?? {})) {
        const stats = typeInfo.stats;
        if (stats === null || stats === undefined) continue;
        count += Number(stats.approximateBacklogCount ?? 0);
        ageSeconds = Math.max(ageSeconds, Number(stats.approximateBacklogAge?.seconds ?? 0));
      }
    }
    return { count, ageSeconds };
  } catch {
    return undefined;
  }
}
