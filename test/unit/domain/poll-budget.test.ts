/** The describe poll budget: the fleet's polls stay within the quota, whatever the mix of classes. */
import {
  POLL_WEIGHTS,
  fleetIntervalMs,
  fleetPollUnitMs,
  pollPhaseMs,
  type PollClass,
} from '../../../domain/poll-budget';

/** Describes per second of a fleet whose recordings each poll at their class's fleet interval. */
function fleetRate(unitMs: number, classes: readonly PollClass[]): number {
  return classes.reduce((sum, cls) => sum + 1_000 / fleetIntervalMs(unitMs, cls), 0);
}

test('the unit grows linearly with the fleet and shrinks with the budget', () => {
  expect(fleetPollUnitMs(10, 8)).toBe(5_000);
  expect(fleetPollUnitMs(10_000, 8)).toBe(5_000_000);
  expect(fleetPollUnitMs(20_000, 8)).toBe(2 * fleetPollUnitMs(10_000, 8));
  expect(fleetPollUnitMs(10_000, 16)).toBe(fleetPollUnitMs(10_000, 8) / 2);
  // An empty count still yields a unit (the recording asking is itself live).
  expect(fleetPollUnitMs(0, 8)).toBe(fleetPollUnitMs(1, 8));
  expect(() => fleetPollUnitMs(10, 0)).toThrow(/budget/);
});

test.each([
  ['all urgent', Array<PollClass>(10_000).fill('urgent')],
  ['all healthy', Array<PollClass>(10_000).fill('healthy')],
  ['a mix', [...Array<PollClass>(3_000).fill('urgent'), ...Array<PollClass>(7_000).fill('quiet')]],
])('10,000 live recordings (%s) stay within a 16/s budget', (_name, classes) => {
  const unit = fleetPollUnitMs(classes.length, 16);
  expect(fleetRate(unit, classes)).toBeLessThanOrEqual(16);
});

test('urgent recordings poll most often, callback-healthy ones least', () => {
  const unit = fleetPollUnitMs(100, 8);
  expect(fleetIntervalMs(unit, 'urgent')).toBeLessThan(fleetIntervalMs(unit, 'quiet'));
  expect(fleetIntervalMs(unit, 'quiet')).toBeLessThan(fleetIntervalMs(unit, 'healthy'));
  expect(fleetIntervalMs(unit, 'healthy')).toBe(unit / POLL_WEIGHTS.healthy);
});

test('the phase is deterministic, within its span, and spreads recordings started together', () => {
  expect(pollPhaseMs('rec-1', 15_000)).toBe(pollPhaseMs('rec-1', 15_000));
  const phases = Array.from({ length: 200 }, (_, i) => pollPhaseMs(`rec-${i}`, 15_000));
  for (const p of phases) expect(p >= 0 && p < 15_000).toBe(true);
  // 200 ids over 15 one-second buckets: every bucket gets some.
  expect(new Set(phases.map((p) => Math.floor(p / 1_000))).size).toBe(15);
  expect(pollPhaseMs('rec-1', 0)).toBe(0);
});
