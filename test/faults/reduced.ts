/**
 * The reduced fault run: the same runner as `npm run test:faults`, with every default fault, at a
 * size that finishes in a few minutes on a loaded two-core machine. The seed is fixed so CI replays
 * one plan (FAULT_SEED picks another); the report goes to a temporary folder, removed after a clean
 * run and kept (its path in `failing`) when a finding needs its histories. Run on the dev server
 * by `reduced.test.ts` and on the production cluster by `test/production/`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS } from './checks';
import { type GivenTemporal } from './fault-stack';
import { type FaultReport } from './report';
import { runFaultSuite } from './suite';

export interface ReducedOutcome {
  readonly report: FaultReport;
  /** Seed and every check's count, one line. */
  readonly summary: string;
  /** Findings that no documented exception covers: the run is clean when empty. */
  readonly failing: string[];
}

/** `given`: a Temporal the caller runs and stops; the run starts its own dev server when absent. */
export async function runReducedFaults(label: string, given?: GivenTemporal): Promise<ReducedOutcome> {
  const out = mkdtempSync(join(tmpdir(), 'fault-report-'));
  let keep = false;
  try {
    const lines: string[] = [];
    const { report } = await runFaultSuite(
      {
        recordings: 25,
        concurrency: 10,
        faultsPerRecording: 0.6,
        callbackFaultRate: 0.05,
        driveTimeoutMs: 120_000,
        settleTimeoutMs: 120_000,
        totalTimeoutMs: 330_000,
        seed: process.env['FAULT_SEED'] ?? 20261202,
        // The one fault whose draw is rare (weight 1 of 21) yet the production run exists to prove.
        ensureFaults: ['server-kill'],
        out,
        label,
      },
      (line) => lines.push(line),
      given,
    );
    const failing = report.findings
      .filter((f) => f.exception === undefined)
      .map((f) => `${f.check} ${f.recordId}: ${f.detail} (faults: ${f.faultsSeen.join(',')})`);
    // The histories of the recordings with findings are the only evidence once the server is gone.
    keep = failing.length > 0;
    if (keep) failing.push(`report and histories kept in ${out}`);
    const summary = `seed ${report.seed}; ${CHECKS.map((c) => `${c} ${report.counts[c]}`).join(', ')}`;
    return { report, summary, failing };
  } finally {
    if (!keep) rmSync(out, { recursive: true, force: true });
  }
}
