/**
 * `npm run test:faults -- [--recordings N] [--seed S] [--faults a,b,…] [--ensure-faults a,b] [--concurrency C] [--workers W]
 * [--faults-per-recording F] [--callback-fault-rate P] [--settle-timeout-ms MS] [--total-timeout-ms MS]
 * [--orphan-sweep-interval 10s] [--out DIR] [--label NAME]`
 *
 * Exit 0 when every count is 0 (documented exceptions are listed, not counted), 1 otherwise,
 * 2 on bad options or a run that could not finish.
 */
import { parseArgs } from 'node:util';
import { CHECKS } from './checks';
import { FAULT_KINDS, DEFAULT_FAULTS } from './options';
import { runFaultSuite } from './suite';

const HELP = `npm run test:faults -- [options]
  --recordings N             recordings to drive (default 500), round-robin over the five products
  --seed S                   replay a run (default: a fresh seed, printed)
  --faults a,b               fault kinds (default ${DEFAULT_FAULTS.join(',')})
                             all: ${FAULT_KINDS.join(',')}
  --ensure-faults a,b        scheduled faults injected once each for certain, once a third have started
  --concurrency C            recordings in flight (default 20)
  --workers W                worker processes (default 2)
  --faults-per-recording F   scheduled faults per recording started (default 0.5)
  --callback-fault-rate P    chance per callback of each callback fault (default 0.03)
  --drive-timeout-ms MS      bound on driving one recording (default 180000)
  --settle-timeout-ms MS     bound on the settle phase (default 240000)
  --total-timeout-ms MS      bound on the whole run (default 5400000)
  --orphan-sweep-interval D  ORPHAN_SWEEP_INTERVAL for the workers (default 10s)
  --out DIR                  report folder (default test/faults/results)
  --label NAME               report file label (default run)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      recordings: { type: 'string' },
      seed: { type: 'string' },
      faults: { type: 'string' },
      'ensure-faults': { type: 'string' },
      concurrency: { type: 'string' },
      workers: { type: 'string' },
      'faults-per-recording': { type: 'string' },
      'callback-fault-rate': { type: 'string' },
      'drive-timeout-ms': { type: 'string' },
      'settle-timeout-ms': { type: 'string' },
      'total-timeout-ms': { type: 'string' },
      'orphan-sweep-interval': { type: 'string' },
      out: { type: 'string' },
      label: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const camel = (k: string): string => k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const input = Object.fromEntries(
    Object.entries(values)
      .filter(([k, v]) => k !== 'help' && v !== undefined)
      .map(([k, v]) => [camel(k), v]),
  );
  const { report } = await runFaultSuite(input);
  const counts = CHECKS.map((c) => `${c} ${report.counts[c]}`).join(', ');
  const exceptions = report.exceptions.map((e) => `${e.id} ${e.count}`).join(', ');
  process.stdout.write(`${report.passed ? 'PASSED' : 'FAILED'}: ${counts}; documented exceptions: ${exceptions}\n`);
  return report.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
