/** Request schemas of TRTC web-page recording (trtc_models.d.ts field names; ranges from seed 002 and reference §4). */
import { z } from 'zod';
import { type Behaviour } from '../../config';
import { storageParams } from '../trtc-cloud/schema';
import { utf8Bytes, type ValidationCodes } from '../validate';

/** Web recording answers types with InvalidParameter and ranges with InvalidParameter.OutOfRange. */
export const trtcWebCodes: ValidationCodes = {
  missing: () => 'MissingParameter',
  type: 'InvalidParameter',
  value: 'InvalidParameter.OutOfRange',
};

/** StartWebRecord; the MaxDurationLimit range (seed 002: [1800, 36000]) is configurable (Open question 3), hence a factory. */
export function startWebRecord(limits: Behaviour['webMaxDurationLimit']) {
  return z.strictObject({
    RecordUrl: z
      .string()
      .min(1)
      .regex(/^https?:\/\//, 'must be an http(s) URL'),
    StorageParams: storageParams,
    SdkAppId: z.int().positive(),
    MaxDurationLimit: z.int().min(limits.min).max(limits.max).optional(),
    WebRecordVideoParams: z
      .looseObject({
        Width: z.int().min(1).max(1920).optional(),
        Height: z.int().min(1).max(1080).optional(),
        Format: z.enum(['hls', 'mp4']).optional(),
        MaxMediaFileDuration: z.int().min(1).max(1440).optional(),
      })
      .optional(),
    RecordId: z
      .string()
      .min(1)
      .refine((id) => utf8Bytes(id) < 32, {
        message: 'RecordId must be less than 32 bytes',
        params: { code: 'InvalidParameter' },
      })
      .optional(),
    PublishCdnParams: z
      .array(z.looseObject({ PublishCdnUrl: z.string().min(1), IsTencentCdn: z.int().min(0).max(1).optional() }))
      .max(10)
      .optional(),
    ReadyTimeout: z.int().min(0).max(60).optional(),
    EmulateMobileParams: z
      .looseObject({ MobileDeviceType: z.int().optional(), ScreenOrientation: z.int().optional() })
      .optional(),
  });
}

/** DescribeWebRecord: by TaskId, or by RecordId and SdkAppId. */
export const describeWebRecord = z.strictObject({
  TaskId: z.string().optional(),
  SdkAppId: z.int().positive().optional(),
  RecordId: z.string().optional(),
});

/** StopWebRecord. */
export const stopWebRecord = z.strictObject({ TaskId: z.string() });
