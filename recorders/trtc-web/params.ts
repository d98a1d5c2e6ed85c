/**
 * StartWebRecord start parameters (TRTC 2019-07-22; SDK trtc_models.d.ts, seed 002). The
 * `RecordId` is derived from recordId + attempt (domain/identity.ts), not a parameter.
 */
import { z } from 'zod';
import { BOUNDS } from '../../domain/bounds';
import { intAtLeast, intIn, intOneOf, str, word } from '../schema-kit';
import { storageParamsSchema } from '../storage-schemas';

const maxDuration = BOUNDS['trtc-web'].maxDurationLimitSec ?? { min: 1800, max: 36_000 };

const videoParams = z.strictObject({
  Width: intIn(0, 1920, 'pixels').optional(),
  Height: intIn(0, 1080, 'pixels').optional(),
  Format: word(['hls', 'mp4']).optional(),
  MaxMediaFileDuration: intIn(1, 1440, 'minutes').optional(),
});

const publishCdn = z.strictObject({
  PublishCdnUrl: str(2048, { re: /^rtmp:\/\//i, rule: 'an rtmp:// URL' }),
  IsTencentCdn: intOneOf([0, 1], '0 third-party CDN (billed), 1 Tencent CDN').optional(),
});

export const trtcWebParamsSchema = z.strictObject({
  RecordUrl: str(8192, { re: /^https?:\/\/\S+$/i, rule: 'an http(s) URL' }),
  // Web recording supports COS and VOD, not third-party storage; output hls or mp4 only.
  StorageParams: storageParamsSchema({ vendors: [0], vodMediaTypes: [0, 1], vodMeaning: '0 mp4, 1 hls' }),
  SdkAppId: intAtLeast(1),
  MaxDurationLimit: intIn(maxDuration.min, maxDuration.max, 'seconds').optional(),
  WebRecordVideoParams: videoParams.optional(),
  PublishCdnParams: z.array(publishCdn).max(10, { error: 'at most 10 CDN addresses' }).optional(),
  ReadyTimeout: intIn(0, 60, 'seconds').optional(),
  EmulateMobileParams: z
    .strictObject({
      MobileDeviceType: intOneOf([0, 1], '0 phone, 1 tablet').optional(),
      ScreenOrientation: intOneOf([0, 1], '0 portrait, 1 landscape').optional(),
    })
    .optional(),
});

export type TrtcWebParams = z.output<typeof trtcWebParamsSchema>;
