/**
 * What a caller asks for, validated before anything is started (invariant 4): the recording
 * spec's own rules with zod, then the product's start parameters with the recorder's schema
 * (recorders/validation.ts). The output is the workflow input, `RecordingRequest`.
 */
import { z } from 'zod';
import { InvalidRecordingParams } from '../../recorders/errors';
import { PRODUCTS, START_REGIONS, type Product } from '../../domain/catalog';
import { chinaStandardTimeToEpochMs } from '../../domain/china-time';
import { validateStartParams } from '../../recorders/validation';
import type { RecordingRequest } from '../../workflows/types';
import { fromInvalidParams, parseFields, RecordingInputError } from './errors';

const DAY_MS = 86_400_000;

/** Letters, digits and `._:@-`: safe in workflow ids, visibility queries and logs. */
export const recordIdSchema = z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/, {
  error: 'must be 1-128 characters: letters, digits and . _ : @ - (starting with a letter or digit)',
});

/** A point in time: a Date, an ISO-8601 date-time with offset, or epoch milliseconds. */
export const instantSchema = z
  .union(
    [
      z.date(),
      z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
      z
        .number()
        .int()
        .positive()
        .transform((ms) => new Date(ms)),
    ],
    { error: 'must be an ISO-8601 date-time with offset (e.g. 2025-01-31T09:00:00+08:00) or epoch milliseconds' },
  )
  .transform((date) => date.getTime())
  .refine((ms) => Number.isFinite(ms), { error: 'must be a valid time' })
  // What JSON can carry (a Date has no JSON form), spelt out for the OpenAPI document.
  .meta({
    anyOf: [
      { type: 'string', format: 'date-time' },
      { type: 'integer', minimum: 1 },
    ],
  });

const positiveMs = (max: number, unit: string) =>
  z
    .number({ error: `must be a number of milliseconds` })
    .int({ error: 'must be whole milliseconds' })
    .min(1, { error: 'must be > 0' })
    .max(max, { error: `must be at most ${unit}` });

const pollSchema = z.strictObject({
  firstDelayMs: positiveMs(DAY_MS, '1 day').optional(),
  minIntervalMs: positiveMs(DAY_MS, '1 day').optional(),
  intervalMs: positiveMs(DAY_MS, '1 day').optional(),
  quietMaxIntervalMs: positiveMs(DAY_MS, '1 day').optional(),
  maxIntervalMs: positiveMs(DAY_MS, '1 day').optional(),
});

/** Knobs every recording (single or scheduled) may set; the start parameters are checked per product. */
const recordingFields = {
  product: z.enum(PRODUCTS, { error: `must be one of ${PRODUCTS.join(', ')}` }),
  region: z
    .string()
    .regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, { error: 'must be a region id such as ap-guangzhou' })
    .optional(),
  /** Tencent start fields for the product, e.g. `{ SdkAppId, RoomId, UserSig, RecordParams, StorageParams }`. */
  params: z.record(z.string(), z.unknown(), { error: 'must be an object of Tencent start parameters' }),
  /** Stop this long after the task started (movable with `extend`). */
  maxDurationMs: positiveMs(366 * DAY_MS, '366 days').optional(),
  expiryPolicy: z.enum(['stop-before-expiry', 'detach'], { error: 'must be stop-before-expiry or detach' }).optional(),
  expiryMarginMs: z
    .number()
    .int()
    .min(0, { error: 'must be >= 0' })
    .max(DAY_MS, { error: 'must be at most 1 day' })
    .optional(),
  poll: pollSchema.optional(),
  collectTimeoutMs: positiveMs(7 * DAY_MS, '7 days').optional(),
  lostTaskWaitMs: positiveMs(DAY_MS, '1 day').optional(),
  maxStartCalls: z
    .number()
    .int()
    .min(1, { error: 'must be an integer in [1, 20]' })
    .max(20, { error: 'must be an integer in [1, 20]' })
    .optional(),
};

/** A one-off recording. `startAt` absent = now; `endAt` and `maxDurationMs` bound it. */
export const recordingSpecSchema = z.strictObject({
  /** The caller's idempotency key: asking again with it returns the same recording. */
  recordId: recordIdSchema,
  ...recordingFields,
  startAt: instantSchema.optional(),
  endAt: instantSchema.optional(),
});

/** The input type of {@link recordingSpecSchema} (times as Date, ISO string or epoch ms). */
export type RecordingSpec = z.input<typeof recordingSpecSchema>;

/**
 * css-live in a schedule: the recording window relative to each run's start. The workflow
 * computes that run's StartTime/EndTime from it (docs/lifecycle.md "Recurring css-live sessions").
 */
const windowSchema = z.strictObject({
  /** From the run's start to StartTime (a schedule fires a little early to leave room for the start call). */
  offsetMs: z
    .number({ error: 'must be a number of milliseconds' })
    .int({ error: 'must be whole milliseconds' })
    .min(0, { error: 'must be >= 0' })
    .max(DAY_MS, { error: 'must be at most 1 day' }),
  /** From StartTime to EndTime. */
  durationMs: z
    .number({ error: 'must be a number of milliseconds' })
    .int({ error: 'must be whole milliseconds' })
    .min(60_000, { error: 'must be at least 60000 (1 minute)' })
    .max(366 * DAY_MS, { error: 'must be at most 366 days' }),
});

/** The recording part of a schedule: a spec without recordId and absolute times (each run gets its own). */
export const recordingTemplateSchema = z.strictObject({ ...recordingFields, window: windowSchema.optional() });
export type RecordingTemplate = z.input<typeof recordingTemplateSchema>;

type ParsedFields = z.output<typeof recordingTemplateSchema>;

/** Regions the product's start call accepts on either endpoint (domain/catalog.ts START_REGIONS). */
function regionsOf(product: Product): readonly string[] {
  const { mainland, intl } = START_REGIONS[product];
  return [...new Set([...mainland, ...intl])];
}

function checkFields(fields: ParsedFields, prefix: string | undefined): Readonly<Record<string, unknown>> {
  const at = (field: string): string => (prefix === undefined ? field : `${prefix}.${field}`);
  if (fields.region !== undefined && !regionsOf(fields.product).includes(fields.region)) {
    const allowed = regionsOf(fields.product);
    throw new RecordingInputError([
      {
        field: at('region'),
        rule: `must be a region ${fields.product} records in: ${allowed.length > 6 ? 'a Tencent Cloud API region' : allowed.join(', ')}`,
      },
    ]);
  }
  if (fields.expiryPolicy !== undefined && fields.product !== 'trtc-cloud') {
    throw new RecordingInputError([
      { field: at('expiryPolicy'), rule: 'only trtc-cloud has ResourceExpiredHour; leave it unset' },
    ]);
  }
  try {
    return validateStartParams(fields.product, fields.params);
  } catch (error) {
    if (error instanceof InvalidRecordingParams) throw fromInvalidParams(error, at('params'));
    throw error;
  }
}

/** The workflow knobs shared by one-off and scheduled recordings, undefined ones left out. */
function requestOptions(fields: ParsedFields, activityQueuePrefix: string | undefined): Partial<RecordingRequest> {
  const entries = {
    region: fields.region,
    expiryPolicy: fields.expiryPolicy,
    expiryMarginMs: fields.expiryMarginMs,
    poll: fields.poll,
    collectTimeoutMs: fields.collectTimeoutMs,
    lostTaskWaitMs: fields.lostTaskWaitMs,
    maxStartCalls: fields.maxStartCalls,
    activityQueuePrefix,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/**
 * A css-live window that has already ended is refused here: the provider would take the recordId
 * and then answer InvalidParameterValue, using it up for good.
 */
function checkWindow(product: Product, params: Readonly<Record<string, unknown>>, nowMs: number): void {
  if (product !== 'css-live' || typeof params['EndTime'] !== 'string') return;
  const endMs = chinaStandardTimeToEpochMs(params['EndTime']);
  if (endMs !== undefined && endMs <= nowMs)
    throw new RecordingInputError([{ field: 'params.EndTime', rule: 'must be in the future' }]);
}

/**
 * The workflow input for a one-off recording, or a {@link RecordingInputError} naming every field
 * at fault. `nowMs` judges `endAt` (it must lie ahead, after `startAt`).
 */
export function toRecordingRequest(input: unknown, nowMs: number, activityQueuePrefix?: string): RecordingRequest {
  const spec = parseFields(recordingSpecSchema, input);
  if (spec.endAt !== undefined && spec.endAt <= nowMs)
    throw new RecordingInputError([{ field: 'endAt', rule: 'must be in the future' }]);
  if (spec.endAt !== undefined && spec.startAt !== undefined && spec.endAt <= spec.startAt) {
    throw new RecordingInputError([{ field: 'endAt', rule: 'must be after startAt' }]);
  }
  const params = checkFields(spec, undefined);
  checkWindow(spec.product, params, nowMs);
  const schedule = {
    ...(spec.startAt === undefined ? {} : { startAtMs: spec.startAt }),
    ...(spec.endAt === undefined ? {} : { endAtMs: spec.endAt }),
    ...(spec.maxDurationMs === undefined ? {} : { maxDurationMs: spec.maxDurationMs }),
  };
  return {
    recordId: spec.recordId,
    product: spec.product,
    params,
    ...(Object.keys(schedule).length === 0 ? {} : { schedule }),
    ...requestOptions(spec, activityQueuePrefix),
  };
}

/**
 * The workflow input a schedule starts each run with. `recordId` is a placeholder (the schedule
 * id): each run's real recordId comes from its workflow id (see schedules.ts).
 */
export function toTemplateRequest(
  input: unknown,
  placeholderRecordId: string,
  activityQueuePrefix?: string,
  prefix = 'recording',
): RecordingRequest {
  const fields = parseFields(recordingTemplateSchema, input, prefix);
  const { window } = fields;
  if (window === undefined) {
    const params = checkFields(fields, prefix);
    return {
      recordId: placeholderRecordId,
      product: fields.product satisfies Product,
      params,
      ...(fields.maxDurationMs === undefined ? {} : { schedule: { maxDurationMs: fields.maxDurationMs } }),
      ...requestOptions(fields, activityQueuePrefix),
    };
  }
  const at = (field: string): string => `${prefix}.${field}`;
  if (fields.product !== 'css-live')
    throw new RecordingInputError([{ field: at('window'), rule: 'only css-live takes a window (StartTime/EndTime)' }]);
  const clash = ['StartTime', 'EndTime'].filter((k) => k in fields.params);
  if (clash.length > 0 || fields.params['Highlight'] === 1) {
    throw new RecordingInputError([
      {
        field: at(clash.length > 0 ? `params.${clash[0]}` : 'params.Highlight'),
        rule: 'leave it out with a window: each run computes StartTime/EndTime from its own start (scheduled mode)',
      },
    ]);
  }
  // The parameters are checked as a run will send them; the times themselves come from each run.
  const sample = { ...fields.params, StartTime: '2030-01-01 00:00:00', EndTime: '2030-01-01 01:00:00' };
  const { StartTime: _s, EndTime: _e, ...params } = checkFields({ ...fields, params: sample }, prefix);
  return {
    recordId: placeholderRecordId,
    product: fields.product,
    params,
    relativeWindow: { offsetMs: window.offsetMs, durationMs: window.durationMs },
    ...(fields.maxDurationMs === undefined ? {} : { schedule: { maxDurationMs: fields.maxDurationMs } }),
    ...requestOptions(fields, activityQueuePrefix),
  };
}
