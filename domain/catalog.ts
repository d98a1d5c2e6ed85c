/**
 * What each recording product is, as plain data: its service, the provider action per
 * lifecycle operation, documented rate limits, capabilities and bounds.
 * Pure (no zod, no I/O) so workflows, activities, the worker and the client can all import it.
 * Sources: docs/provider-apis.md §3–§9.
 */

export const PRODUCTS = ['trtc-cloud', 'trtc-web', 'tiw-online', 'css-live', 'trro-cloud'] as const;
export type Product = (typeof PRODUCTS)[number];

export type ServiceName = 'trtc' | 'tiw' | 'live' | 'trro';

/** Lifecycle operations; each maps to at most one provider action per product. */
export type Operation = 'start' | 'describe' | 'modify' | 'pause' | 'resume' | 'stop' | 'findRunning';

export interface ProductCapabilities {
  /** The provider can be asked for task state (otherwise callbacks are the only source). */
  readonly describe: boolean;
  readonly modify: boolean;
  readonly pause: boolean;
  /** The provider can list running tasks (used to recover a lost TaskId). */
  readonly findRunning: boolean;
}

export interface ProductCatalogEntry {
  readonly service: ServiceName;
  readonly version: string;
  readonly actions: Readonly<Partial<Record<Operation, string>>>;
  readonly capabilities: ProductCapabilities;
  /** Documented per-action request rate (requests per second, per account). */
  readonly rateLimitPerSecond: Readonly<Partial<Record<Operation, number>>>;
  /**
   * The callback signature covers the body (TRTC and TRRO: HMAC-SHA256 of the raw body). TIW
   * and CSS sign only an expiry time, so such a callback is a hint to confirm (invariant 7).
   */
  readonly callbackSignatureCoversBody: boolean;
  /**
   * Sending the same create again can never run a second task: the provider dedupes it by an
   * identity we derive (web RecordId → TaskExist, TIW RecordUserId → ResourceInUse) or the new
   * task replaces the old (TRTC, same bot UserId). False for css-live and trro-cloud (no key,
   * reference §8): a create that may have been sent is never re-sent by a retry policy.
   */
  readonly repeatedCreateIsSafe: boolean;
}

const SERVICE_VERSION: Readonly<Record<ServiceName, string>> = {
  trtc: '2019-07-22',
  tiw: '2019-09-19',
  live: '2018-08-01',
  trro: '2022-03-25',
};

export const CATALOG: Readonly<Record<Product, ProductCatalogEntry>> = {
  'trtc-cloud': {
    service: 'trtc',
    version: SERVICE_VERSION.trtc,
    actions: {
      start: 'CreateCloudRecording',
      describe: 'DescribeCloudRecording',
      modify: 'ModifyCloudRecording',
      stop: 'DeleteCloudRecording',
    },
    capabilities: { describe: true, modify: true, pause: false, findRunning: false },
    rateLimitPerSecond: { start: 20, describe: 20, modify: 20, stop: 20 },
    callbackSignatureCoversBody: true,
    repeatedCreateIsSafe: true,
  },
  'trtc-web': {
    service: 'trtc',
    version: SERVICE_VERSION.trtc,
    actions: { start: 'StartWebRecord', describe: 'DescribeWebRecord', stop: 'StopWebRecord' },
    capabilities: { describe: true, modify: false, pause: false, findRunning: false },
    rateLimitPerSecond: { start: 20, describe: 20, stop: 20 },
    callbackSignatureCoversBody: true,
    repeatedCreateIsSafe: true,
  },
  'tiw-online': {
    service: 'tiw',
    version: SERVICE_VERSION.tiw,
    actions: {
      start: 'StartOnlineRecord',
      describe: 'DescribeOnlineRecord',
      pause: 'PauseOnlineRecord',
      resume: 'ResumeOnlineRecord',
      stop: 'StopOnlineRecord',
      findRunning: 'DescribeRunningTasks',
    },
    capabilities: { describe: true, modify: false, pause: true, findRunning: true },
    rateLimitPerSecond: { start: 20, describe: 20, pause: 20, resume: 20, stop: 20, findRunning: 20 },
    callbackSignatureCoversBody: false,
    repeatedCreateIsSafe: true,
  },
  'css-live': {
    service: 'live',
    version: SERVICE_VERSION.live,
    actions: { start: 'CreateLiveRecord', stop: 'StopLiveRecord' },
    capabilities: { describe: false, modify: false, pause: false, findRunning: false },
    rateLimitPerSecond: { start: 500, stop: 200 },
    callbackSignatureCoversBody: false,
    repeatedCreateIsSafe: false,
  },
  'trro-cloud': {
    service: 'trro',
    version: SERVICE_VERSION.trro,
    actions: { start: 'CreateCloudRecording', stop: 'DeleteCloudRecording' },
    capabilities: { describe: false, modify: false, pause: false, findRunning: false },
    rateLimitPerSecond: { start: 20, stop: 20 },
    callbackSignatureCoversBody: true,
    repeatedCreateIsSafe: false,
  },
};

/** Documented TRTC ResourceExpiredHour bounds (hours from TaskId issue). */
export const RESOURCE_EXPIRED_HOUR = { min: 6, max: 720, default: 72 } as const;

/**
 * Fraction of each rate limit the activity queues leave unused by default (RATE_LIMIT_HEADROOM).
 * Temporal's matching service splits a queue's rate over its partitions (4 by default), each
 * holding about one second of burst, so one sliding second can see up to twice the configured
 * rate: (1 − 0.6) × 2 = 0.8 of the limit, and the last 20 % absorbs the spread between dispatch
 * and arrival at the provider. Measured in bench/rate-headroom.ts (bench/results/).
 */
export const DEFAULT_RATE_LIMIT_HEADROOM = 0.6;

/**
 * The activity task queue for one provider action. One queue per rate-limit domain
 * (service + action) lets the Temporal server enforce the documented per-account limit
 * across all workers together (`maxTaskQueueActivitiesPerSecond`).
 */
/** The activity task queues' prefix when none is configured (config ACTIVITY_QUEUE_PREFIX). */
export const DEFAULT_ACTIVITY_QUEUE_PREFIX = 'tencent';

export function activityTaskQueue(
  product: Product,
  operation: Operation,
  prefix = DEFAULT_ACTIVITY_QUEUE_PREFIX,
): string {
  const entry = CATALOG[product];
  const action = entry.actions[operation];
  if (action === undefined) throw new Error(`${product} has no provider action for "${operation}"`);
  return `${prefix}.${entry.service}.${action}`;
}

export function isProduct(value: string): value is Product {
  return (PRODUCTS as readonly string[]).includes(value);
}

/** Regions of Tencent Cloud API 3.0 (the optional-region products accept any of them). */
const API_REGIONS = [
  'ap-bangkok',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-guangzhou',
  'ap-hongkong',
  'ap-jakarta',
  'ap-mumbai',
  'ap-nanjing',
  'ap-seoul',
  'ap-shanghai',
  'ap-shanghai-fsi',
  'ap-shenzhen-fsi',
  'ap-singapore',
  'ap-tokyo',
  'eu-frankfurt',
  'na-ashburn',
  'na-siliconvalley',
  'sa-saopaulo',
] as const;

/**
 * The regions a product's start call accepts, on the mainland endpoint and on the international
 * one (reference §1.1 and Open question 7): CreateCloudRecording lists ap-beijing, ap-guangzhou,
 * ap-shanghai and ap-singapore; web recording on the intl site and TIW on both official names
 * of its endpoint only ap-singapore; CSS and TRRO take any region. A client that does not know
 * which endpoint the workers use checks against both.
 */
export const START_REGIONS: Readonly<
  Record<Product, { readonly mainland: readonly string[]; readonly intl: readonly string[] }>
> = {
  'trtc-cloud': {
    mainland: ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'],
    intl: ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'],
  },
  'trtc-web': { mainland: ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'], intl: ['ap-singapore'] },
  // The TIW seed names ap-singapore only; the mainland list is the one the emulator keeps for base-URL clients.
  'tiw-online': { mainland: ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore'], intl: ['ap-singapore'] },
  'css-live': { mainland: API_REGIONS, intl: API_REGIONS },
  'trro-cloud': { mainland: API_REGIONS, intl: API_REGIONS },
};
