/** Request schemas of TIW online recording (tiw_models.d.ts field names; ranges from seed 003 and reference §6). */
import { z } from 'zod';
import { utf8Bytes, type ValidationCodes } from '../validate';

/** TIW answers type mismatches with BodyParameterTypeUnmatched and bad recording values with RecordParameter. */
export const tiwCodes: ValidationCodes = {
  missing: () => 'MissingParameter',
  type: 'InvalidParameter.BodyParameterTypeUnmatched',
  value: 'InvalidParameter.RecordParameter',
};

export const startOnlineRecord = z
  .strictObject({
    SdkAppId: z.int().positive(),
    RoomId: z.int().min(1).max(4294967295),
    RecordUserId: z
      .string()
      .min(1)
      .refine((id) => utf8Bytes(id) <= 60, 'RecordUserId must be at most 60 bytes'),
    RecordUserSig: z.string().min(1),
    GroupId: z.string().optional(),
    Concat: z.looseObject({ Enabled: z.boolean(), Image: z.string().optional() }).optional(),
    Whiteboard: z
      .looseObject({
        Width: z.int().min(1).optional(),
        Height: z.int().min(1).optional(),
        InitParam: z.string().optional(),
      })
      .optional(),
    MixStream: z
      .looseObject({
        Enabled: z.boolean(),
        DisableAudio: z.boolean().optional(),
        ModelId: z.int().optional(),
        TeacherId: z.string().optional(),
      })
      .optional(),
    Extras: z
      .array(
        z.string().refine((e) => e === 'MIX_STREAM', {
          message: 'unknown feature',
          params: { code: 'InvalidParameter.InvalidExtra' },
        }),
      )
      .optional(),
    AudioFileNeeded: z.boolean().optional(),
    RecordControl: z.looseObject({ Enabled: z.boolean() }).optional(),
    RecordMode: z.enum(['REALTIME_MODE', 'VIDEO_GENERATION_MODE']).optional(),
    ChatGroupId: z.string().optional(),
    AutoStopTimeout: z.int().min(300).max(86400).optional(),
    ExtraData: z.string().optional(),
    TRTCRoomId: z.int().min(1).optional(),
    TRTCRoomIdStr: z.string().min(1).optional(),
  })
  .refine((r) => r.MixStream?.Enabled !== true || (r.Extras ?? []).includes('MIX_STREAM'), {
    message: 'MixStream needs Extras to contain MIX_STREAM',
    path: ['Extras'],
    params: { code: 'InvalidParameter.InvalidExtra' },
  });
export type StartOnlineRecord = z.output<typeof startOnlineRecord>;

export const taskRequest = z.strictObject({ SdkAppId: z.int().positive(), TaskId: z.string().min(1) });

export const describeRunningTasks = z.strictObject({
  SdkAppID: z.int().positive(),
  TaskType: z.string().min(1),
  Offset: z.int().min(0).optional(),
  Limit: z.int().min(1).max(500).optional(),
});

export const setCallback = z.strictObject({
  SdkAppId: z.int().positive(),
  Callback: z.union([z.literal(''), z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL or empty')]),
});

export const setCallbackKey = z.strictObject({ SdkAppId: z.int().positive(), CallbackKey: z.string().max(64) });
