/** The workflow's knobs with their defaults applied, derived once from the request (pure). */
import { CONTROL_DEADLINE_MARGIN_MS } from '../domain/bounds';
import type { ExpiryPolicy, PollSettings, RecordingRequest } from './types';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;

export const DEFAULT_POLL: Required<PollSettings> = {
  // TRTC guide: describe about 15 s after the start.
  firstDelayMs: 15 * SECOND,
  minIntervalMs: 15 * SECOND,
  intervalMs: 30 * SECOND,
  quietMaxIntervalMs: 2 * MINUTE,
  maxIntervalMs: 10 * MINUTE,
};

export const DEFAULTS = {
  expiryPolicy: 'stop-before-expiry' as ExpiryPolicy,
  activityQueuePrefix: 'tencent',
  collectTimeoutMs: 15 * MINUTE,
  lostTaskWaitMs: 2 * MINUTE,
  maxStartCalls: 5,
} as const;

export interface ResolvedOptions {
  readonly expiryPolicy: ExpiryPolicy;
  readonly expiryMarginMs: number;
  readonly poll: Required<PollSettings>;
  readonly activityQueuePrefix: string;
  readonly collectTimeoutMs: number;
  readonly lostTaskWaitMs: number;
  readonly maxStartCalls: number;
  readonly historyLengthThreshold?: number;
}

/** The request's knobs with DEFAULTS and DEFAULT_POLL filled in. */
export function resolveOptions(request: RecordingRequest): ResolvedOptions {
  return {
    expiryPolicy: request.expiryPolicy ?? DEFAULTS.expiryPolicy,
    expiryMarginMs: request.expiryMarginMs ?? CONTROL_DEADLINE_MARGIN_MS,
    poll: { ...DEFAULT_POLL, ...request.poll },
    activityQueuePrefix: request.activityQueuePrefix ?? DEFAULTS.activityQueuePrefix,
    collectTimeoutMs: request.collectTimeoutMs ?? DEFAULTS.collectTimeoutMs,
    lostTaskWaitMs: request.lostTaskWaitMs ?? DEFAULTS.lostTaskWaitMs,
    maxStartCalls: request.maxStartCalls ?? DEFAULTS.maxStartCalls,
    ...(request.historyLengthThreshold === undefined ? {} : { historyLengthThreshold: request.historyLengthThreshold }),
  };
}
