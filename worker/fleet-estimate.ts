/**
 * The worker's fleet estimate for the describe poll budget: how many recordings of each product
 * are live (Recording, Paused, Stopping: the states that poll), counted by Temporal visibility
 * every `refreshMs`, turned into each product's fleet poll unit (domain/poll-budget.ts) against
 * its describe queue's dispatch rate. Visibility is cluster-wide, so every worker computes the
 * same unit and the budget holds across all workers together (invariant 6). Counting is one
 * query per product; a failed count keeps the last estimate.
 */
import { type Client } from '@temporalio/client';
import { PRODUCTS, type Product } from '../domain/catalog';
import { fleetPollUnitMs } from '../domain/poll-budget';
import { RecordingProductKey, RecordingStateKey } from '../domain/search-attributes';
import type { RecordingState } from '../workflows/lifecycle';
import { WORKFLOW_TYPES } from '../workflows/messages';
import type { FleetPollBudget } from '../activities/runtime';
import type { ActivityQueueSpec } from './activity-workers';

/** States whose recordings poll describe. */
export const POLLING_STATES: readonly RecordingState[] = ['Recording', 'Paused', 'Stopping'];

/**
 * Share of a describe queue's dispatch rate given to watch polls; the rest is left for the
 * describes that cannot wait (confirming a callback end, collecting files while stopping).
 */
export const DEFAULT_POLL_BUDGET_SHARE = 0.8;

export interface FleetEstimateOptions {
  /** Live recordings of `product` now. */
  readonly count: (product: Product) => Promise<number>;
  /** The describe budget of each product (describes/s). */
  readonly budgetPerSecond: Readonly<Partial<Record<Product, number>>>;
  readonly refreshMs?: number;
}

export interface FleetEstimate extends FleetPollBudget {
  /** Counts once now (also what the timer runs). */
  refresh(): Promise<void>;
  /** The last counts, for logs and tests. */
  readonly fleet: Readonly<Partial<Record<Product, number>>>;
  /** Counts every `refreshMs` until the returned function is called. */
  start(): () => void;
}

/** A fleet estimate over `count`; products without a budget get no unit. */
export function createFleetEstimate(options: FleetEstimateOptions): FleetEstimate {
  const fleet: Partial<Record<Product, number>> = {};
  const refreshMs = options.refreshMs ?? 30_000;
  let running: Promise<void> | undefined;
  const refresh = (): Promise<void> => {
    running ??= Promise.all(
      PRODUCTS.filter((p) => options.budgetPerSecond[p] !== undefined).map(async (product) => {
        fleet[product] = await options.count(product);
      }),
    )
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  return {
    fleet,
    refresh,
    pollUnitMs(product) {
      const budget = options.budgetPerSecond[product];
      const live = fleet[product];
      return budget === undefined || live === undefined ? undefined : fleetPollUnitMs(live, budget);
    },
    start() {
      void refresh();
      const timer = setInterval(() => void refresh(), refreshMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/**
 * Each product's describe budget: `share` of its describe queue's dispatch rate, split evenly
 * when products share one describe API (one account quota).
 */
export function describeBudgets(
  queues: readonly ActivityQueueSpec[],
  share = DEFAULT_POLL_BUDGET_SHARE,
): Partial<Record<Product, number>> {
  const out: Partial<Record<Product, number>> = {};
  for (const q of queues) {
    const describers = q.uses.filter((use) => use.operation === 'describe');
    for (const use of describers) out[use.product] = (q.maxTaskQueueActivitiesPerSecond * share) / describers.length;
  }
  return out;
}

/**
 * Counts `product`'s running recordings in the polling states through visibility. Running only:
 * a terminated recording keeps its last RecordingState (Recording) in visibility but polls no more.
 */
export function visibilityFleetCount(client: Client): (product: Product) => Promise<number> {
  const states = POLLING_STATES.map((s) => `'${s}'`).join(', ');
  return async (product) =>
    (
      await client.workflow.count(
        `WorkflowType = '${WORKFLOW_TYPES.recording}' AND ExecutionStatus = 'Running' AND ${RecordingProductKey.name} = '${product}' AND ${RecordingStateKey.name} IN (${states})`,
      )
    ).count;
}
