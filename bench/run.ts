/** `npm run bench`: signing throughput and per-call overhead, bounded (about 15 s), written to bench/results/. */
import { join } from 'node:path';
import { benchCallOverhead } from './call-overhead';
import { type BenchReport, machineInfo, toMarkdown, writeReport } from './report';
import { benchSigning } from './signing';

async function main(): Promise<void> {
  const signing = benchSigning(5, 700);
  const callOverhead = await benchCallOverhead(4, 500);
  const report: BenchReport = { when: new Date().toISOString(), machine: machineInfo(), signing, callOverhead };
  writeReport(join(__dirname, 'results'), report);
  process.stdout.write(toMarkdown(report));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
