/**
 * `npm run bench -- watch-cost`: what watching costs at growing fleet sizes. One worker child
 * process; the fleet grows size by size (the create API's limits raised for the ramp: starting
 * is not what is measured), then a settle spell and a steady window in which only watching
 * happens. Per size: CPU % of a core and RSS of the worker and of the dev server (from
 * /proc/<pid>/stat and status), the worker's V8 heap, MB per live recording, the workflow-task
 * backlog when the server reports it, describe calls/s and RequestLimitExceeded on describe
 * (self-caused: nothing else calls the emulator). Bounded: every ramp has a time-out.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import {
  cpuPercent,
  growFleet,
  sampleProcess,
  startFleetStack,
  workerHeapUsed,
  workflowBacklog,
  fleetId,
  type FleetStack,
  type ProcSample,
} from './fleet';
import { round } from './stats';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;

/** Event counts of one recording's history (the oldest are watched longest). */
async function watchedHistory(
  fleet: FleetStack,
  recordId: string,
  workflowId: string,
): Promise<WatchedHistory | undefined> {
  try {
    const history = await fleet.stack.client.temporal.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const count = (type: temporal.api.enums.v1.EventType): number => events.filter((e) => e.eventType === type).length;
    return {
      recordId,
      events: events.length,
      workflowTasks: count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
      polls: events.filter(
        (e) =>
          e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED &&
          (e.activityTaskScheduledEventAttributes?.activityType?.name ?? '').toLowerCase().includes('describe'),
      ).length,
      searchAttributeUpserts: count(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES),
      workflowTaskTimeouts: count(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT),
      scheduleToStartTimeouts: events.filter(
        (e) =>
          e.workflowTaskTimedOutEventAttributes?.timeoutType ===
          temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
      ).length,
    };
  } catch {
    return undefined;
  }
}

export const watchCostOptions = z.strictObject({
  sizes: z.array(z.number().int().min(0).max(20_000)).min(1),
  /** Spell after each ramp before the window opens (first polls of the newest recordings land). */
  settleMs: z.number().int().min(0).max(600_000),
  windowMs: z.number().int().min(5_000).max(600_000),
  /** Starts in flight at once during the ramp. */
  concurrency: z.number().int().min(1).max(500),
  /** Ramp bound per size. */
  rampTimeoutMs: z.number().int().min(10_000).max(1_800_000),
  /** WORKFLOW_* (or other) variables for the worker, e.g. WORKFLOW_CACHE_SIZE=12000. */
  workerEnv: z.record(z.string(), z.string()),
});
export type WatchCostOptions = z.infer<typeof watchCostOptions>;

export interface WatchCostRow {
  readonly size: number;
  /** Provider tasks running when the window opened. */
  readonly live: number;
  readonly rampSeconds: number;
  readonly windowSeconds: number;
  readonly workerCpuPercent: number;
  readonly devServerCpuPercent: number;
  /** This process: emulator, gateway (callbacks) and the bench itself. */
  readonly benchCpuPercent: number;
  readonly workerRssMb: number;
  readonly workerHeapMb: number | undefined;
  readonly devServerRssMb: number;
  /** (worker RSS − RSS at size 0) ÷ live; undefined at size 0. */
  readonly mbPerRecording: number | undefined;
  readonly backlog: { readonly count: number; readonly ageSeconds: number } | undefined;
  readonly describesPerSecond: number;
  readonly describeThrottles: number;
  /** RequestLimitExceeded on any trtc action in the window. */
  readonly throttles: number;
}

/** What a watched recording's history holds at the end: do polls without a change upsert search attributes? */
export interface WatchedHistory {
  readonly recordId: string;
  readonly events: number;
  readonly workflowTasks: number;
  readonly polls: number;
  readonly searchAttributeUpserts: number;
  /** Workflow tasks that timed out, and of those the ones not picked up in time (sticky time-out). */
  readonly workflowTaskTimeouts: number;
  readonly scheduleToStartTimeouts: number;
}

export interface WatchCostResult {
  readonly options: WatchCostOptions;
  readonly rows: readonly WatchCostRow[];
  /** The oldest few recordings' histories (those watched longest). */
  readonly histories: readonly WatchedHistory[];
}

const mb = (bytes: number | undefined): number => (bytes === undefined ? NaN : round(bytes / 1_048_576));

export async function benchWatchCost(options: WatchCostOptions): Promise<WatchCostResult> {
  const fleet = await startFleetStack('watch');
  const rows: WatchCostRow[] = [];
  const histories: WatchedHistory[] = [];
  const runId = `watch-${Date.now().toString(36)}`;
  try {
    const worker = await fleet.spawnWorker(options.workerEnv);
    const workerPid = worker.process.pid ?? -1;
    let started = 0;
    let idleRss: number | undefined;
    const workflowIds = new Map<string, string>();
    for (const size of [...options.sizes].sort((a, b) => a - b)) {
      const rampBegin = Date.now();
      if (size > started) {
        const grown = await growFleet(
          fleet,
          runId,
          { from: started, to: size },
          { concurrency: options.concurrency, timeoutMs: options.rampTimeoutMs },
        );
        for (const [recordId, workflowId] of grown.workflowIds) workflowIds.set(recordId, workflowId);
        started = size;
      }
      const rampSeconds = round((Date.now() - rampBegin) / 1000);
      await delay(options.settleMs);
      const live = fleet.emulator.control.runningTasks('trtc-cloud').length;
      const begin = Date.now();
      const first: [ProcSample | undefined, ProcSample | undefined] = [
        sampleProcess(workerPid),
        sampleProcess(fleet.devServer.pid),
      ];
      const benchBefore = process.cpuUsage();
      await delay(options.windowMs);
      const last = [sampleProcess(workerPid), sampleProcess(fleet.devServer.pid)] as const;
      const bench = process.cpuUsage(benchBefore);
      const end = Date.now();
      const [heap, backlog] = await Promise.all([workerHeapUsed(worker), workflowBacklog(fleet)]);
      const calls = fleet.emulator.control
        .calls({ service: 'trtc' })
        .filter((c) => c.wallAt >= begin && c.wallAt < end);
      const throttled = calls.filter((c) => c.outcome.startsWith('RequestLimitExceeded'));
      const describes = calls.filter((c) => c.action === 'DescribeCloudRecording');
      const windowSeconds = (end - begin) / 1000;
      const workerRss = last[0]?.rssBytes;
      if (size === 0) idleRss = workerRss;
      rows.push({
        size,
        live,
        rampSeconds,
        windowSeconds: round(windowSeconds),
        workerCpuPercent: cpuPercent(first[0], last[0]),
        devServerCpuPercent: cpuPercent(first[1], last[1]),
        benchCpuPercent: round(((bench.user + bench.system) / 1e6 / windowSeconds) * 100),
        workerRssMb: mb(workerRss),
        workerHeapMb: heap === undefined ? undefined : mb(heap),
        devServerRssMb: mb(last[1]?.rssBytes),
        mbPerRecording:
          live > 0 && idleRss !== undefined && workerRss !== undefined
            ? round((workerRss - idleRss) / 1_048_576 / live, 3)
            : undefined,
        backlog,
        describesPerSecond: round(describes.length / windowSeconds, 2),
        describeThrottles: describes.filter((c) => c.outcome.startsWith('RequestLimitExceeded')).length,
        throttles: throttled.length,
      });
      process.stderr.write(`watch-cost ${size}: ${JSON.stringify(rows.at(-1))}\n`);
    }
    for (let seq = 0; seq < Math.min(5, started); seq++) {
      const recordId = fleetId(runId, seq);
      const workflowId = workflowIds.get(recordId);
      const seen = workflowId === undefined ? undefined : await watchedHistory(fleet, recordId, workflowId);
      if (seen !== undefined) histories.push(seen);
    }
  } finally {
    await fleet.close();
  }
  return { options, rows, histories };
}

export function watchCostMarkdown(result: WatchCostResult): string[] {
  const o = result.options;
  const env = Object.entries(o.workerEnv)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const show = (v: number | undefined): string => (v === undefined || Number.isNaN(v) ? '—' : String(v));
  return [
    `## Watching only: one worker process, trtc-cloud recordings on the default poll schedule, callbacks on`,
    '',
    `Worker environment: ${env === '' ? 'the defaults' : `\`${env}\``}. Per size: a ramp (create limits raised on the`,
    `emulator and the worker's create queue, not measured), ${o.settleMs / 1000} s settle, then a ${o.windowMs / 1000} s window.`,
    'CPU is % of one core over the window (/proc/<pid>/stat); "bench" is this process (emulator, gateway, callbacks).',
    'Throttles are self-caused: nothing else calls the emulator. DescribeCloudRecording is limited to 20/s.',
    '',
    '| size | live | ramp s | worker CPU % | dev server CPU % | bench CPU % | worker RSS MB | worker heap MB | dev server RSS MB | MB per recording | WFT backlog (age s) | describes/s | describe throttles | all throttles |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|',
    ...result.rows.map(
      (r) =>
        `| ${r.size} | ${r.live} | ${r.rampSeconds} | ${show(r.workerCpuPercent)} | ${show(r.devServerCpuPercent)} | ${r.benchCpuPercent} | ${show(r.workerRssMb)} | ${show(r.workerHeapMb)} | ${show(r.devServerRssMb)} | ${show(r.mbPerRecording)} | ${r.backlog === undefined ? 'not reported' : `${r.backlog.count} (${r.backlog.ageSeconds})`} | ${r.describesPerSecond} | ${r.describeThrottles} | ${r.throttles} |`,
    ),
    '',
    'Histories of the longest-watched recordings at the end (is a poll without a change an upsert?):',
    '',
    '| recordId | events | workflow tasks | describe activities | search-attribute upserts | workflow-task time-outs | of which schedule-to-start |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...result.histories.map(
      (h) =>
        `| ${h.recordId} | ${h.events} | ${h.workflowTasks} | ${h.polls} | ${h.searchAttributeUpserts} | ${h.workflowTaskTimeouts} | ${h.scheduleToStartTimeouts} |`,
    ),
    '',
  ];
}
