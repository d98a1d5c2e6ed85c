/**
 * Storage parameter schemas shared by the TRTC family (CreateCloudRecording, StartWebRecord,
 * TRRO CreateCloudRecording): `CloudStorage` (COS or AWS) and `CloudVod.TencentVod`.
 * Field names and ranges from SDK trtc_models.d.ts / trro_models.d.ts. String byte caps that
 * the docs do not state (256 for names, 1000 for contexts) are sanity bounds of ours.
 */
import { z } from 'zod';
import { intAtLeast, intOneOf, secret, str } from './schema-kit';

const PREFIX_PART = { re: /^[A-Za-z0-9_-]+$/, rule: 'letters, digits, underscore or hyphen only' };

/** COS (Vendor 0) or AWS S3 (Vendor 1); objects land under `<FileNamePrefix…>/<TaskId>/`. */
export function cloudStorageSchema(vendors: readonly number[] = [0, 1]) {
  return z.strictObject({
    Vendor: intOneOf(vendors, vendors.length === 1 ? 'COS only here' : '0 COS, 1 AWS'),
    Region: str(64),
    Bucket: str(256),
    AccessKey: secret(),
    SecretKey: secret(),
    FileNamePrefix: z.array(str(256, PREFIX_PART)).optional(),
  });
}

/** `TencentVod`; `MediaType` choices differ per product (web: mp4 or hls only). */
export function tencentVodSchema(mediaTypes: readonly number[], meaning: string) {
  return z.strictObject({
    Procedure: str(256).optional(),
    ExpireTime: intAtLeast(0, 'seconds; 0 keeps forever').optional(),
    StorageRegion: str(64).optional(),
    ClassId: intAtLeast(0).optional(),
    SubAppId: intAtLeast(0).optional(),
    SessionContext: str(1000).optional(),
    SourceContext: str(250).optional(),
    MediaType: intOneOf(mediaTypes, meaning).optional(),
    UserDefineRecordId: str(64, PREFIX_PART).optional(),
  });
}

/** `StorageParams`: exactly one of `CloudStorage` and `CloudVod` (the API refuses both). */
export function storageParamsSchema(options: {
  vendors?: readonly number[];
  vodMediaTypes: readonly number[];
  vodMeaning: string;
}) {
  return z
    .strictObject({
      CloudStorage: cloudStorageSchema(options.vendors).optional(),
      CloudVod: z
        .strictObject({ TencentVod: tencentVodSchema(options.vodMediaTypes, options.vodMeaning).optional() })
        .optional(),
    })
    .refine((s) => (s.CloudStorage === undefined) !== (s.CloudVod === undefined), {
      error: 'set exactly one of CloudStorage and CloudVod',
    });
}
