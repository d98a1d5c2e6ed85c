/**
 * The public status, result and file shapes of the library (and so of the CLI and the HTTP API),
 * defined once as zod schemas: they are the contract, published as JSON Schema in docs/schemas/
 * (scripts/write-schemas.ts), and the types callers see are inferred from them. Times are
 * ISO-8601 strings (the workflow keeps epoch ms inside), files carry usable URLs where the
 * storage makes one, and the workflow's internals sit under `debug`.
 */
import { z } from 'zod';
import { PRODUCTS } from '../../domain/catalog';
import type { ProviderEndCause, ProviderTaskState } from '../../domain/contract';
import { fileUrl, type RecordingStorage } from '../../domain/file-storage';
import { TERMINAL_STATE, TERMINAL_STATES } from '../../workflows/lifecycle';
import type {
  EndReason,
  RecordingResult as WorkflowResult,
  RecordingStatus as WorkflowStatus,
  RecordingWarning,
  ReapProgress,
  WarningCode,
  WorkflowClosure,
} from '../../workflows/types';
import { stillLive } from './closure';
import { RECORDING_STATES } from './list';

// ---- the value lists, checked against the workflow's types --------------------------------

const END_REASONS = Object.keys(TERMINAL_STATE) as [EndReason, ...EndReason[]];

export const WARNING_CODES = [
  'start-uncertain',
  'task-id-lost',
  'task-replaced',
  'extra-task-stopped',
  'extra-task-ended',
  'foreign-task-event',
  'poll-failed',
  'stop-failed',
  'files-incomplete',
  'expiry-before-end',
  'end-not-confirmed',
  'file-refused',
] as const satisfies readonly WarningCode[];
// Fails to compile if workflows/lifecycle.ts gains a warning code this list lacks.
const _warnings: [Exclude<WarningCode, (typeof WARNING_CODES)[number]>] extends [never] ? true : never = true;
void _warnings;

const END_CAUSES = [
  'stopped-by-api',
  'idle-timeout',
  'auto-stop',
  'max-duration',
  'forced-stop',
  'room-dismissed',
  'kicked',
  'replaced',
  'failed',
  'not-found',
] as const satisfies readonly ProviderEndCause[];
const _causes: [Exclude<ProviderEndCause, (typeof END_CAUSES)[number]>] extends [never] ? true : never = true;
void _causes;

const TASK_STATES = [
  'starting',
  'recording',
  'paused',
  'idle',
  'stopping',
  'ended',
  'unknown',
] as const satisfies readonly ProviderTaskState[];

// ---- schemas ----------------------------------------------------------------------------

const iso = z.iso.datetime().describe('ISO-8601 date-time, UTC');
const statusState = z.enum([...RECORDING_STATES, 'Terminated']);
const endReason = z.enum(END_REASONS);

export const outputFileSchema = z
  .object({
    name: z.string().describe('object key, index file name, VOD file name or URL, as the provider reported it'),
    url: z
      .url()
      .optional()
      .describe(
        'where to fetch it: the provider URL (VOD, TIW, CSS), or the object URL built from bucket, region and key',
      ),
    fileId: z.string().optional().describe('VOD FileId'),
    userId: z.string().optional(),
    trackType: z.string().optional(),
    startedAt: iso.optional(),
    endedAt: iso.optional(),
    durationMs: z.number().optional(),
    sizeBytes: z.number().optional(),
    format: z.string().optional(),
  })
  .meta({ id: 'OutputFile' });

const warningSchema = z
  .object({
    code: z.enum(WARNING_CODES),
    detail: z.string(),
    at: iso.describe('when it last happened'),
    count: z.number().int().min(1),
  })
  .meta({ id: 'RecordingWarning' });

const identitySchema = z.object({
  botUserId: z.string().optional(),
  webRecordId: z.string().optional(),
  recordUserId: z.string().optional(),
});

const providerEndSchema = z.object({
  cause: z.enum(END_CAUSES).optional(),
  at: iso,
  source: z.enum(['callback', 'poll', 'bound']),
  detail: z.string().optional(),
});

const failureSchema = z.object({ type: z.string(), message: z.string() });

const reapSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('none') }),
  z.object({ state: z.literal('pending') }),
  z.object({ state: z.literal('running') }),
  z.object({
    state: z.literal('done'),
    report: z.object({
      runId: z.string().describe('the closed run whose tasks were reaped'),
      executionStatus: z.string(),
      by: z
        .enum(['sweep', 'stop', 'callback'])
        .describe(
          "who started it: the periodic sweep, a caller's stop, or a callback of a task the run never learnt of",
        ),
      startedAt: iso,
      endedAt: iso,
      tasks: z.array(
        z.object({
          taskId: z.string(),
          outcome: z.enum(['stopped', 'already-ended', 'failed', 'unresolved', 'not-created']),
          detail: z.string().optional(),
        }),
      ),
    }),
  }),
  z.object({
    state: z.literal('unreachable'),
    reason: z.string(),
    mayRunUntil: iso.optional().describe('when the provider ends such a task by itself (css-live EndTime)'),
  }),
]);

const closureSchema = z
  .object({
    executionStatus: z
      .string()
      .describe('how Temporal closed the run: TERMINATED, TIMED_OUT, FAILED, CANCELLED, COMPLETED'),
    closedAt: iso.optional(),
    lastState: z.enum(RECORDING_STATES),
    liveTaskIds: z.array(z.string()).describe('tasks it left that may still bill (before any reap)'),
    startMayHaveCreated: z.boolean(),
    reap: reapSchema,
  })
  .describe('present when the workflow closed without ending the lifecycle, or ended it with tasks that may bill');

/** What every status and result share. */
const commonFields = {
  recordId: z.string(),
  product: z.enum(PRODUCTS),
  state: statusState,
  taskId: z.string().optional().describe('the provider task the recording follows'),
  taskIds: z.array(z.string()).describe('every TaskId seen for this recording, the current one last'),
  identity: identitySchema.optional().describe('the provider identity derived from the recordId'),
  requestedAt: iso,
  startedAt: iso.optional(),
  stoppedAt: iso.optional(),
  providerEnd: providerEndSchema.optional().describe('how we learnt the provider ended the task by itself'),
  files: z.array(outputFileSchema),
  filesComplete: z
    .boolean()
    .describe('the provider reported every file; false always comes with a files-incomplete warning once ended'),
  detachedReason: z.string().optional(),
  failure: failureSchema.optional(),
  warnings: z.array(warningSchema),
  closure: closureSchema.optional(),
};

export const recordingStatusSchema = z
  .object({
    ...commonFields,
    endReason: endReason.optional(),
    expiryPolicy: z.enum(['stop-before-expiry', 'detach']),
    liveTaskIds: z
      .array(z.string())
      .describe('TaskIds that may still bill (after any reap); empty once an ended recording bills nothing'),
    startCalls: z.number().int().min(0),
    queue: z
      .object({
        quotaKey: z.string().describe('the concurrency quota: family and app, e.g. trtc:1400000001, or css:account'),
        limit: z.number().int().min(1).optional().describe('the configured concurrency of the quota'),
        position: z.number().int().min(1).optional().describe('1 = started next; absent when unknown'),
        queuedAt: iso.optional(),
        admittedAt: iso.optional(),
        releasedAt: iso.optional(),
      })
      .optional()
      .describe('admission to the provider concurrency quota: present once the recording asked for a slot'),
    startAt: iso.optional().describe('scheduled start'),
    endAt: iso.optional().describe('scheduled end (movable with extend)'),
    maxDurationMs: z.number().int().optional(),
    controlExpiresAt: iso.optional().describe('trtc-cloud: when ResourceExpiredHour ends control (estimated early)'),
    stopRequest: z.object({ at: iso, by: z.string().optional(), reason: endReason }).optional(),
    endedAt: iso.optional(),
    callbackCount: z.number().int(),
    pollCount: z.number().int(),
    lastPollAt: iso.optional(),
    lastProviderStatus: z.string().optional(),
    debug: z
      .object({
        attempt: z.number().int(),
        task: z.record(z.string(), z.unknown()).optional(),
        candidateTaskIds: z.array(z.string()),
        extraTaskIds: z.array(z.string()),
        unaccountedStarts: z.number().int().optional(),
        startRequestedAt: iso.optional(),
        lastObservedState: z.enum(TASK_STATES).optional(),
        desired: z.record(z.string(), z.unknown()),
        runIndex: z.number().int(),
      })
      .describe('workflow internals for diagnosis; not part of the stable contract'),
  })
  .meta({ id: 'RecordingStatus', title: 'Recording status' });

export const recordingResultSchema = z
  .object({
    ...commonFields,
    endReason: z.enum([...END_REASONS, 'terminated']),
    attempts: z.number().int().min(0).describe('start calls made'),
    endedAt: iso,
  })
  .meta({ id: 'RecordingResult', title: 'Recording result' });

/** One recording as `list` shows it, from visibility (may lag the workflow by a moment). */
export const recordingSummarySchema = z
  .object({
    recordId: z.string(),
    workflowId: z.string(),
    product: z.enum(PRODUCTS).optional(),
    state: statusState
      .optional()
      .describe('Terminated: the run closed from outside while its last published state was not an ending'),
    room: z.string().optional(),
    runStatus: z.string().describe("Temporal's view: RUNNING, COMPLETED, FAILED, TERMINATED, ..."),
    startedAt: iso,
    closedAt: iso.optional(),
  })
  .meta({ id: 'RecordingSummary', title: 'Recording list entry' });

export type RecordingStatus = z.infer<typeof recordingStatusSchema>;
export type RecordingSummary = z.infer<typeof recordingSummarySchema>;
export type RecordingResult = z.infer<typeof recordingResultSchema>;
export type PublicOutputFile = z.infer<typeof outputFileSchema>;

// ---- from the workflow's shapes -----------------------------------------------------------

const isoOf = (ms: number): string => new Date(ms).toISOString();
const isoIf = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : isoOf(ms));
/** Epoch ms the provider reported; anything before 2000 is a relative or unknown stamp, left out. */
const providerIso = (ms: number | undefined): string | undefined =>
  ms !== undefined && Number.isFinite(ms) && ms > 946_684_800_000 ? isoOf(ms) : undefined;

/** `value` without its undefined members, so the JSON shows only what is known. */
function defined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function files(raw: WorkflowStatus['files'], storage: RecordingStorage | undefined, taskId: string | undefined) {
  return raw.map((f) =>
    defined({
      name: f.name,
      url: fileUrl(storage ?? { kind: 'unchecked', why: 'storage unknown' }, taskId, f),
      fileId: f.fileId,
      userId: f.userId,
      trackType: f.trackType,
      startedAt: providerIso(f.startMs),
      endedAt: providerIso(f.endMs),
      durationMs: f.durationMs,
      sizeBytes: f.sizeBytes,
      format: f.format,
    }),
  );
}

const warningOf = (w: RecordingWarning) => ({ code: w.code, detail: w.detail, at: isoOf(w.atMs), count: w.count });

/**
 * The warnings with `files-incomplete` added when the files are not known to be complete and
 * the workflow did not say so itself (css-live reports no completion; a recording that never
 * ran a task has none).
 */
function warningsOf(
  raw: readonly RecordingWarning[],
  filesComplete: boolean,
  ended: boolean,
  context: { fileCount: number; taskCount: number; atMs: number; product: string },
) {
  const out = raw.map(warningOf);
  if (filesComplete || !ended || raw.some((w) => w.code === 'files-incomplete')) return out;
  const detail =
    context.taskCount === 0
      ? 'no provider task ran, so there are no files'
      : context.product === 'css-live'
        ? `CSS sends no completion report: ${context.fileCount} file(s) listed, later ones may still arrive by callback`
        : `the provider did not report the upload complete: ${context.fileCount} file(s) listed so far`;
  return [...out, { code: 'files-incomplete' as const, detail, at: isoOf(context.atMs), count: 1 }];
}

function reapOf(reap: ReapProgress) {
  if (reap.state === 'unreachable')
    return defined({ state: reap.state, reason: reap.reason, mayRunUntil: isoIf(reap.mayRunUntilMs) });
  if (reap.state !== 'done') return reap;
  const { report } = reap;
  return {
    state: 'done' as const,
    report: {
      runId: report.runId,
      executionStatus: report.executionStatus,
      by: report.by,
      startedAt: isoOf(report.startedAtMs),
      endedAt: isoOf(report.endedAtMs),
      tasks: report.tasks.map((t) => defined({ taskId: t.taskId, outcome: t.outcome, detail: t.detail })),
    },
  };
}

function closureOf(c: WorkflowClosure | undefined) {
  if (c === undefined) return undefined;
  return defined({
    executionStatus: c.executionStatus,
    closedAt: isoIf(c.closedAtMs),
    lastState: c.lastState,
    liveTaskIds: [...c.liveTaskIds],
    startMayHaveCreated: c.startMayHaveCreated,
    reap: reapOf(c.reap),
  });
}

function providerEndOf(end: WorkflowStatus['providerEnd']) {
  return end === undefined
    ? undefined
    : defined({ cause: end.cause, at: isoOf(end.atMs), source: end.source, detail: end.detail });
}

function isEnded(state: WorkflowStatus['state']): boolean {
  return state === 'Terminated' || (TERMINAL_STATES as readonly string[]).includes(state);
}

/** The public status of a workflow status (closure included); `storage` names where its files live. */
export function publicStatus(s: WorkflowStatus, storage?: RecordingStorage): RecordingStatus {
  const endAtMs = s.endedAtMs ?? s.closure?.closedAtMs ?? s.stoppedAtMs ?? s.requestedAtMs;
  return defined({
    recordId: s.recordId,
    product: s.product,
    state: s.state,
    endReason: s.endReason,
    expiryPolicy: s.expiryPolicy,
    taskId: s.taskId,
    taskIds: [...s.taskIds],
    liveTaskIds: stillLive(s),
    identity: s.identity,
    startCalls: s.startCalls,
    queue:
      s.admission === undefined
        ? undefined
        : defined({
            quotaKey: s.admission.quotaKey,
            limit: s.admission.limit,
            position: s.state === 'Queued' ? s.queuePosition : undefined,
            queuedAt: isoIf(s.admission.queuedAtMs),
            admittedAt: isoIf(s.admission.admittedAtMs),
            releasedAt: isoIf(s.admission.releasedAtMs),
          }),
    requestedAt: isoOf(s.requestedAtMs),
    startAt: isoIf(s.startAtMs),
    endAt: isoIf(s.endAtMs),
    maxDurationMs: s.maxDurationMs,
    startedAt: isoIf(s.startedAtMs),
    controlExpiresAt: isoIf(s.controlExpiresAtMs),
    stopRequest:
      s.stopRequest === undefined
        ? undefined
        : defined({ at: isoOf(s.stopRequest.atMs), by: s.stopRequest.by, reason: s.stopRequest.reason }),
    providerEnd: providerEndOf(s.providerEnd),
    stoppedAt: isoIf(s.stoppedAtMs),
    endedAt: isoIf(s.endedAtMs),
    detachedReason: s.detachedReason,
    failure: s.failure,
    files: files(s.files, storage, s.taskId),
    filesComplete: s.uploadComplete,
    warnings: warningsOf(s.warnings, s.uploadComplete, isEnded(s.state), {
      fileCount: s.files.length,
      taskCount: s.taskIds.length,
      atMs: endAtMs,
      product: s.product,
    }),
    callbackCount: s.callbackCount,
    pollCount: s.pollCount,
    lastPollAt: isoIf(s.lastPollAtMs),
    lastProviderStatus: s.lastProviderStatus,
    closure: closureOf(s.closure),
    debug: defined({
      attempt: s.attempt,
      task: s.task === undefined ? undefined : { ...s.task },
      candidateTaskIds: [...s.candidateTaskIds],
      extraTaskIds: [...s.extraTaskIds],
      unaccountedStarts: s.unaccountedStarts,
      startRequestedAt: isoIf(s.startRequestedAtMs),
      lastObservedState: s.lastObservedState,
      desired: { ...s.desired },
      runIndex: s.runIndex,
    }),
  });
}

/** The public result of a workflow result; `storage` names where its files live. */
export function publicResult(r: WorkflowResult, storage?: RecordingStorage): RecordingResult {
  return defined({
    recordId: r.recordId,
    product: r.product,
    state: r.state,
    endReason: r.endReason,
    taskId: r.taskId,
    taskIds: [...r.taskIds],
    identity: r.identity,
    attempts: r.attempts,
    requestedAt: isoOf(r.requestedAtMs),
    startedAt: isoIf(r.startedAtMs),
    stoppedAt: isoIf(r.stoppedAtMs),
    endedAt: isoOf(r.endedAtMs),
    providerEnd: providerEndOf(r.providerEnd),
    files: files(r.files, storage, r.taskId),
    filesComplete: r.filesComplete,
    detachedReason: r.detachedReason,
    failure: r.failure,
    warnings: warningsOf(r.warnings, r.filesComplete, true, {
      fileCount: r.files.length,
      taskCount: r.taskIds.length,
      atMs: r.endedAtMs,
      product: r.product,
    }),
    closure: closureOf(r.closure),
  });
}
