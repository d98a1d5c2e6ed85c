/**
 * The reduced fault run that CI runs with `npm test`: the same runner as `npm run test:faults`,
 * with every default fault, at a size that finishes in a few minutes on a loaded two-core machine.
 * The seed is fixed so CI replays one plan (FAULT_SEED picks another); the report goes to a
 * temporary folder and its findings are in the failure message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS } from './checks';
import { runFaultSuite } from './suite';

const out = mkdtempSync(join(tmpdir(), 'fault-report-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('reduced fault run: 0 duplicates, undeclared orphans, lost stops, false failures, stuck workflows, accepted splices', async () => {
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
      out,
      label: 'ci',
    },
    (line) => lines.push(line),
  );
  const failing = report.findings
    .filter((f) => f.exception === undefined)
    .map((f) => `${f.check} ${f.recordId}: ${f.detail} (faults: ${f.faultsSeen.join(',')})`);
  const summary = `seed ${report.seed}; ${CHECKS.map((c) => `${c} ${report.counts[c]}`).join(', ')}`;
  expect({ summary, failing }).toEqual({ summary: expect.any(String) as string, failing: [] });
  expect(report.sizes['driven']).toBe(25);
  expect(report.sizes['scheduledFaults']).toBeGreaterThanOrEqual(5);
}, 420_000);
