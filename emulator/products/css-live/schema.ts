/** Request schemas of CSS live recording (live_models.d.ts names; rules from seed 004 and reference §7). */
import { z } from 'zod';
import { type ValidationCodes } from '../validate';
import { parseCst } from './time';

export const cssCodes: ValidationCodes = {
  missing: () => 'MissingParameter',
  type: 'InvalidParameter',
  value: 'InvalidParameterValue',
};

const cstTime = z
  .string()
  .refine((t) => parseCst(t) !== undefined, 'must be China Standard Time "YYYY-MM-DD HH:MM:SS"');

/** `record_interval=3600&storage_time=2592000` (URL-encoded query syntax). */
const streamParam = z.string().superRefine((raw, ctx) => {
  const params = new URLSearchParams(raw);
  const interval = params.get('record_interval');
  if (interval !== null && !(/^\d+$/.test(interval) && Number(interval) >= 1800 && Number(interval) <= 7200)) {
    ctx.addIssue({ code: 'custom', message: 'record_interval must be 1800-7200 seconds' });
  }
  const storage = params.get('storage_time');
  if (storage !== null && !/^\d+$/.test(storage))
    ctx.addIssue({ code: 'custom', message: 'storage_time must be whole seconds' });
});

export const createLiveRecord = z.strictObject({
  StreamName: z.string().min(1),
  AppName: z.string().min(1).optional(),
  DomainName: z.string().optional(),
  StartTime: cstTime.optional(),
  EndTime: cstTime.optional(),
  RecordType: z
    .string()
    .refine((v) => ['video', 'audio'].includes(v.toLowerCase()), 'must be video or audio')
    .optional(),
  FileFormat: z
    .string()
    .refine((v) => ['flv', 'hls', 'mp4', 'aac', 'mp3'].includes(v.toLowerCase()), 'must be flv, hls, mp4, aac or mp3')
    .optional(),
  Highlight: z.int().min(0).max(1).optional(),
  MixStream: z.int().min(0).max(1).optional(),
  StreamParam: streamParam.optional(),
});
export type CreateLiveRecord = z.output<typeof createLiveRecord>;

export const taskRequest = z.strictObject({ StreamName: z.string().min(1), TaskId: z.int() });
