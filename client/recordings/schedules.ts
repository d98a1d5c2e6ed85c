/**
 * Recurring recordings through Temporal Schedules. Each run is its own recording with its own
 * recordId: the action's workflow id is `recordingWorkflowId(scheduleId)`, to which Temporal
 * appends the scheduled time (`recording:<scheduleId>-2025-01-31T09:00:00Z`), and the workflow
 * takes its recordId from that id (`recordIdFromWorkflowId`), so provider identities differ per run.
 */
import {
  type Client,
  isGrpcServiceError,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ServiceError,
} from '@temporalio/client';
import { z } from 'zod';
import type { recordingWorkflow } from '../../workflows';
import { recordIdOfWorkflowId, recordingWorkflowId } from '../../workflows/messages';
import { initialSearchAttributes, RecordIdKey } from '../../domain/search-attributes';
import type { RecordingRequest } from '../../workflows/types';
import { parseFields, RecordingInputError, RecordingNotFoundError, ScheduleExistsError } from './errors';
import { RECORDING_WORKFLOW_TYPE } from './list';
import { instantSchema, toTemplateRequest, type RecordingTemplate } from './spec';

/**
 * The workflow input of a scheduled run. `recordIdFromWorkflowId` asks the workflow to use
 * `recordIdOfWorkflowId(workflowInfo().workflowId)` instead of the placeholder `recordId`.
 */
export type ScheduledRecordingRequest = RecordingRequest & { readonly recordIdFromWorkflowId: true };

/** ≤ 100 characters so `<scheduleId>-<ISO time>` still fits a recordId (≤ 128). */
export const scheduleIdSchema = z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,99}$/, {
  error: 'must be 1-100 characters: letters, digits and . _ : @ - (starting with a letter or digit)',
});

const cronSchema = z.string().regex(/^(@(annually|yearly|monthly|weekly|daily|hourly)|@every \S+|(\S+\s+){4,6}\S+)$/, {
  error: 'must be a cron expression (5-7 fields, e.g. "0 9 * * MON-FRI") or @daily/@hourly/@every <duration>',
});

const timezoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'must be an IANA time zone such as Asia/Shanghai' },
);

const specSchema = z
  .strictObject({
    cron: z.union([cronSchema, z.array(cronSchema).min(1).max(10, { error: 'at most 10 expressions' })]).optional(),
    /** Every `everyMs` (≥ 1 min), shifted by `offsetMs`. */
    intervals: z
      .array(
        z.strictObject({
          everyMs: z.number().int().min(60_000, { error: 'must be at least 60000 (1 minute)' }),
          offsetMs: z.number().int().min(0, { error: 'must be >= 0' }).optional(),
        }),
      )
      .min(1)
      .max(10, { error: 'at most 10 intervals' })
      .optional(),
    timezone: timezoneSchema.optional(),
    startAt: instantSchema.optional(),
    endAt: instantSchema.optional(),
  })
  .refine((s) => s.cron !== undefined || s.intervals !== undefined, {
    error: 'give cron and/or intervals',
    path: ['cron'],
  });

/** TERMINATE_OTHER is left out on purpose: terminating a recording skips its stop and orphans the task. */
const OVERLAPS = ['SKIP', 'BUFFER_ONE', 'BUFFER_ALL', 'CANCEL_OTHER', 'ALLOW_ALL'] as const;

/** What `create` takes (the HTTP API documents and checks it with this schema too). */
export const scheduleCreateSchema = z.strictObject({
  scheduleId: scheduleIdSchema,
  spec: specSchema,
  recording: z.unknown(),
  /** What to do when a run is due while the previous one still records; default SKIP. */
  overlap: z
    .enum(OVERLAPS, { error: `must be one of ${OVERLAPS.join(', ')} (TERMINATE_OTHER would orphan the task)` })
    .optional(),
  paused: z.boolean().optional(),
  note: z.string().max(500, { error: 'must be at most 500 characters' }).optional(),
});

export interface ScheduleCreateInput {
  readonly scheduleId: string;
  readonly spec: z.input<typeof specSchema>;
  readonly recording: RecordingTemplate;
  readonly overlap?: (typeof OVERLAPS)[number];
  readonly paused?: boolean;
  readonly note?: string;
}

/** A recording schedule as listed. */
export interface RecordingScheduleSummary {
  readonly scheduleId: string;
  readonly paused: boolean;
  readonly note?: string;
  readonly nextRunTimes: readonly string[];
  readonly recentRuns: readonly {
    readonly scheduledAt: string;
    readonly recordId: string;
    readonly workflowId: string;
  }[];
}

export interface RecordingSchedules {
  create(input: ScheduleCreateInput): Promise<{ readonly scheduleId: string }>;
  list(options?: { readonly limit?: number }): Promise<RecordingScheduleSummary[]>;
  pause(scheduleId: string, note?: string): Promise<void>;
  unpause(scheduleId: string, note?: string): Promise<void>;
  delete(scheduleId: string): Promise<void>;
}

function idOf(scheduleId: unknown): string {
  return parseFields(scheduleIdSchema, scheduleId, 'scheduleId');
}

/** gRPC status INVALID_ARGUMENT (@grpc/grpc-js is not a direct dependency). */
const GRPC_INVALID_ARGUMENT = 3;

/** Temporal's schedule errors as the library's; only `create` can meet an invalid spec. */
function translate(error: unknown, scheduleId: string): never {
  if (error instanceof ScheduleNotFoundError) throw new RecordingNotFoundError(scheduleId, 'schedule');
  if (error instanceof ScheduleAlreadyRunning) throw new ScheduleExistsError(scheduleId);
  // The server judges cron syntax fully; the SDK turns its "Invalid schedule spec" into a TypeError.
  if (error instanceof TypeError) throw new RecordingInputError([{ field: 'spec', rule: error.message }]);
  const cause = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(cause) && Number(cause.code) === GRPC_INVALID_ARGUMENT)
    throw new RecordingInputError([{ field: 'spec', rule: cause.details }]);
  throw error;
}

/** Schedule operations bound to one Temporal client and task queue. */
export function createScheduleOps(options: {
  client: Client;
  taskQueue: string;
  activityQueuePrefix?: string;
}): RecordingSchedules {
  const { client, taskQueue } = options;
  const onSchedule = async (scheduleId: string, fn: (id: string) => Promise<void>): Promise<void> => {
    const id = idOf(scheduleId);
    await fn(id).catch((error: unknown) => translate(error, id));
  };
  return {
    async create(input) {
      const { scheduleId, spec, overlap, paused, note, recording } = parseFields(scheduleCreateSchema, input);
      const template = toTemplateRequest(recording, scheduleId, options.activityQueuePrefix);
      const request: ScheduledRecordingRequest = { ...template, recordIdFromWorkflowId: true };
      const cron = spec.cron === undefined ? undefined : typeof spec.cron === 'string' ? [spec.cron] : spec.cron;
      await client.schedule
        .create<typeof recordingWorkflow>({
          scheduleId,
          spec: {
            ...(cron === undefined ? {} : { cronExpressions: cron }),
            ...(spec.intervals === undefined
              ? {}
              : {
                  intervals: spec.intervals.map((i) => ({
                    every: i.everyMs,
                    ...(i.offsetMs === undefined ? {} : { offset: i.offsetMs }),
                  })),
                }),
            ...(spec.timezone === undefined ? {} : { timezone: spec.timezone }),
            ...(spec.startAt === undefined ? {} : { startAt: new Date(spec.startAt) }),
            ...(spec.endAt === undefined ? {} : { endAt: new Date(spec.endAt) }),
          },
          action: {
            type: 'startWorkflow',
            workflowType: RECORDING_WORKFLOW_TYPE,
            taskQueue,
            workflowId: recordingWorkflowId(scheduleId),
            args: [request],
            // Not RecordId: the placeholder would be wrong; the workflow publishes the real one.
            typedSearchAttributes: initialSearchAttributes(
              scheduleId,
              template.product,
              template.params,
              'Starting',
            ).filter((p) => p.key.name !== RecordIdKey.name),
          },
          policies: { overlap: overlap ?? 'SKIP' },
          state: { paused: paused ?? false, ...(note === undefined ? {} : { note }) },
        })
        .catch((error: unknown) => translate(error, scheduleId));
      return { scheduleId };
    },
    async list(listOptions = {}) {
      const limit = listOptions.limit ?? 100;
      const out: RecordingScheduleSummary[] = [];
      for await (const summary of client.schedule.list()) {
        if (summary.action?.workflowType !== RECORDING_WORKFLOW_TYPE) continue;
        out.push({
          scheduleId: summary.scheduleId,
          paused: summary.state.paused,
          ...(summary.state.note ? { note: summary.state.note } : {}),
          nextRunTimes: summary.info.nextActionTimes.map((d) => d.toISOString()),
          recentRuns: summary.info.recentActions.map((a) => ({
            scheduledAt: a.scheduledAt.toISOString(),
            workflowId: a.action.workflow.workflowId,
            recordId: recordIdOfWorkflowId(a.action.workflow.workflowId) ?? a.action.workflow.workflowId,
          })),
        });
        if (out.length >= limit) break;
      }
      return out;
    },
    pause: (scheduleId, note) => onSchedule(scheduleId, (id) => client.schedule.getHandle(id).pause(note)),
    unpause: (scheduleId, note) => onSchedule(scheduleId, (id) => client.schedule.getHandle(id).unpause(note)),
    delete: (scheduleId) => onSchedule(scheduleId, (id) => client.schedule.getHandle(id).delete()),
  };
}
