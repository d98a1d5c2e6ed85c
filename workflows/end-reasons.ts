/** Pure tables: which terminal state each end reason leads to, and how a provider end cause reads as an end reason. */
import type { ProviderEndCause } from '../domain/contract';
import type { EndReason, ProviderEnd, RecordingState } from './types';

/** Each end reason ends in exactly one state. */
export const TERMINAL_STATE: Readonly<Record<EndReason, RecordingState>> = {
  'stopped-by-request': 'Completed',
  'scheduled-end': 'Completed',
  'max-duration': 'Completed',
  'provider-max-duration': 'Completed',
  'forced-stop': 'Completed',
  'ended-externally': 'Completed',
  idle: 'IdleEnded',
  'auto-stop': 'IdleEnded',
  expired: 'Expired',
  'control-lost': 'Expired',
  failed: 'Failed',
  detached: 'Detached',
  cancelled: 'Cancelled',
  'cancelled-before-start': 'Cancelled',
};

export const TERMINAL_STATES: readonly RecordingState[] = ['Completed', 'IdleEnded', 'Expired', 'Failed', 'Cancelled', 'Detached'];

/** The non-terminal moves the lifecycle allows; any state may also finish (go terminal). */
export const NEXT_STATES: Readonly<Record<RecordingState, readonly RecordingState[]>> = {
  Scheduled: ['Starting'],
  Starting: ['Recording', 'Stopping'],
  Recording: ['Paused', 'Stopping'],
  Paused: ['Recording', 'Stopping'],
  Stopping: [],
  Completed: [],
  IdleEnded: [],
  Expired: [],
  Failed: [],
  Cancelled: [],
  Detached: [],
};

/**
 * The end reason for a task the provider ended on its own. Causes that are neither ours nor a
 * documented bound (someone else's API stop, room dismissed, kicked, vanished) read as
 * `ended-externally`; the provider's words stay in `providerEnd.detail`.
 */
export function endReasonForCause(cause: ProviderEndCause | undefined): EndReason {
  switch (cause) {
    case 'idle-timeout':
      return 'idle';
    case 'auto-stop':
      return 'auto-stop';
    case 'max-duration':
      return 'provider-max-duration';
    case 'forced-stop':
      return 'forced-stop';
    case 'failed':
      return 'failed';
    default:
      return 'ended-externally';
  }
}

/** As {@link endReasonForCause}; a bound the provider enforces by itself with no cause given (css-live EndTime) is the scheduled end. */
export function endReasonForEnd(end: ProviderEnd | undefined): EndReason {
  if (end?.source === 'bound' && end.cause === undefined) return 'scheduled-end';
  return endReasonForCause(end?.cause);
}
