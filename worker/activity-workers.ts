/**
 * The activity task-queue layout (invariant 6): one queue per provider API, each with the
 * server-enforced `maxTaskQueueActivitiesPerSecond` set under that API's documented limit
 * (limit × scale × (1 − headroom)), so the limit holds across all workers together however
 * many processes poll. Pure.
 */
import {
  CATALOG,
  DEFAULT_RATE_LIMIT_HEADROOM,
  PRODUCTS,
  type Operation,
  type Product,
  type ProductCatalogEntry,
  type ServiceName,
} from '../domain/catalog';

/** One activity task queue and the rate the Temporal server may dispatch from it. */
export interface ActivityQueueSpec {
  readonly taskQueue: string;
  readonly service: ServiceName;
  readonly action: string;
  /** `service.Action`, the key of RATE_LIMITS overrides. */
  readonly api: string;
  /** Every product operation whose calls go through this queue. */
  readonly uses: readonly { readonly product: Product; readonly operation: Operation }[];
  /** The documented per-account limit (requests per second). */
  readonly documentedPerSecond: number;
  /** What the workers set: (override ?? documented) × scale × (1 − headroom). */
  readonly maxTaskQueueActivitiesPerSecond: number;
}

export interface ActivityQueueLayoutOptions {
  readonly prefix?: string;
  /** Fraction (0, 1] of each limit to use, leaving head-room for other clients of the account. */
  readonly scale?: number;
  /**
   * Fraction [0, 1) of the scaled limit left unused, because the server may dispatch up to about
   * twice the configured rate in one sliding second (domain/catalog.ts DEFAULT_RATE_LIMIT_HEADROOM).
   */
  readonly headroom?: number;
  /** `service.Action` → requests per second, replacing the documented limit (a raised quota). */
  readonly overrides?: Readonly<Record<string, number>>;
  readonly catalog?: Readonly<Record<Product, ProductCatalogEntry>>;
}

/**
 * Lists the activity queues, sorted by name. Two product operations share a queue only when
 * they call the same API (same service and action, hence the same account quota); the
 * catalog must then agree on version and limit, otherwise this throws.
 */
export function activityQueueLayout(options: ActivityQueueLayoutOptions = {}): ActivityQueueSpec[] {
  const { prefix = 'tencent', scale = 1, overrides = {}, catalog = CATALOG } = options;
  const headroom = options.headroom ?? DEFAULT_RATE_LIMIT_HEADROOM;
  if (!(scale > 0 && scale <= 1)) throw new Error(`rate-limit scale must be in (0, 1], got ${scale}`);
  if (!(headroom >= 0 && headroom < 1)) throw new Error(`rate-limit headroom must be in [0, 1), got ${headroom}`);
  const byQueue = new Map<
    string,
    { spec: Omit<ActivityQueueSpec, 'maxTaskQueueActivitiesPerSecond'>; version: string }
  >();
  for (const product of PRODUCTS) {
    const entry = catalog[product];
    // Every action the catalog names, so a newly added operation gets its queue too.
    for (const [operation, action] of Object.entries(entry.actions) as [Operation, string | undefined][]) {
      if (action === undefined) continue;
      const limit = entry.rateLimitPerSecond[operation];
      if (limit === undefined || !(limit > 0))
        throw new Error(`${product} ${operation} (${action}) has no documented rate limit`);
      // Same rule as activityTaskQueue(), applied to the given catalog; a unit test holds them equal.
      const taskQueue = `${prefix}.${entry.service}.${action}`;
      const known = byQueue.get(taskQueue);
      if (known === undefined) {
        const spec = {
          taskQueue,
          service: entry.service,
          action,
          api: `${entry.service}.${action}`,
          uses: [{ product, operation }],
          documentedPerSecond: limit,
        };
        byQueue.set(taskQueue, { spec, version: entry.version });
        continue;
      }
      if (known.version !== entry.version || known.spec.documentedPerSecond !== limit) {
        throw new Error(
          `${taskQueue}: ${product} ${operation} disagrees with ${describeUses(known.spec.uses)} on version or rate limit`,
        );
      }
      known.spec = { ...known.spec, uses: [...known.spec.uses, { product, operation }] };
    }
  }
  const apis = new Set([...byQueue.values()].map(({ spec }) => spec.api));
  const unknown = Object.keys(overrides).filter((api) => !apis.has(api));
  if (unknown.length > 0)
    throw new Error(`RATE_LIMITS names unknown APIs: ${unknown.join(', ')} (known: ${[...apis].sort().join(', ')})`);
  return [...byQueue.values()]
    .map(({ spec }) => ({
      ...spec,
      maxTaskQueueActivitiesPerSecond: dispatchRate(
        (overrides[spec.api] ?? spec.documentedPerSecond) * scale * (1 - headroom),
      ),
    }))
    .sort((a, b) => (a.taskQueue < b.taskQueue ? -1 : 1));
}

/** Rounded to a thousandth, so 20 × (1 − 0.6) is 8 and not 7.999999999999999. */
function dispatchRate(perSecond: number): number {
  return Math.round(perSecond * 1000) / 1000;
}

function describeUses(uses: ActivityQueueSpec['uses']): string {
  return uses.map((u) => `${u.product} ${u.operation}`).join(', ');
}
