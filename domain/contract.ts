/**
 * The seam between the recording workflow and its activities: plain JSON types only, so the
 * workflow bundle imports nothing but types from here. Every activity makes at most one
 * signed provider call; the product decides which action (see domain/catalog.ts).
 */
import { DEFAULT_ACTIVITY_QUEUE_PREFIX, type Product } from './catalog';

/**
 * The provider-side identity derived deterministically from the caller's recordId (and,
 * for trtc-web, an attempt number). It is what makes a retried start land on the same task
 * and what lets a lost TaskId be found again (reference §8).
 */
export interface ProviderIdentity {
  /** trtc-cloud: the recording bot's UserId in the room. */
  readonly botUserId?: string;
  /** trtc-web: the RecordId sent to StartWebRecord (< 32 bytes). */
  readonly webRecordId?: string;
  /** tiw-online: the exclusive RecordUserId (`tic_record_user_<RoomId>_<suffix>`). */
  readonly recordUserId?: string;
}

/** Everything needed to address a running provider task again. */
export interface TaskRef {
  readonly product: Product;
  /** Always a string; css-live's integer TaskId is kept as its decimal digits. */
  readonly taskId: string;
  readonly region?: string;
  readonly sdkAppId?: number;
  /** TRTC / TIW room, kept for callback routing and search attributes. */
  readonly roomId?: string;
  /** css-live: StreamName is required to stop the task. */
  readonly streamName?: string;
  readonly identity: ProviderIdentity;
  /**
   * trtc-cloud: when ResourceExpiredHour ends control (epoch ms, estimated from the moment the
   * start request left, so it errs early). After it Describe/Modify/Delete are refused while
   * the task keeps running; see domain/bounds.ts `controlDeadline`.
   */
  readonly controlExpiresAtMs?: number;
}

/** A recorded output file, as the product reports it (fields absent when unknown). */
export interface OutputFile {
  /** Object key, index file name, or URL. */
  readonly name: string;
  readonly url?: string;
  readonly userId?: string;
  readonly trackType?: string;
  /** VOD FileId where the product commits to VOD. */
  readonly fileId?: string;
  readonly startMs?: number;
  readonly endMs?: number;
  readonly durationMs?: number;
  readonly sizeBytes?: number;
  readonly format?: string;
}

/** Common lifecycle view of a provider task state. */
export type ProviderTaskState = 'starting' | 'recording' | 'paused' | 'idle' | 'stopping' | 'ended' | 'unknown';

/** Why the provider ended a task on its own (or how we learnt it ended). */
export type ProviderEndCause =
  | 'stopped-by-api'
  | 'idle-timeout'
  | 'auto-stop'
  | 'max-duration'
  | 'forced-stop'
  | 'room-dismissed'
  | 'kicked'
  | 'replaced'
  | 'failed'
  | 'not-found';

export interface TaskObservation {
  readonly state: ProviderTaskState;
  /** Present when state is 'ended'. */
  readonly endCause?: ProviderEndCause;
  /** The provider's own status word (e.g. `InProgress`, `PAUSED`), for the record. */
  readonly providerStatus?: string;
  readonly files: readonly OutputFile[];
  /** Provider detail worth keeping (FinishReason, LeaveCode, ...); no secrets. */
  readonly detail?: string;
  /**
   * describe only: the worker's fleet poll unit for this product's describe API
   * (domain/poll-budget.ts), recorded in history so the workflow's next poll stays deterministic.
   */
  readonly fleetPollUnitMs?: number;
}

// ---- activity inputs and outputs -------------------------------------------------------

export interface StartTaskInput {
  readonly product: Product;
  readonly recordId: string;
  /** Start attempt number kept in workflow state; trtc-web derives a fresh RecordId from it. */
  readonly attempt: number;
  readonly region?: string;
  /** Product start parameters with Tencent's field names; validated again in the activity. */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * The provider identity the workflow derived for this attempt and published as routing keys:
   * the one owner of that fact, which the activity uses as it is. Absent only in inputs
   * scheduled by workflow code older than patch `identity-in-start-input`; the activity then
   * derives it as that code did.
   */
  readonly identity?: ProviderIdentity;
}

export type StartTaskOutcome =
  | { readonly kind: 'started'; readonly task: TaskRef; readonly requestId: string }
  /**
   * The provider says a task for this identity already exists (web TaskExist, TIW
   * ResourceInUse.RecordUserId): do not create, recover the TaskId instead.
   */
  | { readonly kind: 'exists'; readonly identity: ProviderIdentity; readonly code: string }
  /**
   * The call may or may not have created a task and retrying blindly could bill twice
   * (css-live). The workflow records it and recovers or bounds the risk as the product allows.
   */
  | { readonly kind: 'ambiguous'; readonly identity: ProviderIdentity; readonly reason: string }
  /**
   * trtc-web only: the provider refused the start with a retryable error (InternalError,
   * capacity) and its docs demand a NEW RecordId before trying again. The workflow increments
   * `attempt` (new identity) and calls startTask again after `retryAfterMs`.
   */
  | { readonly kind: 'retry-next-attempt'; readonly code: string; readonly retryAfterMs: number }
  /**
   * A product whose repeated create is not safe (css-live, trro-cloud) got a refusal the
   * provider answered (throttle, capacity, InternalError, expired signature): it did not act,
   * so the workflow calls startTask again after `retryAfterMs`. (Products whose repeated create
   * is safe have these retried by the activity's retry policy instead, except a throttle on the
   * policy's last attempt, which comes back here too.) `throttled`: the refusal was a
   * RequestLimitExceeded, which never counts toward `maxStartCalls` (a throttle is not a failure).
   */
  | {
      readonly kind: 'retry-later';
      readonly code: string;
      readonly retryAfterMs: number;
      readonly throttled?: boolean;
    };

/** A lookup of the task that the start with this same input created (same derived identity). */
export type RecoverTaskInput = StartTaskInput;

/** Result of a provider lookup by identity (DescribeWebRecord by RecordId, TIW running list). */
export type RecoverTaskOutcome =
  | { readonly kind: 'found'; readonly task: TaskRef }
  | { readonly kind: 'not-found' }
  /** The product has no lookup API: only a callback can reveal the TaskId. */
  | { readonly kind: 'unsupported' };

export interface DescribeTaskInput {
  readonly task: TaskRef;
}

/** ModifyCloudRecording is a full overwrite: the workflow always sends the whole desired set. */
export interface ModifyTaskInput {
  readonly task: TaskRef;
  /** Tencent field names (`MixLayoutParams`, `SubscribeStreamUserIds`), complete lists. */
  readonly changes: Readonly<Record<string, unknown>>;
}

export interface TaskControlInput {
  readonly task: TaskRef;
}

export type StopTaskOutcome =
  | { readonly kind: 'stopped'; readonly requestId: string }
  /** The provider no longer knows the task (already ended): stopping is done. */
  | { readonly kind: 'already-ended'; readonly code: string };

/**
 * The activity set the workflow proxies. Failures: non-retryable ApplicationFailure whose
 * `type` is the provider error code (e.g. `InvalidParameter.OutOfRange`, `ResourceNotFound`),
 * or `ProviderControlLost` once ResourceExpiredHour has passed; everything else retries.
 */
export interface RecordingActivities {
  startTask(input: StartTaskInput): Promise<StartTaskOutcome>;
  recoverTask(input: RecoverTaskInput): Promise<RecoverTaskOutcome>;
  describeTask(input: DescribeTaskInput): Promise<TaskObservation>;
  modifyTask(input: ModifyTaskInput): Promise<void>;
  pauseTask(input: TaskControlInput): Promise<void>;
  resumeTask(input: TaskControlInput): Promise<void>;
  stopTask(input: TaskControlInput): Promise<StopTaskOutcome>;
}

// ---- provider callbacks, normalised -----------------------------------------------------

/** What a provider callback tells the workflow, after the gateway verified and parsed it. */
export type ProviderEventKind =
  'task-started' | 'task-start-failed' | 'task-ended' | 'paused' | 'resumed' | 'files' | 'upload-complete' | 'info';

/**
 * A verified, deduplicated provider callback mapped to common terms. The gateway signals
 * it to the recording workflow; routing keys say which recording it belongs to.
 */
export interface ProviderEvent {
  /** Stable per provider message (dedupe key): product + event type + task + provider timestamp. */
  readonly eventId: string;
  readonly product: Product;
  readonly kind: ProviderEventKind;
  /** Provider event time (epoch ms). */
  readonly occurredAtMs: number;
  readonly taskId?: string;
  /** Routing keys the callback carried. */
  readonly botUserId?: string;
  readonly recordUserId?: string;
  readonly roomId?: string;
  readonly streamName?: string;
  /** trro-cloud: the device stream the task records (ProjectId + DeviceId route it; VideoStreamId when sent). */
  readonly projectId?: string;
  readonly deviceId?: string;
  readonly videoStreamId?: number;
  /**
   * For 'task-ended' (and TIW's final 'upload-complete') when the provider says why; absent
   * when the callback does not tell (web 802, TIW OnlineRecordStopped).
   */
  readonly endCause?: ProviderEndCause;
  readonly files?: readonly OutputFile[];
  /** Provider event code and detail (e.g. `302 LeaveCode=99`), for the record. */
  readonly detail?: string;
}

// ---- the orphan sweep -------------------------------------------------------------------

/**
 * A closed recording workflow that left tasks that may still bill (terminated, timed out, or a
 * stop that failed): found through the `RecordingLiveTasks` search attribute, its tasks read
 * from its last status.
 */
export interface OrphanedRecording {
  readonly recordId: string;
  readonly workflowId: string;
  readonly runId: string;
  /** Temporal's name for how the run closed: TERMINATED, TIMED_OUT, FAILED, CANCELLED or COMPLETED. */
  readonly executionStatus: string;
  readonly closedAtMs?: number;
  readonly product: Product;
  /** The lifecycle state the workflow was in when it closed. */
  readonly lastState: string;
  /** Each task to stop, as the workflow knew it. */
  readonly tasks: readonly TaskRef[];
  /** TaskIds with no known task to copy region, app and identity from (nothing can stop them). */
  readonly unresolved: readonly string[];
  /**
   * Closed while a start call may have created a task whose TaskId it never learnt: the start's
   * own input, for a product that can look the task up (`recoverTask`: trtc-web, tiw-online).
   */
  readonly pendingStart?: RecoverTaskInput;
}

export interface FindOrphansInput {
  /** Only workflows closed this recently (keep it within the namespace's retention). */
  readonly lookbackMs: number;
  /** At most this many per sweep; the next sweep takes the rest. */
  readonly limit: number;
}

/** A task the provider lists as running (TIW DescribeRunningTasks, each confirmed with DescribeOnlineRecord). */
export interface RunningTask {
  readonly taskId: string;
  readonly roomId?: string;
  /** When the provider created it, when its answer says so. */
  readonly createdAtMs?: number;
  /** The bot that records (TIW RecordUserId), matched against the recordings' `ruser:` routing keys. */
  readonly recordUserId?: string;
}

/** Where to list running tasks: one app of a product that can list them. */
export interface ListRunningInput {
  readonly product: Product;
  readonly sdkAppId: number;
  readonly region?: string;
}

/** The sweep's provider-side activity, on the product's `findRunning` queue (rate-limited like the recovery). */
export interface ListRunningActivities {
  listRunningTasks(input: ListRunningInput): Promise<RunningTask[]>;
}

export interface UnownedTasksInput {
  readonly product: Product;
  readonly tasks: readonly RunningTask[];
}

/** The sweep's Temporal-side activities (visibility and status queries; no provider call). */
export interface ReaperActivities {
  findOrphans(input: FindOrphansInput): Promise<OrphanedRecording[]>;
  /** Of `tasks`, those no running recording workflow owns (by TaskId or by its bot's RecordUserId). */
  unownedTasks(input: UnownedTasksInput): Promise<RunningTask[]>;
  /** Running recordings stuck on a nondeterministic workflow task, each reset to it or reported (worker/stuck-repair.ts). */
  repairStuck(input: RepairStuckInput): Promise<StuckRepairReport>;
  /** Whose task a callback revealed after its recording closed, and how to stop it (worker/revealed-task.ts). */
  judgeRevealedTask(input: RevealedTaskInput): Promise<RevealedTaskVerdict>;
}

/**
 * A task a verified callback revealed whose recordings, found by its identity (bot UserId,
 * RecordUserId, web RecordId, device), had all closed: typically a create that was in flight
 * when an operator terminated the workflow, so the run never learnt the TaskId.
 */
export interface RevealedTaskInput {
  readonly product: Product;
  readonly taskId: string;
  /** The identity routing keys the callback carried (`bot:…`, `device:…`), as the gateway tried them. */
  readonly keys: readonly string[];
  /** The closed recording workflows those keys found. */
  readonly workflowIds: readonly string[];
}

/** What the reaper decided about a revealed task. */
export type RevealedTaskVerdict =
  | {
      readonly kind: 'stop';
      readonly task: TaskRef;
      /** The closed run whose unanswered start call made it. */
      readonly recordId: string;
      readonly workflowId: string;
      readonly runId: string;
      readonly executionStatus: string;
    }
  /** Not ours to stop: a running recording owns it, the run declared it (the sweep reaps those), or no run could have made it. */
  | { readonly kind: 'leave'; readonly reason: string; readonly recordId?: string };

export interface RepairStuckInput {
  /** At most this many per sweep; the next sweep takes the rest. */
  readonly limit: number;
  /** A run reset this often already is reported instead (its code keeps diverging). */
  readonly maxRepairs: number;
}

/** One stuck recording and what the repair did: reset, or why not. */
export interface StuckRecording {
  readonly workflowId: string;
  readonly runId: string;
  readonly outcome: 'reset' | 'needs-operator' | 'replays' | 'failed';
  /** The completed workflow task whose commands the code does not reproduce. */
  readonly resetToEventId?: number;
  readonly newRunId?: string;
  readonly detail?: string;
}

export interface StuckRepairReport {
  readonly found: number;
  readonly repairs: readonly StuckRecording[];
}

/** The task queue of the reaper's activity; it calls Temporal, not the provider, so it has no rate limit. */
export function reaperTaskQueue(prefix = DEFAULT_ACTIVITY_QUEUE_PREFIX): string {
  return `${prefix}.reaper`;
}

// ---- admission control (domain/admission.ts) -------------------------------------------

/** A recording asks for a slot of its quota key. */
export interface AdmissionRequest {
  readonly quotaKey: string;
  readonly recordId: string;
  /** The recording's workflow id (the slot's holder). */
  readonly workflowId: string;
}

/**
 * `unlimited`: this worker configures no limit for the key, start at once. `queued`: the
 * admission workflow has the request; the recording waits for its `admittedSignal`.
 */
export type AdmissionAnswer =
  | { readonly kind: 'unlimited' }
  | { readonly kind: 'queued'; readonly admissionWorkflowId: string; readonly limit: number };

/** The admission workflow's Temporal-side activities (no provider call). */
export interface AdmissionActivities {
  /** Signals (starting it if needed) the key's admission workflow with an acquire carrying this worker's limit. */
  requestAdmission(input: AdmissionRequest): Promise<AdmissionAnswer>;
  /** Of `workflowIds`, those no longer running (closed without releasing: terminated, timed out). */
  closedHolders(input: { readonly workflowIds: readonly string[] }): Promise<string[]>;
  /** Running recordings that hold a slot of `quotaKey` (search attribute `RecordingAdmission`), to rebuild a lost semaphore. */
  admittedRecordings(input: { readonly quotaKey: string }): Promise<string[]>;
}

/** The task queue of the admission activities (a Temporal client, not the provider). */
export function admissionTaskQueue(prefix = DEFAULT_ACTIVITY_QUEUE_PREFIX): string {
  return `${prefix}.admission`;
}
