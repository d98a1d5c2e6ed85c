/**
 * Admission control to the provider's concurrency quotas, as pure facts: which quota a
 * recording counts against (its quota key: product family + app or account), the documented
 * limits, how a configured limit is looked up, and the admission workflow's id and state.
 * Shared by the workflow bundle (no zod, no I/O here), the worker's activities and the client.
 */
import type { Product } from './catalog';

/** Products that share one concurrency quota per app (or per account, for CSS). */
export type QuotaFamily = 'trtc' | 'tiw' | 'css';

/**
 * The family of each product that has a concurrency quota. trtc-cloud and trtc-web share one
 * pool per SdkAppId: the TRTC guide gives one number (100 per SdkAppId) for recording tasks, and
 * counting both in one pool can only admit fewer, never more, than the provider allows.
 * trro-cloud documents no concurrency quota.
 */
export const QUOTA_FAMILY: Readonly<Record<Product, QuotaFamily | undefined>> = {
  'trtc-cloud': 'trtc',
  'trtc-web': 'trtc',
  'tiw-online': 'tiw',
  'css-live': 'css',
  'trro-cloud': undefined,
};

export const QUOTA_FAMILIES: readonly QuotaFamily[] = ['trtc', 'tiw', 'css'];

/**
 * The documented limits (`ADMISSION_LIMITS=documented`): TRTC 100 concurrent recording tasks per
 * SdkAppId, CSS 400 running scheduled tasks per account. TIW answers
 * `LimitExceeded.TaskConcurrency` without documenting the number, so it has no default.
 */
export const DOCUMENTED_CONCURRENCY: Readonly<Partial<Record<QuotaFamily, number>>> = { trtc: 100, css: 400 };

/** CSS counts running tasks per account: the worker's credentials are one account. */
const CSS_ACCOUNT = 'account';

/** The quota a recording counts against, `<family>:<SdkAppId>` or `css:account`; undefined when it has none. */
export function quotaKeyOf(product: Product, params: Readonly<Record<string, unknown>>): string | undefined {
  const family = QUOTA_FAMILY[product];
  if (family === undefined) return undefined;
  if (family === 'css') return `css:${CSS_ACCOUNT}`;
  const app = params['SdkAppId'];
  return typeof app === 'number' || (typeof app === 'string' && app !== '') ? `${family}:${String(app)}` : undefined;
}

/** The configured concurrency limits (worker config `ADMISSION_LIMITS`); an absent entry is no limit. */
export interface AdmissionLimits {
  /** Every key of a family, e.g. `trtc=100`. */
  readonly families: Readonly<Partial<Record<QuotaFamily, number>>>;
  /** One key, e.g. `trtc:1400000001=20`; wins over its family's entry. */
  readonly keys: Readonly<Record<string, number>>;
}

export const NO_ADMISSION_LIMITS: AdmissionLimits = { families: {}, keys: {} };

/** The limit for `quotaKey`, or undefined (admission does not apply). */
export function limitFor(limits: AdmissionLimits, quotaKey: string): number | undefined {
  const own = limits.keys[quotaKey];
  if (own !== undefined) return own;
  const family = quotaKey.slice(0, quotaKey.indexOf(':')) as QuotaFamily;
  return limits.families[family];
}

const ADMISSION_PREFIX = 'admission:';

/** The one admission workflow of a quota key (its semaphore). */
export function admissionWorkflowId(quotaKey: string): string {
  return `${ADMISSION_PREFIX}${quotaKey}`;
}

/** A recording waiting for a slot. */
export interface AdmissionWaiter {
  /** The recording's workflow id: one slot per recording, kept across its continue-as-new. */
  readonly workflowId: string;
  readonly recordId: string;
  readonly queuedAtMs: number;
}

/** What the admission workflow keeps, and carries across continue-as-new (plain JSON). */
export interface AdmissionState {
  readonly quotaKey: string;
  /** The latest limit an acquire carried (each worker sends its configured one). */
  readonly limit: number;
  /** How often slots are checked for holders that closed without releasing (ms). */
  readonly checkIntervalMs: number;
  /** Workflow ids holding a slot. */
  readonly holders: readonly string[];
  /** FIFO: the first is admitted next. */
  readonly queue: readonly AdmissionWaiter[];
  /** Slots taken back from holders found closed (terminated, timed out). */
  readonly reclaimed: number;
}

/** A recording's place: 1 = next to be admitted; `holding` once admitted; absent when unknown to the semaphore. */
export function positionOf(state: AdmissionState, workflowId: string): number | 'holding' | undefined {
  if (state.holders.includes(workflowId)) return 'holding';
  const at = state.queue.findIndex((w) => w.workflowId === workflowId);
  return at < 0 ? undefined : at + 1;
}
