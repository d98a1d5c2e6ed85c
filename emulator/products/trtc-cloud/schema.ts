/**
 * Request schemas of TRTC on-cloud recording (field names and types of the SDK's
 * trtc_models.d.ts; ranges from reference §3/§9) and the codes the product answers with.
 */
import { z } from 'zod';
import { missingFrom, type ValidationCodes } from '../validate';

/** CreateCloudRecording's documented MissingParameter.* codes (seed 000, GO:trtc). */
export const trtcCloudCodes: ValidationCodes = {
  missing: missingFrom([
    'SdkAppId',
    'RoomId',
    'UserId',
    'UserSig',
    'RecordParams',
    'StorageParams',
    'RecordMode',
    'StreamType',
    'TaskId',
    'CloudStorage',
    'Vendor',
    'Bucket',
    'AccessKey',
    'SecretKey',
    'Region',
  ]),
  type: 'InvalidParameter',
  value: 'InvalidParameter.OutOfRange',
};

const userIdList = z.array(z.string()).max(32);

/** Allow/block lists; an entry ending in `.*$` is a prefix match (reference §3). */
export const subscribeStreamUserIds = z.looseObject({
  SubscribeAudioUserIds: userIdList.optional(),
  UnSubscribeAudioUserIds: userIdList.optional(),
  SubscribeVideoUserIds: userIdList.optional(),
  UnSubscribeVideoUserIds: userIdList.optional(),
});
export type SubscribeStreamUserIds = z.output<typeof subscribeStreamUserIds>;

export const cloudStorage = z.looseObject({
  Vendor: z.int().min(0).max(1),
  Region: z.string().min(1),
  Bucket: z.string().min(1),
  AccessKey: z.string().min(1),
  SecretKey: z.string().min(1),
  FileNamePrefix: z.array(z.string()).optional(),
});

const tencentVod = z.looseObject({
  MediaType: z.int().min(0).max(4).optional(),
  ExpireTime: z.int().min(0).optional(),
  Procedure: z.string().optional(),
  StorageRegion: z.string().optional(),
  ClassId: z.int().optional(),
  SubAppId: z.int().optional(),
  SessionContext: z.string().optional(),
  SourceContext: z.string().optional(),
  UserDefineRecordId: z.string().optional(),
});

export const storageParams = z
  .looseObject({
    CloudStorage: cloudStorage.optional(),
    CloudVod: z.looseObject({ TencentVod: tencentVod.optional() }).optional(),
  })
  .refine((s) => s.CloudStorage !== undefined || s.CloudVod !== undefined, {
    message: 'one of CloudStorage or CloudVod is required',
    params: { code: 'MissingParameter.CloudStorage' },
  });
export type StorageParams = z.output<typeof storageParams>;

const recordParams = z.looseObject({
  RecordMode: z.int().min(1).max(2),
  MaxIdleTime: z.int().min(5).max(86400).optional(),
  StreamType: z.int().min(0).max(2).optional(),
  SubscribeStreamUserIds: subscribeStreamUserIds.optional(),
  OutputFormat: z.int().min(0).max(4).optional(),
  AvMerge: z.int().min(0).max(1).optional(),
  MaxMediaFileDuration: z.int().min(1).max(1440).optional(),
  MediaId: z.int().min(0).max(2).optional(),
  FillType: z.int().optional(),
  SubscribeAbility: z.int().optional(),
});

const videoParams = z.looseObject({ Width: z.int(), Height: z.int(), Fps: z.int(), BitRate: z.int(), Gop: z.int() });
const audioParams = z.looseObject({ SampleRate: z.int(), Channel: z.int(), BitRate: z.int() });

export const mixLayoutParams = z.looseObject({ MixLayoutMode: z.int().min(1).max(4) });

export const createCloudRecording = z
  .strictObject({
    SdkAppId: z.int().positive(),
    RoomId: z.string().min(1),
    UserId: z.string().min(1),
    UserSig: z.string().min(1),
    RecordParams: recordParams,
    StorageParams: storageParams,
    RoomIdType: z.int().min(0).max(1).optional(),
    MixTranscodeParams: z
      .looseObject({ VideoParams: videoParams.optional(), AudioParams: audioParams.optional() })
      .optional(),
    MixLayoutParams: mixLayoutParams.optional(),
    ResourceExpiredHour: z.int().min(6).max(720).optional(),
    PrivateMapKey: z.string().optional(),
  })
  .refine((r) => r.RoomIdType === 0 || (/^\d{1,10}$/.test(r.RoomId) && Number(r.RoomId) <= 4294967295), {
    message: 'RoomId must be a 32-bit integer unless RoomIdType is 0',
    path: ['RoomId'],
  });
export type CreateCloudRecording = z.output<typeof createCloudRecording>;

export const describeCloudRecording = z.strictObject({
  SdkAppId: z.int().positive(),
  TaskId: z.string().min(1),
  RecorderKey: z.string().optional(),
});

export const modifyCloudRecording = z.strictObject({
  SdkAppId: z.int().positive(),
  TaskId: z.string().min(1),
  MixLayoutParams: mixLayoutParams.optional(),
  SubscribeStreamUserIds: subscribeStreamUserIds.optional(),
});

export const deleteCloudRecording = z.strictObject({ SdkAppId: z.int().positive(), TaskId: z.string().min(1) });
