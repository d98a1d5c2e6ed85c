/**
 * The recording workflow's public data: states, end reasons, status (query), result and the
 * plain-JSON snapshot it carries across continue-as-new (the input lives in request.ts and is
 * re-exported here). Types only: client, gateway and workflow share them.
 */
import type { OutputFile, ProviderEndCause, ProviderIdentity, ProviderTaskState, TaskRef } from '../domain/contract';
import type { Product } from '../domain/catalog';
import type { ExpiryPolicy } from './request';

/** Lifecycle states (DESIGN.md "Lifecycle"); `Detached` = control given up on purpose, with a reason. */
export type RecordingState =
  | 'Scheduled'
  | 'Starting'
  | 'Recording'
  | 'Paused'
  | 'Stopping'
  | 'Completed'
  | 'IdleEnded'
  | 'Expired'
  | 'Failed'
  | 'Cancelled'
  | 'Detached';

/** Why a recording ended. Each maps to exactly one terminal state (see lifecycle.ts `TERMINAL_STATE`). */
export type EndReason =
  | 'stopped-by-request'
  | 'scheduled-end'
  | 'max-duration'
  | 'idle'
  | 'auto-stop'
  | 'provider-max-duration'
  | 'forced-stop'
  /** The provider ended it for a reason that is neither ours nor a bound (API stop by someone else, room dismissed, kicked, vanished). */
  | 'ended-externally'
  | 'failed'
  /** trtc-cloud, policy `stop-before-expiry`: stopped a safety margin before ResourceExpiredHour. */
  | 'expired'
  /** The provider refused control (ResourceExpiredHour passed) before we could stop. */
  | 'control-lost'
  /** Control given up on purpose: expiry policy `detach`, or a css-live start whose TaskId never became known. */
  | 'detached'
  | 'cancelled'
  | 'cancelled-before-start';

export type { ExpiryPolicy, PollSettings, RecordingRequest, RecordingSchedule } from './request';

export type WarningCode =
  | 'start-uncertain'
  | 'task-id-lost'
  | 'task-replaced'
  | 'extra-task-stopped'
  | 'foreign-task-event'
  | 'poll-failed'
  | 'stop-failed'
  | 'files-incomplete'
  | 'expiry-before-end';

/** Something the caller should know; repeated warnings are counted, not repeated. */
export interface RecordingWarning {
  readonly code: WarningCode;
  readonly detail: string;
  readonly atMs: number;
  readonly count: number;
}

/** How we learnt that the provider ended the task on its own. */
export interface ProviderEnd {
  readonly cause?: ProviderEndCause;
  readonly atMs: number;
  readonly source: 'callback' | 'poll' | 'bound';
  readonly detail?: string;
}

/** The plain-JSON state carried across continue-as-new (epoch ms, arrays; no Map or Date). */
export interface RecordingSnapshot {
  readonly state: RecordingState;
  readonly attempt: number;
  readonly startCalls: number;
  readonly identity?: ProviderIdentity;
  readonly task?: TaskRef;
  /** Every TaskId seen for this recording (the current one last). */
  readonly taskIds: readonly string[];
  /** TaskIds from task-started callbacks matching our identity, not adopted (yet). */
  readonly candidateTaskIds: readonly string[];
  /** Duplicate TaskIds (trro-cloud) still to stop. */
  readonly extraTaskIds: readonly string[];
  readonly requestedAtMs: number;
  readonly startAtMs?: number;
  readonly endAtMs?: number;
  readonly maxDurationMs?: number;
  readonly startRequestedAtMs?: number;
  readonly startedAtMs?: number;
  readonly controlExpiresAtMs?: number;
  readonly stopRequest?: { readonly atMs: number; readonly by?: string; readonly reason: EndReason };
  readonly providerEnd?: ProviderEnd;
  readonly stoppedAtMs?: number;
  readonly endedAtMs?: number;
  readonly endReason?: EndReason;
  readonly detachedReason?: string;
  readonly failure?: { readonly type: string; readonly message: string };
  /** trtc-cloud: the full desired MixLayoutParams / SubscribeStreamUserIds last sent (Modify overwrites). */
  readonly desired: Readonly<Record<string, unknown>>;
  readonly files: readonly OutputFile[];
  readonly uploadComplete: boolean;
  /** Most recent provider event ids (dedupe window carried over). */
  readonly seenEventIds: readonly string[];
  readonly callbackCount: number;
  readonly pollCount: number;
  readonly lastPollAtMs?: number;
  readonly lastProviderStatus?: string;
  readonly lastObservedState?: ProviderTaskState;
  readonly warnings: readonly RecordingWarning[];
  /** How many runs (continue-as-new hand-overs) came before this one. */
  readonly runIndex: number;
}

/** The status query result: the snapshot (minus the dedupe window) plus identity of the recording. */
export interface RecordingStatus extends Omit<RecordingSnapshot, 'seenEventIds'> {
  readonly recordId: string;
  readonly product: Product;
  readonly expiryPolicy: ExpiryPolicy;
  readonly taskId?: string;
}

/** The workflow result. */
export interface RecordingResult {
  readonly recordId: string;
  readonly product: Product;
  readonly state: RecordingState;
  readonly endReason: EndReason;
  readonly taskId?: string;
  readonly taskIds: readonly string[];
  readonly identity?: ProviderIdentity;
  readonly attempts: number;
  readonly requestedAtMs: number;
  readonly startedAtMs?: number;
  readonly stoppedAtMs?: number;
  readonly endedAtMs: number;
  readonly providerEnd?: ProviderEnd;
  readonly files: readonly OutputFile[];
  readonly filesComplete: boolean;
  readonly detachedReason?: string;
  readonly failure?: { readonly type: string; readonly message: string };
  readonly warnings: readonly RecordingWarning[];
}
