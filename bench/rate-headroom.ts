/**
 * `npm run bench -- rate-headroom`: the activity queues' head-room under the documented limits,
 * several values side by side in one run. One dev server (default matching partitions), the
 * emulator with its rate limiter on, and per value two fresh worker processes with that
 * RATE_LIMIT_HEADROOM; then a burst of trtc-web starts after a quiet spell (every partition's
 * token bucket full, the worst case), and all stopped. Reported per value: RequestLimitExceeded
 * the emulator answered (self-caused: nothing else calls it) and the accepted create rate as a
 * fraction of the quota. Bounded: every burst has its own time-outs. Never pass/fail on time.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { createLogger } from '../runtime/logger';
import { spawnChildWorker, type ChildWorker } from '../scripts/child-worker';
import { startLocalStack } from '../scripts/local-stack';
import { runRateBurst, type RateBurstResult } from '../scripts/rate-burst';
import { startBenchServer } from './bench-server';

export interface HeadroomOptions {
  readonly headrooms: readonly number[];
  readonly workers: number;
  readonly recordings: number;
  /** Idle time before each burst, so every partition holds its full burst. */
  readonly quietMs: number;
  /** Every recording is scheduled to start this long after the first is submitted (all together). */
  readonly leadMs: number;
}

export interface HeadroomRow {
  readonly headroom: number;
  /** What each worker set: limit × (1 − headroom). */
  readonly dispatchPerSecond: number;
  /** The server may burst to about twice that in one second (worker/README.md "Rate limits"). */
  readonly worstSecondPerSecond: number;
  /** Throttles the workers counted (worker/throttles.ts), summed. */
  readonly workerCountedThrottles: number;
  readonly burst: RateBurstResult;
  /** Accepted creates per second ÷ documented limit, over the whole burst and over its paced middle. */
  readonly createRateOfQuota: number;
  readonly createRateMiddleOfQuota: number;
}

export interface HeadroomResult {
  readonly options: HeadroomOptions;
  readonly rows: readonly HeadroomRow[];
}

export async function benchRateHeadroom(options: HeadroomOptions): Promise<HeadroomResult> {
  const logs: string[] = [];
  const logger = createLogger({ level: 'WARN', sink: (line) => logs.push(line) });
  const server = await startBenchServer({ prefix: 'rate', logger });
  const { env, temporal } = server;
  const rows: HeadroomRow[] = [];
  try {
    const stack = await startLocalStack({
      config: server.config,
      logger,
      temporal,
      gatewayPort: 0,
      emulator: { port: 0, limits: { webConcurrentTasks: 10_000 } },
      worker: false,
    });
    const emulator = stack.emulator;
    try {
      if (emulator === undefined) throw new Error('the benchmark drives the emulator');
      for (const [index, headroom] of options.headrooms.entries()) {
        const workers: ChildWorker[] = [];
        try {
          for (let i = 0; i < options.workers; i++) {
            workers.push(
              await spawnChildWorker({
                ...env,
                TENCENTCLOUD_ENDPOINT: emulator.url,
                RATE_LIMIT_HEADROOM: String(headroom),
              }),
            );
          }
          emulator.control.reset();
          await delay(options.quietMs);
          const burst = await runRateBurst(stack.client.recordings, emulator, {
            product: 'trtc-web',
            count: options.recordings,
            runId: `bench-rate-${index}-${Date.now().toString(36)}`,
            seqBase: 10_000 + index * options.recordings,
            startTogetherAfterMs: options.leadMs,
            recordingTimeoutMs: 300_000,
            stopTimeoutMs: 120_000,
          });
          const counted = await Promise.all(workers.map((w) => w.throttles()));
          const limit = burst.createLimitPerSecond;
          const dispatch = Math.round(limit * (1 - headroom) * 1000) / 1000;
          rows.push({
            headroom,
            dispatchPerSecond: dispatch,
            worstSecondPerSecond: 2 * dispatch,
            workerCountedThrottles: counted.reduce((n, c) => n + c.total, 0),
            burst,
            createRateOfQuota: Math.round((burst.createRatePerSecond / limit) * 1000) / 1000,
            createRateMiddleOfQuota: Math.round((burst.createRateMiddlePerSecond / limit) * 1000) / 1000,
          });
          process.stderr.write(`headroom ${headroom}: ${JSON.stringify(rows.at(-1))}\n`);
        } finally {
          for (const worker of workers) await worker.stop();
        }
      }
    } finally {
      await stack.stop();
    }
  } finally {
    await server.remove();
  }
  return { options, rows };
}

export function headroomMarkdown(result: HeadroomResult): string[] {
  const o = result.options;
  return [
    `## Rate head-room: ${o.workers} worker processes, ${o.recordings} trtc-web recordings per value, all scheduled to start at one instant ${o.leadMs / 1000} s after submission`,
    '',
    'StartWebRecord and StopWebRecord are documented at 20/s; the emulator refuses the 21st call in any sliding second',
    '(both clocks real). Throttles are self-caused: nothing else calls the emulator. "worst second" is twice the',
    'dispatch rate: the 4 matching partitions each hold about a second of burst.',
    '',
    '| RATE_LIMIT_HEADROOM | dispatch /s | worst second /s | RequestLimitExceeded answered | by action | counted by workers | peak creates in 1 s | accepted creates /s (p10–p90) | of quota | accepted creates /s (all) | of quota | all Recording | to all Recording s |',
    '|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...result.rows.map((r) => {
      const b = r.burst;
      const byAction =
        Object.entries(b.throttledByAction)
          .map(([action, n]) => `${action} ${n}`)
          .join(', ') || '—';
      return `| ${r.headroom} | ${r.dispatchPerSecond} | ${r.worstSecondPerSecond} | ${b.throttled} | ${byAction} | ${r.workerCountedThrottles} | ${b.peakCreatesInOneSecond} | ${b.createRateMiddlePerSecond} | ${r.createRateMiddleOfQuota} | ${b.createRatePerSecond} | ${r.createRateOfQuota} | ${b.reachedRecording}/${b.count} | ${Math.round(b.toAllRecordingMs / 100) / 10} |`;
    }),
    '',
    'Create calls per wall second, from the first (accepted or refused):',
    '',
    ...result.rows.map((r) => `- ${r.headroom}: ${r.burst.createsPerSecond.join(' ')}`),
    '',
  ];
}
