/**
 * The recording workflow's public types, shared by client, gateway and workflow: the input
 * (request, schedule, poll and expiry settings), the status (query) and the result. The states,
 * end reasons and the snapshot belong to the state machine (lifecycle.ts) and are re-exported
 * here for callers. Types only.
 */
import type { OutputFile, ProviderIdentity } from '../domain/contract';
import type { Product } from '../domain/catalog';
import type { EndReason, ProviderEnd, RecordingSnapshot, RecordingState, RecordingWarning } from './lifecycle';
import type { ReapReport } from './reaper';

export type { ReapReport, ReapedTask } from './reaper';
export type {
  EndReason,
  ProviderEnd,
  RecordingSnapshot,
  RecordingState,
  RecordingWarning,
  WarningCode,
} from './lifecycle';

// ---- the input -------------------------------------------------------------------------

/** What to do before trtc-cloud's ResourceExpiredHour ends control over the task. */
export type ExpiryPolicy = 'stop-before-expiry' | 'detach';

/** When to start and when to stop. All times are epoch ms; every field is optional. */
export interface RecordingSchedule {
  /** Start the provider task at this time (durable timer); absent = now. */
  readonly startAtMs?: number;
  /** Stop at this time (movable with `extendUpdate`). */
  readonly endAtMs?: number;
  /** Stop this long after the task started (movable with `extendUpdate`). */
  readonly maxDurationMs?: number;
}

/** A window relative to a run's start: it opens `offsetMs` after it and lasts `durationMs`. */
export interface RelativeWindow {
  readonly offsetMs: number;
  readonly durationMs: number;
}

/** Status-poll tuning; defaults in deadlines.ts. The describe queue's rate limit bounds the total rate. */
export interface PollSettings {
  /** First describe after the task started (TRTC guide: ~15 s). */
  readonly firstDelayMs?: number;
  /** Never poll more often than this, even near a deadline. */
  readonly minIntervalMs?: number;
  /** Interval after the first poll; doubles on every poll that shows nothing new. */
  readonly intervalMs?: number;
  /** Backoff ceiling while no callback has arrived for the task. */
  readonly quietMaxIntervalMs?: number;
  /** Backoff ceiling once callbacks are flowing (the poll is then only a fallback). */
  readonly maxIntervalMs?: number;
}

/** The workflow input. `params` were validated by the client (zod) before the workflow started. */
export interface RecordingRequest {
  /** The caller's idempotency key; the workflow id is `recordingWorkflowId(recordId)`. */
  readonly recordId: string;
  /**
   * Scheduled (recurring) runs: take the recordId from this run's workflow id instead, since a
   * Temporal Schedule appends the scheduled time to the id and so gives each run its own key.
   */
  readonly recordIdFromWorkflowId?: boolean;
  readonly product: Product;
  readonly region?: string;
  /** Tencent start fields for the product (e.g. `RoomId`, `RecordParams`, `StreamName`). */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * css-live runs of a schedule: the recording window relative to this run's start, from which
   * the workflow computes StartTime/EndTime (a schedule starts every run with the same input).
   */
  readonly relativeWindow?: RelativeWindow;
  readonly schedule?: RecordingSchedule;
  /** trtc-cloud only; default `stop-before-expiry`. */
  readonly expiryPolicy?: ExpiryPolicy;
  /** How long before ResourceExpiredHour to act; default domain/bounds.ts CONTROL_DEADLINE_MARGIN_MS. */
  readonly expiryMarginMs?: number;
  readonly poll?: PollSettings;
  /** Prefix of the per-action activity task queues (domain/catalog.ts `activityTaskQueue`); default `tencent`. */
  readonly activityQueuePrefix?: string;
  /** Bounded wait for completion callbacks / final describe after the task ended; default 15 min. */
  readonly collectTimeoutMs?: number;
  /** Bounded wait for a callback carrying a lost TaskId; default 2 min. */
  readonly lostTaskWaitMs?: number;
  /** Upper bound on start calls across attempts and re-tries; default 5. */
  readonly maxStartCalls?: number;
  /** Continue-as-new once history passes this many events (besides `continueAsNewSuggested`); for tests. */
  readonly historyLengthThreshold?: number;
}

// ---- status and result -----------------------------------------------------------------

/**
 * The state a caller sees: the lifecycle's, or `Terminated` when its workflow was closed from
 * outside (an operator's Terminate, a time-out) before the lifecycle ended; `closure` says more.
 */
export type RecordingStatusState = RecordingState | 'Terminated';

/** What the orphan reaper did about the tasks a closed recording left (workflows/reaper.ts). */
export type ReapProgress =
  /** Nothing may bill: nothing to do. */
  | { readonly state: 'none' }
  /** Not swept yet: the next sweep (or a stop) reaps it. */
  | { readonly state: 'pending' }
  | { readonly state: 'running' }
  | { readonly state: 'done'; readonly report: ReapReport }
  /**
   * Closed mid-start, and the product has no lookup to find a task the start may have created;
   * `mayRunUntilMs`: where the provider ends such a task by itself (css-live EndTime).
   */
  | { readonly state: 'unreachable'; readonly reason: string; readonly mayRunUntilMs?: number };

/**
 * Present when the recording's workflow closed without ending the lifecycle, or ended it with
 * tasks that may still bill (a stop that failed); the client reads it from Temporal, not the workflow.
 */
export interface WorkflowClosure {
  /** Temporal's name for how the run closed: TERMINATED, TIMED_OUT, FAILED, CANCELLED or COMPLETED. */
  readonly executionStatus: string;
  readonly closedAtMs?: number;
  /** The lifecycle state when the workflow closed (its last word). */
  readonly lastState: RecordingState;
  /** Tasks it left that may still bill (before any reap). */
  readonly liveTaskIds: readonly string[];
  /** Closed while Starting after a start call: a task may exist whose TaskId it never learnt. */
  readonly startMayHaveCreated: boolean;
  readonly reap: ReapProgress;
}

/** The status query result: the snapshot (minus the dedupe window) plus identity of the recording. */
export interface RecordingStatus extends Omit<RecordingSnapshot, 'seenEventIds' | 'state'> {
  readonly recordId: string;
  readonly product: Product;
  readonly state: RecordingStatusState;
  readonly expiryPolicy: ExpiryPolicy;
  readonly taskId?: string;
  /**
   * css-live after a start call: when a task it made ends by itself (EndTime, or the highlight
   * cap), the bound of a task whose TaskId never came back (nothing can stop it early).
   */
  readonly unknownTaskEndsByMs?: number;
  readonly closure?: WorkflowClosure;
  /**
   * Queued only: the place in its quota's FIFO (1 = admitted next), read by the client from the
   * admission workflow, which owns the queue (workflows/admission.ts); absent when unknown.
   */
  readonly queuePosition?: number;
}

/** The workflow result. */
export interface RecordingResult {
  readonly recordId: string;
  readonly product: Product;
  readonly state: RecordingStatusState;
  /** `terminated`: the workflow was closed from outside before the lifecycle ended (see `closure`). */
  readonly endReason: EndReason | 'terminated';
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
  readonly closure?: WorkflowClosure;
}
