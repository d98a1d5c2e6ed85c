/** zod schemas for the control operations' inputs (modify, extend, stop), checked before any message is sent. */
import { z } from 'zod';
import { trtcCloudModifySchema } from '../../recorders/trtc-cloud/params';
import type { ExtendRequest, ModifyRequest } from '../../workflows/messages';
import { parseFields, RecordingInputError } from './errors';
import { instantSchema } from './spec';

/** What `extend` takes. */
export const extendSchema = z.strictObject({
  /** New scheduled end; `null` clears it. */
  endAt: z.union([z.null(), instantSchema]).optional(),
  /** New maximum duration from the task start; `null` clears it. */
  maxDurationMs: z
    .union([z.null(), z.number().int().min(1, { error: 'must be > 0' })], {
      error: 'must be a positive integer of milliseconds or null',
    })
    .optional(),
});

export type ExtendInput = z.input<typeof extendSchema>;

/** Who asked for a stop, kept in the recording's history (no secrets: a name or a service id). */
export const requestedBySchema = z.string().min(1).max(200, { error: 'must be at most 200 characters' });

/** The extend request, or an error naming the field. `nowMs` judges a new `endAt`. */
export function toExtendRequest(input: unknown, nowMs: number): ExtendRequest {
  const { endAt, maxDurationMs } = parseFields(extendSchema, input);
  if (endAt === undefined && maxDurationMs === undefined) {
    throw new RecordingInputError([{ field: 'endAt', rule: 'give endAt and/or maxDurationMs (null clears one)' }]);
  }
  if (typeof endAt === 'number' && endAt <= nowMs)
    throw new RecordingInputError([{ field: 'endAt', rule: 'must be in the future' }]);
  return {
    ...(endAt === undefined ? {} : { endAtMs: endAt }),
    ...(maxDurationMs === undefined ? {} : { maxDurationMs }),
  };
}

/**
 * The trtc-cloud modify request (ModifyCloudRecording overwrites: each given key replaces the
 * whole previous value), validated with the recorder's schema so bad input never reaches it.
 */
export function toModifyRequest(input: unknown): ModifyRequest {
  return parseFields(trtcCloudModifySchema, input);
}
