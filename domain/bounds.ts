/**
 * Documented lifecycle bounds per product (reference §9) and the helpers the workflow needs
 * to act before them. Pure data and arithmetic: imported by the workflow bundle.
 */
import { RESOURCE_EXPIRED_HOUR, type Product } from './catalog';

export interface Range {
  readonly min: number;
  readonly max: number;
  /** The provider's default when the field is omitted. */
  readonly default: number;
}

export interface ProductBounds {
  /** TRTC, TRRO: seconds without an anchor before the provider ends the task. */
  readonly maxIdleTimeSec?: Range;
  /** TRTC cloud: hours after TaskId issue during which Describe/Modify/Delete still work. */
  readonly resourceExpiredHour?: Range;
  /** trtc-web: hard cap in seconds (804 Status 1). Always sent, see WEB_MAX_DURATION_DEFAULT_SEC. */
  readonly maxDurationLimitSec?: Range;
  /** TIW: seconds without A/V and board activity before the provider stops the task. */
  readonly autoStopTimeoutSec?: Range;
  /** TIW FORCE_STOP: paused longer than this, or running longer than `maxTotalMs`. */
  readonly maxPausedMs?: number;
  readonly maxTotalMs?: number;
  /** CSS highlight mode: the task ends at most this long after creation. */
  readonly highlightMaxMs?: number;
  /** mp4/aac split length in minutes (TRTC, TRRO, web). */
  readonly maxMediaFileDurationMin?: Range;
  /** Client time-out per provider call: above the provider's own (TRTC 6 s, CSS 3 s). */
  readonly callTimeoutMs: number;
}

/**
 * Web MaxDurationLimit: the seed page (StartWebRecord, seed 002) says [1800, 36000], default
 * 36000; SDK 4.1.313 documents [1800, 86400]. The seeds win: a value above 36000 is refused
 * before it reaches the provider, and 36000 is sent when the caller omits it.
 */
export const WEB_MAX_DURATION_DEFAULT_SEC = 36_000;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MEDIA_FILE_MIN: Range = { min: 1, max: 1440, default: 1440 };
const IDLE_SEC: Range = { min: 5, max: 86_400, default: 30 };

export const BOUNDS: Readonly<Record<Product, ProductBounds>> = {
  'trtc-cloud': {
    maxIdleTimeSec: IDLE_SEC,
    resourceExpiredHour: RESOURCE_EXPIRED_HOUR,
    maxMediaFileDurationMin: MEDIA_FILE_MIN,
    callTimeoutMs: 10_000,
  },
  'trtc-web': {
    maxDurationLimitSec: { min: 1800, max: 36_000, default: WEB_MAX_DURATION_DEFAULT_SEC },
    maxMediaFileDurationMin: MEDIA_FILE_MIN,
    callTimeoutMs: 10_000,
  },
  'tiw-online': {
    autoStopTimeoutSec: { min: 300, max: 86_400, default: 300 },
    maxPausedMs: 90 * MINUTE,
    maxTotalMs: 24 * HOUR,
    callTimeoutMs: 10_000,
  },
  'css-live': { highlightMaxMs: 30 * MINUTE, callTimeoutMs: 10_000 },
  'trro-cloud': { maxIdleTimeSec: IDLE_SEC, maxMediaFileDurationMin: MEDIA_FILE_MIN, callTimeoutMs: 10_000 },
};

/** Safety margin before ResourceExpiredHour: act (stop or detach) this long before control is lost. */
export const CONTROL_DEADLINE_MARGIN_MS = 30 * MINUTE;

/** The ResourceExpiredHour in force for trtc-cloud params (the provider default when absent). */
export function resourceExpiredHourOf(params: Readonly<Record<string, unknown>>): number {
  const value = params['ResourceExpiredHour'];
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= RESOURCE_EXPIRED_HOUR.min &&
    value <= RESOURCE_EXPIRED_HOUR.max
    ? value
    : RESOURCE_EXPIRED_HOUR.default;
}

export interface ControlDeadline {
  /** When the provider stops answering Describe/Modify/Delete for the task. */
  readonly expiresAtMs: number;
  /** When the workflow should act (stop, or detach on purpose): `expiresAtMs` minus the margin. */
  readonly actByMs: number;
}

/**
 * The trtc-cloud control deadline: TaskId issue time + ResourceExpiredHour. Pass the time the
 * start request left (a lower bound of the issue time), so the estimate errs early, never late.
 * `undefined` for products without such a deadline.
 */
export function controlDeadline(
  product: Product,
  params: Readonly<Record<string, unknown>>,
  issuedAtMs: number,
  marginMs: number = CONTROL_DEADLINE_MARGIN_MS,
): ControlDeadline | undefined {
  if (product !== 'trtc-cloud') return undefined;
  const expiresAtMs = issuedAtMs + resourceExpiredHourOf(params) * HOUR;
  return { expiresAtMs, actByMs: expiresAtMs - marginMs };
}

/** trtc-web: the MaxDurationLimit that will be sent (the caller's, or our default). */
export function webMaxDurationSecOf(params: Readonly<Record<string, unknown>>): number {
  const value = params['MaxDurationLimit'];
  return typeof value === 'number' && Number.isInteger(value) ? value : WEB_MAX_DURATION_DEFAULT_SEC;
}
