/**
 * The reduced fault run that CI runs with `npm test` (reduced.ts), on a dev server of its own;
 * its findings are in the failure message.
 */
import { runReducedFaults } from './reduced';

test('reduced fault run: 0 duplicates, undeclared orphans, lost stops, false failures, stuck workflows, accepted splices', async () => {
  const { report, summary, failing } = await runReducedFaults('ci');
  expect({ summary, failing }).toEqual({ summary: expect.any(String) as string, failing: [] });
  expect(report.sizes['driven']).toBe(25);
  expect(report.sizes['scheduledFaults']).toBeGreaterThanOrEqual(5);
}, 420_000);
