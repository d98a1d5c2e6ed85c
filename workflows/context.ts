/** What every phase and handler of one recording run shares (request, options, lifecycle, calls, lock), and the status and result read from it. */
import { patched, workflowInfo } from '@temporalio/workflow';
import { epochMsToChinaStandardTime } from '../domain/china-time';
import { recordIdOfWorkflowId } from './messages';
import {
  DUPLICATES_RUN,
  RecordingLifecycle,
  SCREEN_CALLBACK_FILES,
  STOP_UNADOPTED_TASKS,
  type EventRules,
} from './lifecycle';
import { cssEndsAtMs, nowMs, resolveOptions, type ResolvedOptions } from './deadlines';
import { ControlLock, providerCalls, type ProviderCalls } from './provider';
import { searchAttributePublisher } from './search-attributes';
import type { RecordingRequest, RecordingResult, RecordingSnapshot, RecordingStatus } from './types';

/** One run's shared state; created once per run, before the first await. */
export interface RecordingContext {
  readonly request: RecordingRequest;
  readonly opts: ResolvedOptions;
  readonly life: RecordingLifecycle;
  readonly calls: ProviderCalls;
  readonly lock: ControlLock;
  /** Upserts search attributes if state, identity or TaskIds changed. */
  readonly publish: () => void;
}

/**
 * trtc-cloud's desired layout and subscriptions as first sent (CreateCloudRecording has
 * SubscribeStreamUserIds inside RecordParams); modifyUpdate replaces keys of this set.
 */
export function initialDesired(request: RecordingRequest): Record<string, unknown> {
  if (request.product !== 'trtc-cloud') return {};
  const p = request.params;
  const record = p['RecordParams'];
  const subscribe =
    typeof record === 'object' && record !== null
      ? (record as Record<string, unknown>)['SubscribeStreamUserIds']
      : undefined;
  return {
    ...(p['MixLayoutParams'] === undefined ? {} : { MixLayoutParams: p['MixLayoutParams'] }),
    ...(subscribe === undefined ? {} : { SubscribeStreamUserIds: subscribe }),
  };
}

/** Patch: a css-live request with a `relativeWindow` gets its StartTime/EndTime from the run's start. */
export const CSS_RELATIVE_WINDOW = 'css-relative-window';

/**
 * StartTime/EndTime of a relative window, from the start of this workflow execution chain
 * (`workflowInfo().startTime`: deterministic, the same in every run after continue-as-new; for
 * a scheduled run, the moment the schedule started it).
 */
function windowParams(request: RecordingRequest): Readonly<Record<string, unknown>> {
  const window = request.relativeWindow;
  if (window === undefined || !patched(CSS_RELATIVE_WINDOW)) return request.params;
  const opensAtMs = workflowInfo().startTime.getTime() + window.offsetMs;
  return {
    ...request.params,
    StartTime: epochMsToChinaStandardTime(opensAtMs),
    EndTime: epochMsToChinaStandardTime(opensAtMs + window.durationMs),
  };
}

/** The request with its effective recordId (see `recordIdFromWorkflowId`) and window. */
function effectiveRequest(request: RecordingRequest): RecordingRequest {
  const params = windowParams(request);
  const windowed = params === request.params ? request : { ...request, params };
  if (request.recordIdFromWorkflowId !== true) return windowed;
  const recordId = recordIdOfWorkflowId(workflowInfo().workflowId);
  return recordId === undefined ? windowed : { ...windowed, recordId };
}

/** One run's context: a fresh lifecycle, or the one the previous run carried across continue-as-new. */
export function createContext(original: RecordingRequest, carried?: RecordingSnapshot): RecordingContext {
  const request = effectiveRequest(original);
  const opts = resolveOptions(request);
  const life = carried
    ? RecordingLifecycle.restore(carried)
    : RecordingLifecycle.create({ ...request.schedule, desired: initialDesired(request) }, nowMs());
  return {
    request,
    opts,
    life,
    calls: providerCalls(request.product, opts.activityQueuePrefix),
    lock: new ControlLock(),
    publish: searchAttributePublisher(request, life),
  };
}

/** Patch `stop-unadopted-tasks` applies: a trro-cloud recording stops tasks of its device it did not adopt. */
export function claimsUnadoptedTasks(ctx: RecordingContext): boolean {
  return DUPLICATES_RUN.includes(ctx.request.product) && patched(STOP_UNADOPTED_TASKS);
}

/** How this workflow code applies a provider callback (lifecycle.ts `applyProviderEvent`). */
export function eventRules(ctx: RecordingContext): EventRules {
  return {
    params: ctx.request.params,
    claimUnadopted: claimsUnadoptedTasks(ctx),
    screenFiles: patched(SCREEN_CALLBACK_FILES),
  };
}

/** The status query's answer: the snapshot minus the event-id dedupe window (internal, up to 500 ids). */
export function statusOf(ctx: RecordingContext): RecordingStatus {
  const { seenEventIds: _window, ...s } = ctx.life.snapshot();
  const { request } = ctx;
  // Read-only (a query): a closed run's replayed status carries it too, for its closure.
  const bound =
    request.product === 'css-live' && s.startRequestedAtMs !== undefined
      ? cssEndsAtMs(request.params, s.startRequestedAtMs)
      : undefined;
  return {
    ...s,
    recordId: request.recordId,
    product: request.product,
    expiryPolicy: ctx.opts.expiryPolicy,
    ...(s.task ? { taskId: s.task.taskId } : {}),
    ...(bound === undefined ? {} : { unknownTaskEndsByMs: bound.atMs }),
  };
}

/** The workflow result; an ending with no recorded reason reads as `failed`. */
export function resultOf(ctx: RecordingContext): RecordingResult {
  const s = ctx.life.snapshot();
  const optional = <K extends keyof RecordingSnapshot>(key: K) => (s[key] === undefined ? {} : { [key]: s[key] });
  return {
    recordId: ctx.request.recordId,
    product: ctx.request.product,
    state: s.state,
    endReason: s.endReason ?? 'failed',
    ...(s.task ? { taskId: s.task.taskId } : {}),
    taskIds: s.taskIds,
    ...optional('identity'),
    attempts: s.startCalls,
    requestedAtMs: s.requestedAtMs,
    ...optional('startedAtMs'),
    ...optional('stoppedAtMs'),
    endedAtMs: s.endedAtMs ?? nowMs(),
    ...optional('providerEnd'),
    files: s.files,
    filesComplete: s.uploadComplete,
    ...optional('detachedReason'),
    ...optional('failure'),
    warnings: s.warnings,
  };
}
