/**
 * `npm run bench -- recovery`: how long live recordings stay without a worker after a `kill -9`.
 * Per worker variant (a set of WORKFLOW_* variables), with N recordings live and answered:
 * - two workers: kill -9 one, the other keeps polling;
 * - one worker: kill -9 the only one and spawn a replacement at once.
 * Per recording, the time from the kill until the library's status call is answered: its status
 * query needs a worker holding the workflow (replayed if not cached), the cheapest handler that
 * does; the describe beside it needs none, and the storage lookup is cached after the warm-up.
 * p50/p95 and the share within 15 s. Bounded: each probe gives up after `probeTimeoutMs`.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import type { ChildWorker } from '../scripts/child-worker';
import { fleetId, growFleet, startFleetStack, type FleetStack } from './fleet';
import { percentile, round } from './stats';

/** Worker variants the suite knows, by name: the WORKFLOW_* variables each sets. */
export const RECOVERY_VARIANTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  /** Whatever worker/workers.ts sets by default now. */
  defaults: {},
  /** The SDK's own values, whatever our defaults are. */
  sdk: {
    WORKFLOW_STICKY_TIMEOUT: '10s',
    WORKFLOW_THREADS: '1',
    WORKFLOW_TASK_SLOTS: '40',
    WORKFLOW_REUSE_V8_CONTEXT: 'on',
  },
  // Each variant names both knobs it compares, so a change of the defaults does not change it.
  'sticky-2s': { WORKFLOW_STICKY_TIMEOUT: '2s', WORKFLOW_THREADS: '1' },
  'threads-2': { WORKFLOW_STICKY_TIMEOUT: '10s', WORKFLOW_THREADS: '2' },
  'sticky-2s-threads-2': { WORKFLOW_STICKY_TIMEOUT: '2s', WORKFLOW_THREADS: '2' },
  'sticky-5s-threads-2': { WORKFLOW_STICKY_TIMEOUT: '5s', WORKFLOW_THREADS: '2' },
  'sticky-2s-threads-2-slots-100': { WORKFLOW_STICKY_TIMEOUT: '2s', WORKFLOW_THREADS: '2', WORKFLOW_TASK_SLOTS: '100' },
  'no-reuse-context': { WORKFLOW_STICKY_TIMEOUT: '2s', WORKFLOW_THREADS: '2', WORKFLOW_REUSE_V8_CONTEXT: 'off' },
};

export const recoveryOptions = z.strictObject({
  recordings: z.number().int().min(1).max(5_000),
  variants: z.array(z.string().refine((v) => v in RECOVERY_VARIANTS, { error: 'unknown variant' })).min(1),
  probeTimeoutMs: z.number().int().min(5_000).max(300_000),
  /** Deadline of one query attempt; a refused or timed-out one is retried. */
  attemptMs: z.number().int().min(500).max(60_000),
  concurrency: z.number().int().min(1).max(500),
  rampTimeoutMs: z.number().int().min(10_000).max(1_800_000),
});
export type RecoveryOptions = z.infer<typeof recoveryOptions>;

export interface RecoveryCase {
  readonly variant: string;
  readonly case: 'two-workers-kill-one' | 'one-worker-replaced';
  readonly recordings: number;
  /** Replacement worker healthy after the kill (one-worker case). */
  readonly replacementHealthyMs: number | undefined;
  readonly answered: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly within15s: number;
  readonly fractionWithin15s: number;
  /** The last refused or timed-out probe attempt's error (why recordings were waiting). */
  readonly lastError: string | undefined;
}

export interface RecoveryResult {
  readonly options: RecoveryOptions;
  readonly live: number;
  readonly cases: readonly RecoveryCase[];
}

/** ms from `from` until each recording's status query is answered; undefined = not within the bound. */
async function probeAll(
  fleet: FleetStack,
  ids: readonly string[],
  from: number,
  options: RecoveryOptions,
): Promise<{ times: (number | undefined)[]; lastError: string | undefined }> {
  const { temporal, recordings } = fleet.stack.client;
  let lastError: string | undefined;
  const giveUpAt = from + options.probeTimeoutMs;
  const times = await Promise.all(
    ids.map(async (id) => {
      while (Date.now() < giveUpAt) {
        const deadline = Math.min(giveUpAt, Date.now() + options.attemptMs);
        const ok = await temporal.connection
          .withDeadline(deadline, () => recordings.status(id))
          .then(
            () => true,
            (error: unknown) => {
              lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
              return false;
            },
          );
        if (ok) return Date.now() - from;
        await delay(200);
      }
      return undefined;
    }),
  );
  return { times, lastError };
}

function summarize(
  variant: string,
  kind: RecoveryCase['case'],
  probe: { times: readonly (number | undefined)[]; lastError: string | undefined },
  replacementHealthyMs: number | undefined,
): RecoveryCase {
  const { times, lastError } = probe;
  const answered = times.filter((t): t is number => t !== undefined);
  // An unanswered probe counts as slower than any answered one.
  const all = times.map((t) => t ?? Number.POSITIVE_INFINITY);
  const within = answered.filter((t) => t <= 15_000).length;
  return {
    variant,
    case: kind,
    recordings: times.length,
    replacementHealthyMs,
    answered: answered.length,
    p50Ms: percentile(all, 50),
    p95Ms: percentile(all, 95),
    maxMs: Math.max(...all),
    within15s: within,
    fractionWithin15s: round(within / times.length, 3),
    lastError,
  };
}

export async function benchRecovery(options: RecoveryOptions): Promise<RecoveryResult> {
  const fleet = await startFleetStack('recovery');
  const runId = `recovery-${Date.now().toString(36)}`;
  const ids = Array.from({ length: options.recordings }, (_, seq) => fleetId(runId, seq));
  const cases: RecoveryCase[] = [];
  let live = 0;
  try {
    for (const [index, variant] of options.variants.entries()) {
      const env = RECOVERY_VARIANTS[variant] ?? {};
      const first: ChildWorker = await fleet.spawnWorker(env);
      const second: ChildWorker = await fleet.spawnWorker(env);
      if (index === 0) {
        ({ running: live } = await growFleet(
          fleet,
          runId,
          { from: 0, to: options.recordings },
          { concurrency: options.concurrency, timeoutMs: options.rampTimeoutMs },
        ));
      }
      // Warm: every recording answered once, so both workers hold some of them in cache.
      const warm = await probeAll(fleet, ids, Date.now(), options);
      process.stderr.write(
        `recovery warm-up: ${JSON.stringify(summarize(variant, 'two-workers-kill-one', warm, undefined))}\n`,
      );
      await delay(5_000);

      let killedAt = Date.now();
      await first.kill();
      cases.push(summarize(variant, 'two-workers-kill-one', await probeAll(fleet, ids, killedAt, options), undefined));
      process.stderr.write(`recovery ${JSON.stringify(cases.at(-1))}\n`);
      await delay(5_000);

      // The survivor now holds every recording: kill it and start a replacement at once.
      killedAt = Date.now();
      await second.kill();
      const replacement = await fleet.spawnWorker(env);
      const healthyMs = Date.now() - killedAt;
      cases.push(summarize(variant, 'one-worker-replaced', await probeAll(fleet, ids, killedAt, options), healthyMs));
      process.stderr.write(`recovery ${JSON.stringify(cases.at(-1))}\n`);
      await replacement.stop();
    }
  } finally {
    await fleet.close();
  }
  return { options, live, cases };
}

export function recoveryMarkdown(result: RecoveryResult): string[] {
  const o = result.options;
  const env = (variant: string): string =>
    Object.entries(RECOVERY_VARIANTS[variant] ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || 'worker defaults';
  const s = (ms: number): string => (Number.isFinite(ms) ? String(round(ms / 1000)) : `> ${o.probeTimeoutMs / 1000}`);
  return [
    `## Recovery after kill -9: ${o.recordings} trtc-cloud recordings (${result.live} live), status query per recording`,
    '',
    "Time from the kill until each recording answers the library's status call again (its status query needs a",
    'worker holding the recording; retried every 200 ms, each attempt',
    `bounded by ${o.attemptMs / 1000} s; unanswered after ${o.probeTimeoutMs / 1000} s counts as slower than all).`,
    '"two workers": both polled while the recordings were warmed, one is killed. "one worker": the survivor,',
    'which by then holds every recording, is killed and a replacement started at once.',
    '',
    '| variant | WORKFLOW_* | case | replacement healthy s | answered | p50 s | p95 s | max s | within 15 s |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|',
    ...result.cases.map(
      (c) =>
        `| ${c.variant} | ${env(c.variant)} | ${c.case} | ${c.replacementHealthyMs === undefined ? '—' : round(c.replacementHealthyMs / 1000)} | ${c.answered}/${c.recordings} | ${s(c.p50Ms)} | ${s(c.p95Ms)} | ${s(c.maxMs)} | ${c.within15s} (${c.fractionWithin15s}) |`,
    ),
    '',
  ];
}
