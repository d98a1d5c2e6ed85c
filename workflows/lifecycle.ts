/**
 * The recording state machine, whole: its states and end reasons, the plain-JSON snapshot it
 * carries across continue-as-new, what a recording accumulates (files, warnings, the event-id
 * dedupe window), the transitions, and how a provider callback changes it. Pure and
 * deterministic (time comes in as arguments), so it is unit-tested directly and carried across
 * continue-as-new as is; workflow handlers and phases only call its methods.
 */
import type {
  OutputFile,
  ProviderEndCause,
  ProviderEvent,
  ProviderIdentity,
  ProviderTaskState,
  TaskRef,
} from '../domain/contract';
import type { Product } from '../domain/catalog';
import { screenCallbackFiles } from '../domain/file-storage';
import { admissionWorkflowId } from '../domain/admission';

// ---- states and end reasons ------------------------------------------------------------

/** Lifecycle states (docs/lifecycle.md); `Detached` = control given up on purpose, with a reason. */
export type RecordingState =
  | 'Scheduled'
  /** Waiting for a slot of the provider's concurrency quota (domain/admission.ts); no provider call yet. */
  | 'Queued'
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

/** Why a recording ended. Each maps to exactly one terminal state (see `TERMINAL_STATE` below). */
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

/** The states a recording ends in; nothing moves out of them. */
export const TERMINAL_STATES: readonly RecordingState[] = [
  'Completed',
  'IdleEnded',
  'Expired',
  'Failed',
  'Cancelled',
  'Detached',
];

/** The non-terminal moves the lifecycle allows; any state may also finish (go terminal). */
export const NEXT_STATES: Readonly<Record<RecordingState, readonly RecordingState[]>> = {
  Scheduled: ['Starting'],
  // Starting → Queued only before the first start call (admission applies).
  Queued: ['Starting'],
  Starting: ['Queued', 'Recording', 'Stopping'],
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

// ---- what may still bill -----------------------------------------------------------------

/** Endings after which no stop can (control-lost) or should (detached: given up on purpose) be sent. */
const NO_STOP_AFTER: readonly EndReason[] = ['control-lost', 'detached'];

/**
 * TaskIds that may still bill and that a stop could still end: the adopted task until it was
 * stopped or the provider ended it, then every duplicate still to stop. Published as the
 * `RecordingLiveTasks` search attribute, so a workflow closed with some left (terminated, timed
 * out, a stop that failed) is found by the orphan sweep (workflows/reaper.ts).
 */
export function liveTaskIds(s: LiveTaskFields): string[] {
  const adoptedLive =
    s.task !== undefined &&
    s.stoppedAtMs === undefined &&
    s.providerEnd === undefined &&
    !(s.endReason !== undefined && NO_STOP_AFTER.includes(s.endReason));
  const ids = adoptedLive && s.task !== undefined ? [s.task.taskId] : [];
  for (const id of s.extraTaskIds) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** The snapshot fields liveness is read from (a status answer has them too). */
export type LiveTaskFields = Pick<
  RecordingSnapshot,
  'task' | 'stoppedAtMs' | 'providerEnd' | 'endReason' | 'extraTaskIds'
>;

/**
 * {@link liveTaskIds} as tasks a stop call can address: a duplicate shares the adopted task's
 * product, region, app and identity. A duplicate seen before any task was adopted has nothing
 * to copy them from and is `unresolved`.
 */
export function liveTaskRefs(s: LiveTaskFields): { tasks: TaskRef[]; unresolved: string[] } {
  const tasks: TaskRef[] = [];
  const unresolved: string[] = [];
  for (const taskId of liveTaskIds(s)) {
    if (s.task === undefined) unresolved.push(taskId);
    else tasks.push({ ...s.task, taskId });
  }
  return { tasks, unresolved };
}

// ---- the snapshot: what a run carries to the next --------------------------------------

/** What a warning is about; the detail says which task or call. */
export type WarningCode =
  | 'start-uncertain'
  | 'task-id-lost'
  | 'task-replaced'
  | 'extra-task-stopped'
  /** A duplicate task of this recording that the provider reported ended by itself (nothing left to stop). */
  | 'extra-task-ended'
  | 'foreign-task-event'
  | 'poll-failed'
  | 'stop-failed'
  | 'files-incomplete'
  | 'expiry-before-end'
  /** A callback said the task ended; the provider, asked, said it still runs (the callback was ignored). */
  | 'end-not-confirmed'
  /** A callback reported a file whose URL is not in the recording's storage; it was not added (the detail names the host). */
  | 'file-refused';

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
  /**
   * trro-cloud: start calls that may have created a task whose TaskId is not known yet (each
   * ambiguous create made at most one). Only that many unknown tasks of this device can be ours;
   * absent in snapshots older than patch `stop-unadopted-tasks` (read as 0: nothing is claimed).
   */
  readonly unaccountedStarts?: number;
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
  /** The fleet poll unit the last describe answered with (patch `fleet-aware-polling`). */
  readonly fleetPollUnitMs?: number;
  /**
   * When a callback the gateway could not authenticate last named this task (a genuine TIW one
   * whose signature came with another body first): the provider may have news, so the next poll
   * comes soon (deadlines.ts; patch `callback-poll-hint`).
   */
  readonly pollHintAtMs?: number;
  readonly lastProviderStatus?: string;
  readonly lastObservedState?: ProviderTaskState;
  readonly warnings: readonly RecordingWarning[];
  /** How many runs (continue-as-new hand-overs) came before this one. */
  readonly runIndex: number;
  /** Admission to the concurrency quota (patch `admission-control`); absent when none applied. */
  readonly admission?: AdmissionRecord;
}

/** A recording's dealings with its quota's admission workflow (domain/admission.ts). */
export interface AdmissionRecord {
  readonly quotaKey: string;
  readonly admissionWorkflowId: string;
  readonly requestedAtMs?: number;
  /** The limit the acquire carried. */
  readonly limit?: number;
  readonly queuedAtMs?: number;
  readonly admittedAtMs?: number;
  /** Set once the release was sent; a second release is never sent (it would be harmless: releases are idempotent). */
  readonly releasedAtMs?: number;
}

// ---- merging what a recording accumulates ----------------------------------------------

/** Provider event ids remembered for dedupe; callbacks are retried for minutes, not days. */
export const EVENT_ID_WINDOW = 500;
/** Distinct warnings kept; a repeated one is counted instead. */
export const WARNING_LIMIT = 20;

/**
 * Files keyed by name (+ user and track): callbacks and polls report the same file more than
 * once, often with more detail the second time, so later reports fill in earlier ones.
 */
export function mergeFiles(known: readonly OutputFile[], incoming: readonly OutputFile[]): OutputFile[] {
  const keyOf = (f: OutputFile): string => `${f.name}\u0000${f.userId ?? ''}\u0000${f.trackType ?? ''}`;
  const out = [...known];
  for (const file of incoming) {
    const at = out.findIndex((f) => keyOf(f) === keyOf(file));
    if (at < 0) out.push(file);
    else out[at] = { ...out[at], ...file };
  }
  return out;
}

/** Same code and detail → count it; otherwise append, dropping the oldest past the limit. */
export function mergeWarning(known: readonly RecordingWarning[], warning: RecordingWarning): RecordingWarning[] {
  const at = known.findIndex((w) => w.code === warning.code && w.detail === warning.detail);
  if (at >= 0) {
    const prev = known[at] as RecordingWarning;
    return known.map((w, i) => (i === at ? { ...prev, atMs: warning.atMs, count: prev.count + 1 } : w));
  }
  return [...known, warning].slice(-WARNING_LIMIT);
}

/** The window with `eventId` added, or `undefined` when it was already there. */
export function rememberEventId(window: readonly string[], eventId: string): string[] | undefined {
  if (window.includes(eventId)) return undefined;
  return [...window, eventId].slice(-EVENT_ID_WINDOW);
}

// ---- the recording record --------------------------------------------------------------

/** `T` without its readonly marks: the state machine's own, writable view of the snapshot. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a recording accumulates besides its state; the base of {@link RecordingLifecycle}. */
export abstract class RecordingRecord {
  /** Bumped on every change, so waiting loops can wake on "something happened". */
  version = 0;

  protected constructor(protected readonly s: Mutable<RecordingSnapshot>) {}

  protected touch(): this {
    this.version += 1;
    return this;
  }

  /** Read-only view of the current data. */
  get data(): RecordingSnapshot {
    return this.s;
  }

  /** A plain-JSON copy (epoch ms, arrays), safe to pass to continue-as-new or a query. */
  snapshot(): RecordingSnapshot {
    return JSON.parse(JSON.stringify(this.s)) as RecordingSnapshot;
  }

  addCandidate(taskId: string): void {
    if (!this.s.taskIds.includes(taskId) && !this.s.candidateTaskIds.includes(taskId))
      this.s.candidateTaskIds = [...this.s.candidateTaskIds, taskId];
    this.touch();
  }

  addExtraTask(taskId: string): void {
    this.s.candidateTaskIds = this.s.candidateTaskIds.filter((id) => id !== taskId);
    if (!this.s.taskIds.includes(taskId)) {
      this.s.taskIds = [...this.s.taskIds, taskId];
      this.s.extraTaskIds = [...this.s.extraTaskIds, taskId];
    }
    this.touch();
  }

  /** A start call whose outcome is unknown: it may have created one task we have not seen yet. */
  noteAmbiguousStart(): void {
    this.s.unaccountedStarts = (this.s.unaccountedStarts ?? 0) + 1;
    this.touch();
  }

  /** An unknown task is taken as one made by an ambiguous start of ours; false when none is left to explain it. */
  accountForUnknownTask(): boolean {
    const left = this.s.unaccountedStarts ?? 0;
    if (left <= 0) return false;
    this.s.unaccountedStarts = left - 1;
    this.touch();
    return true;
  }

  /** A task of ours the provider reported ended: listed, never adopted, nothing to stop. */
  addEndedTask(taskId: string): void {
    if (!this.s.taskIds.includes(taskId)) this.s.taskIds = [...this.s.taskIds, taskId];
    this.s.candidateTaskIds = this.s.candidateTaskIds.filter((id) => id !== taskId);
    this.touch();
  }

  /** The candidates not adopted, removed from the list (the adopted task is already out of it). */
  takeCandidates(): string[] {
    const left = this.s.candidateTaskIds;
    this.s.candidateTaskIds = [];
    this.touch();
    return [...left];
  }

  extraTaskHandled(taskId: string): void {
    this.s.extraTaskIds = this.s.extraTaskIds.filter((id) => id !== taskId);
    this.touch();
  }

  warn(code: WarningCode, detail: string, nowMs: number): void {
    this.s.warnings = mergeWarning(this.s.warnings, { code, detail, atMs: nowMs, count: 1 });
    this.touch();
  }

  /** Records a provider event id; false when it was seen before (duplicate delivery). */
  firstSighting(eventId: string): boolean {
    const next = rememberEventId(this.s.seenEventIds, eventId);
    if (next === undefined) return false;
    this.s.seenEventIds = next;
    this.s.callbackCount += 1;
    this.touch();
    return true;
  }

  addFiles(files: readonly OutputFile[] | undefined): void {
    if (files === undefined || files.length === 0) return;
    this.s.files = mergeFiles(this.s.files, files);
    this.touch();
  }

  uploadCompleted(): void {
    this.s.uploadComplete = true;
    this.touch();
  }

  notePoll(
    nowMs: number,
    seen?: { state: ProviderTaskState; providerStatus?: string; fleetPollUnitMs?: number },
  ): void {
    this.s.pollCount += 1;
    this.s.lastPollAtMs = nowMs;
    if (seen?.fleetPollUnitMs !== undefined) this.s.fleetPollUnitMs = seen.fleetPollUnitMs;
    if (seen !== undefined) this.s.lastObservedState = seen.state;
    if (seen?.providerStatus !== undefined) this.s.lastProviderStatus = seen.providerStatus;
    this.touch();
  }

  /** A poll hint arrived: answered by the next poll (no data of the hint is used). */
  hintPoll(nowMs: number): void {
    this.s.pollHintAtMs = nowMs;
    this.touch();
  }

  /** Moves the updatable deadlines; `null` clears one, `undefined` leaves it. */
  extend(endAtMs: number | null | undefined, maxDurationMs: number | null | undefined): void {
    if (endAtMs !== undefined) this.s.endAtMs = endAtMs ?? undefined;
    if (maxDurationMs !== undefined) this.s.maxDurationMs = maxDurationMs ?? undefined;
    this.touch();
  }

  setDesired(desired: Readonly<Record<string, unknown>>): void {
    this.s.desired = desired;
    this.touch();
  }
}

// ---- the transitions -------------------------------------------------------------------

/** The states and the moves between them, over the snapshot; time comes in as arguments. */
export class RecordingLifecycle extends RecordingRecord {
  /** A fresh recording: Scheduled when it starts later than `nowMs`, Starting otherwise. */
  static create(
    input: {
      startAtMs?: number;
      endAtMs?: number;
      maxDurationMs?: number;
      desired?: Readonly<Record<string, unknown>>;
    },
    nowMs: number,
  ): RecordingLifecycle {
    const later = input.startAtMs !== undefined && input.startAtMs > nowMs;
    return new RecordingLifecycle({
      state: later ? 'Scheduled' : 'Starting',
      attempt: 0,
      startCalls: 0,
      taskIds: [],
      candidateTaskIds: [],
      extraTaskIds: [],
      requestedAtMs: nowMs,
      startAtMs: input.startAtMs,
      endAtMs: input.endAtMs,
      maxDurationMs: input.maxDurationMs,
      desired: input.desired ?? {},
      files: [],
      uploadComplete: false,
      seenEventIds: [],
      callbackCount: 0,
      pollCount: 0,
      warnings: [],
      runIndex: 0,
    });
  }

  /** The next run's lifecycle after continue-as-new. */
  static restore(snapshot: RecordingSnapshot): RecordingLifecycle {
    return new RecordingLifecycle({ ...snapshot, runIndex: snapshot.runIndex + 1 });
  }

  get state(): RecordingState {
    return this.s.state;
  }
  get task(): TaskRef | undefined {
    return this.s.task;
  }
  get isTerminal(): boolean {
    return TERMINAL_STATES.includes(this.s.state);
  }
  get isActive(): boolean {
    return this.s.state === 'Recording' || this.s.state === 'Paused';
  }
  /** A stop needs no further provider call: it was made, the provider ended the task, or there never was one. */
  get stopSettled(): boolean {
    return (
      this.isTerminal ||
      (this.s.state === 'Stopping' &&
        (this.s.stoppedAtMs !== undefined || this.s.providerEnd !== undefined || this.s.task === undefined))
    );
  }

  private moveTo(next: RecordingState): void {
    if (!NEXT_STATES[this.s.state].includes(next))
      throw new Error(`lifecycle: ${this.s.state} → ${next} is not allowed`);
    this.s.state = next;
  }

  beginStart(): void {
    this.moveTo('Starting');
    this.touch();
  }

  /** Before each start call: the identity it uses (published as routing keys first) and the time it left. */
  noteStartCall(identity: ProviderIdentity, nowMs: number): void {
    this.s.identity = identity;
    this.s.startCalls += 1;
    // The first call's time bounds the TaskId issue time from below, whichever call created it.
    this.s.startRequestedAtMs ??= nowMs;
    this.touch();
  }

  nextAttempt(): void {
    this.s.attempt += 1;
    this.touch();
  }

  /** The provider task is known: Starting → Recording (or a replacement TaskId while recording). */
  adoptTask(task: TaskRef, nowMs: number, controlExpiresAtMs?: number): void {
    if (this.s.state === 'Starting') this.moveTo('Recording');
    this.s.task = task;
    this.s.taskIds = this.s.taskIds.includes(task.taskId) ? this.s.taskIds : [...this.s.taskIds, task.taskId];
    this.s.candidateTaskIds = this.s.candidateTaskIds.filter((id) => id !== task.taskId);
    this.s.startedAtMs ??= nowMs;
    const expiries = [task.controlExpiresAtMs, controlExpiresAtMs].filter((v): v is number => v !== undefined);
    if (expiries.length > 0) this.s.controlExpiresAtMs = Math.min(...expiries);
    this.touch();
  }

  /** css-live: the start may or may not have created a task and its TaskId is unknown. */
  recordWithoutTask(nowMs: number): void {
    this.moveTo('Recording');
    this.s.startedAtMs ??= nowMs;
    this.touch();
  }

  /**
   * The first stop wins; later ones (a signal after the update, a deadline after a request)
   * change nothing, and neither does one after the provider already ended the task.
   */
  requestStop(reason: EndReason, nowMs: number, by?: string): boolean {
    if (this.s.stopRequest !== undefined || this.s.providerEnd !== undefined || this.isTerminal) return false;
    this.s.stopRequest = { atMs: nowMs, reason, ...(by === undefined ? {} : { by }) };
    this.touch();
    return true;
  }

  /** The provider ended the task on its own; a later report may only add the cause. */
  providerEnded(end: ProviderEnd): void {
    if (this.s.providerEnd === undefined) this.s.providerEnd = end;
    else if (this.s.providerEnd.cause === undefined && end.cause !== undefined)
      this.s.providerEnd = { ...this.s.providerEnd, cause: end.cause };
    this.touch();
  }

  /**
   * A callback said the task ended and the provider, asked, says it is still running: the
   * callback was wrong (or forged: invariant 7), so the recording goes on watching.
   */
  providerEndRefuted(detail: string, nowMs: number): void {
    delete this.s.providerEnd;
    this.warn('end-not-confirmed', detail, nowMs);
  }

  beginStopping(): void {
    this.moveTo('Stopping');
    this.touch();
  }

  stopped(nowMs: number): void {
    this.s.stoppedAtMs ??= nowMs;
    this.touch();
  }

  paused(): void {
    this.moveTo('Paused');
    this.touch();
  }

  resumed(): void {
    this.moveTo('Recording');
    this.touch();
  }

  /** About to ask for a slot: from now on, any ending gives back what the request may have taken. */
  noteAdmissionRequested(quotaKey: string, nowMs: number): void {
    this.s.admission = { quotaKey, admissionWorkflowId: admissionWorkflowId(quotaKey), requestedAtMs: nowMs };
    this.touch();
  }

  /** The worker configures no limit for the key: nothing was taken, nothing to give back. */
  admissionNotNeeded(): void {
    delete this.s.admission;
    this.touch();
  }

  /** Admission applies: Starting (no call yet) → Queued until the admission workflow admits it. */
  enqueue(quotaKey: string, admissionWorkflowId: string, limit: number, nowMs: number): void {
    if (this.s.startCalls > 0) throw new Error('lifecycle: a recording that called start cannot queue');
    this.moveTo('Queued');
    this.s.admission = { ...this.s.admission, quotaKey, admissionWorkflowId, limit, queuedAtMs: nowMs };
    this.touch();
  }

  /** The admission workflow gave this recording a slot; the signal may come before the queue answer. */
  noteAdmitted(quotaKey: string, admissionWorkflowId: string, nowMs: number): void {
    if (this.s.admission?.admittedAtMs !== undefined || this.s.admission?.releasedAtMs !== undefined) return;
    this.s.admission = { ...this.s.admission, quotaKey, admissionWorkflowId, admittedAtMs: nowMs };
    this.touch();
  }

  /** Queued → Starting once admitted. */
  admit(): void {
    this.moveTo('Starting');
    this.touch();
  }

  /** The slot (or the place in the queue) was given back. */
  noteReleased(nowMs: number): void {
    if (this.s.admission === undefined || this.s.admission.releasedAtMs !== undefined) return;
    this.s.admission = { ...this.s.admission, releasedAtMs: nowMs };
    this.touch();
  }

  /** Ends the recording: our stop reason if we stopped it, else what the provider said. */
  finish(nowMs: number, reason?: EndReason): void {
    if (this.isTerminal) return;
    const why = reason ?? this.s.stopRequest?.reason ?? endReasonForEnd(this.s.providerEnd);
    this.s.endReason = why;
    this.s.state = TERMINAL_STATE[why];
    this.s.endedAtMs = nowMs;
    this.touch();
  }

  detach(reason: string, nowMs: number): void {
    this.s.detachedReason = reason;
    this.finish(nowMs, 'detached');
  }

  fail(type: string, message: string, nowMs: number): void {
    this.s.failure = { type, message };
    this.finish(nowMs, 'failed');
  }
}

// ---- provider callbacks ----------------------------------------------------------------

/** Patch: trro-cloud tasks the provider reports for this device but the recording never adopted are stopped. */
export const STOP_UNADOPTED_TASKS = 'stop-unadopted-tasks';
/** Patch: callback files whose URL is not in the recording's storage are refused (domain/file-storage.ts). */
export const SCREEN_CALLBACK_FILES = 'screen-callback-files';

/** Products whose duplicate starts run side by side (no replace, no dedupe): an extra TaskId must be stopped. */
export const DUPLICATES_RUN: readonly Product[] = ['trro-cloud'];

/** What the workflow code in effect does with a callback (each rule behind its patch). */
export interface EventRules {
  /** The start parameters: the device a trro-cloud callback must name, the storage its files must be in. */
  readonly params: Readonly<Record<string, unknown>>;
  /** `stop-unadopted-tasks`: any event of an unknown task of this device counts, within `unaccountedStarts`. */
  readonly claimUnadopted: boolean;
  /** `screen-callback-files`: refuse files outside the recording's storage. */
  readonly screenFiles: boolean;
}

/** The rules of workflow code before either patch. */
export const LEGACY_EVENT_RULES: EventRules = { params: {}, claimUnadopted: false, screenFiles: false };

/** Event kinds that say the task is over: there is nothing left to stop or adopt. */
const ENDED_KINDS: readonly ProviderEvent['kind'][] = ['task-ended', 'task-start-failed', 'upload-complete'];

/**
 * trro-cloud: the event names this recording's device stream. A recording is one
 * (ProjectId, DeviceId, VideoStreamId); a callback without VideoStreamId matches on the device.
 * An event naming no device (older gateways) can have been routed only by its TaskId.
 */
export function matchesDevice(event: ProviderEvent, params: Readonly<Record<string, unknown>>): boolean {
  if (event.projectId === undefined && event.deviceId === undefined) return false;
  if (event.projectId !== params['ProjectId'] || event.deviceId !== params['DeviceId']) return false;
  return event.videoStreamId === undefined || event.videoStreamId === params['VideoStreamId'];
}

/**
 * trro-cloud, patch `stop-unadopted-tasks`: an event for a TaskId this recording has not adopted,
 * from its own device. Before a task is adopted a started one is a candidate (the start phase
 * adopts it: it may be our own task whose answer was lost) and an ended one is listed; any other
 * event, or any live one beside an adopted task, is a duplicate to stop. Each unknown task must be
 * explained by an ambiguous start of ours (`unaccountedStarts`), so a task of another recording of
 * the same device is never stopped for want of an explanation; it is only warned about.
 */
function applyUnadoptedTask(life: RecordingLifecycle, event: ProviderEvent, taskId: string, nowMs: number): void {
  if (life.data.taskIds.includes(taskId)) return; // a duplicate already handled: its end, its files
  const ended = ENDED_KINDS.includes(event.kind);
  const adopted = life.task !== undefined;
  if (!adopted && event.kind === 'task-started') return life.addCandidate(taskId);
  const candidate = life.data.candidateTaskIds.includes(taskId);
  if (candidate && !adopted && !ended) return; // still a candidate for the start phase
  if (!life.accountForUnknownTask()) {
    life.warn(
      'foreign-task-event',
      `${event.kind} for task ${taskId} of this device, not started by this recording`,
      nowMs,
    );
    return;
  }
  if (ended) {
    life.addEndedTask(taskId);
    life.warn('extra-task-ended', `task ${taskId} (not adopted) ended by itself: ${event.detail ?? event.kind}`, nowMs);
    return;
  }
  life.addExtraTask(taskId);
}

/**
 * Once a trro-cloud task is adopted, the other candidates are duplicates (two tasks of ours on
 * one device stream): each is stopped if an ambiguous start explains it (patch `stop-unadopted-tasks`).
 */
export function claimLeftoverCandidates(life: RecordingLifecycle, nowMs: number): void {
  for (const taskId of life.takeCandidates()) {
    if (life.accountForUnknownTask()) life.addExtraTask(taskId);
    else
      life.warn(
        'foreign-task-event',
        `task-started for task ${taskId} of this device, not started by this recording`,
        nowMs,
      );
  }
}

/** Drops callback files outside the recording's storage, with a `file-refused` warning naming the host. */
function screenFiles(
  life: RecordingLifecycle,
  event: ProviderEvent,
  product: Product,
  rules: EventRules,
  nowMs: number,
): readonly OutputFile[] | undefined {
  if (!rules.screenFiles || event.files === undefined || event.files.length === 0) return event.files;
  const { accepted, refused } = screenCallbackFiles(product, rules.params, event.files);
  for (const file of refused) life.warn('file-refused', `${file.host}: ${file.reason}`, nowMs);
  return accepted;
}

/** True when the event names our identity, or the product's callbacks carry no identity to compare. */
export function matchesIdentity(event: ProviderEvent, identity: ProviderIdentity | undefined): boolean {
  if (identity?.botUserId !== undefined && event.botUserId !== undefined) return event.botUserId === identity.botUserId;
  if (identity?.recordUserId !== undefined && event.recordUserId !== undefined)
    return event.recordUserId === identity.recordUserId;
  return identity?.botUserId === undefined && identity?.recordUserId === undefined;
}

/** Applies one event; duplicates (same eventId) and events of other products change nothing. */
export function applyProviderEvent(
  life: RecordingLifecycle,
  incoming: ProviderEvent,
  nowMs: number,
  product: Product,
  rules: EventRules = LEGACY_EVENT_RULES,
): void {
  if (incoming.product !== product || life.isTerminal || !life.firstSighting(incoming.eventId)) return;
  const files = screenFiles(life, incoming, product, rules, nowMs);
  const event: ProviderEvent = files === incoming.files ? incoming : { ...incoming, files };
  const at = event.occurredAtMs > 0 ? event.occurredAtMs : nowMs;
  const current = life.task?.taskId;
  const ours = matchesIdentity(event, life.data.identity);

  if (
    event.taskId !== undefined &&
    event.taskId !== current &&
    rules.claimUnadopted &&
    DUPLICATES_RUN.includes(product) &&
    matchesDevice(event, rules.params)
  ) {
    return applyUnadoptedTask(life, event, event.taskId, nowMs);
  }
  if (event.taskId !== undefined && event.taskId !== current) {
    if (event.kind === 'task-started' && ours) {
      // Before the start answered, or a lost TaskId: the start phase adopts it. Beside a known
      // task: a duplicate (trro-cloud) to stop, or a replacement (trtc-cloud same bot) to adopt when ours ends 'replaced'.
      if (current !== undefined && DUPLICATES_RUN.includes(product)) life.addExtraTask(event.taskId);
      else life.addCandidate(event.taskId);
    } else if (current !== undefined) {
      life.warn('foreign-task-event', `${event.kind} for task ${event.taskId} (ours: ${current})`, nowMs);
    }
    // Files of a task whose TaskId we are still waiting for are ours; beside a known task they are not.
    if (current === undefined && ours) life.addFiles(event.files);
    return;
  }

  life.addFiles(event.files);
  switch (event.kind) {
    case 'task-start-failed':
      life.providerEnded({ cause: 'failed', atMs: at, source: 'callback', ...detailOf(event) });
      break;
    case 'task-ended':
      if (event.endCause === 'replaced' && adoptReplacement(life, nowMs)) break;
      life.providerEnded({
        ...(event.endCause === undefined ? {} : { cause: event.endCause }),
        atMs: at,
        source: 'callback',
        ...detailOf(event),
      });
      break;
    case 'upload-complete':
      life.uploadCompleted();
      // Completion of the upload means the recording is over (TIW Finished also says why).
      if (life.isActive || event.endCause !== undefined) {
        life.providerEnded({
          ...(event.endCause === undefined ? {} : { cause: event.endCause }),
          atMs: at,
          source: 'callback',
          ...detailOf(event),
        });
      }
      break;
    case 'paused':
      if (life.state === 'Recording') life.paused();
      break;
    case 'resumed':
      if (life.state === 'Paused') life.resumed();
      break;
    default:
      // task-started (confirmation), files (merged above), info: nothing else to do.
      break;
  }
}

function detailOf(event: ProviderEvent): { detail?: string } {
  return event.detail === undefined ? {} : { detail: event.detail };
}

/** trtc-cloud: our bot re-entered under a newer TaskId (302 LeaveCode 101); follow the newer task. */
function adoptReplacement(life: RecordingLifecycle, nowMs: number): boolean {
  const task = life.task;
  const next = life.data.candidateTaskIds.at(-1);
  if (task === undefined || next === undefined) return false;
  life.warn('task-replaced', `task ${task.taskId} replaced by ${next}`, nowMs);
  life.adoptTask({ ...task, taskId: next }, nowMs);
  return true;
}
