/** Runs the fault suite once and writes its report: shared by `npm run test:faults` and the reduced jest run. */
import { parseOptions, type FaultOptionsInput } from './options';
import { newSeed } from './random';
import { buildReport, toMarkdown, writeReport, type FaultReport } from './report';
import { type GivenTemporal } from './fault-stack';
import { runFaults } from './runner';

export interface SuiteOutcome {
  readonly report: FaultReport;
  readonly paths: { readonly json: string; readonly md: string };
}

export async function runFaultSuite(
  input: Omit<FaultOptionsInput, 'seed'> & { readonly seed?: number | string },
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  /** A Temporal the caller started (and stops); the run starts a dev server of its own when absent. */
  given?: GivenTemporal,
): Promise<SuiteOutcome> {
  const options = parseOptions({ ...input, seed: input.seed ?? newSeed() });
  log(
    `fault suite: seed ${options.seed} (replay with --seed ${options.seed}), ${options.recordings} recordings, ` +
      `faults ${options.faults.join(',')}`,
  );
  const data = await runFaults(options, log, given);
  const report = buildReport(data);
  const paths = writeReport(options.out, options.label, report);
  log(`report: ${paths.md}`);
  return { report, paths };
}

export { toMarkdown };
