/**
 * The describe poll budget (pure): each describe API's quota is shared by every live recording,
 * so a recording's poll interval grows with the fleet. The worker turns a fleet estimate into a
 * "poll unit" (`fleetPollUnitMs`); the describe activity returns it and the workflow, which knows
 * its own class, divides it by its class weight. With W the fleet's total weight and B the budget
 * (describes/s), interval_i = W / (B · w_i) gives Σ 1/interval_i = B. The worker cannot see each
 * recording's class, so it takes W = fleet × the heaviest weight: the sum stays at or under B.
 */

/** Why a recording is polled as often as it is. */
export type PollClass = 'urgent' | 'quiet' | 'healthy';

/**
 * Relative poll rates: a recording near a deadline (fresh provider state before we act) polls
 * most, one without callbacks (polls are its only news) next, a callback-healthy one least.
 */
export const POLL_WEIGHTS: Readonly<Record<PollClass, number>> = { urgent: 4, quiet: 2, healthy: 1 };

const HEAVIEST_WEIGHT = Math.max(...Object.values(POLL_WEIGHTS));

/**
 * The fleet's poll unit in ms: the interval of a weight-1 recording that keeps `fleet` recordings
 * of at most the heaviest weight within `budgetPerSecond` describes per second.
 */
export function fleetPollUnitMs(fleet: number, budgetPerSecond: number): number {
  if (!(budgetPerSecond > 0)) throw new Error(`poll budget must be > 0 describes/s, got ${budgetPerSecond}`);
  return Math.ceil((Math.max(fleet, 1) * HEAVIEST_WEIGHT * 1_000) / budgetPerSecond);
}

/** The interval the budget allows one recording of class `cls`. */
export function fleetIntervalMs(unitMs: number, cls: PollClass): number {
  return Math.ceil(unitMs / POLL_WEIGHTS[cls]);
}

/**
 * A deterministic offset in [0, spanMs) from the recordId (FNV-1a), so recordings started
 * together do not poll in lockstep, and a replay computes the same offset.
 */
export function pollPhaseMs(recordId: string, spanMs: number): number {
  if (!(spanMs >= 1)) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < recordId.length; i += 1) {
    hash ^= recordId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % Math.floor(spanMs);
}
