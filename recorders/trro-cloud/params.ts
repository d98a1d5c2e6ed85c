/** TRRO CreateCloudRecording start parameters (trro 2022-03-25; SDK trro_models.d.ts, seed 001). */
import { z } from 'zod';
import { intAtLeast, intIn, intOneOf, str } from '../schema-kit';
import { cloudStorageSchema } from '../storage-schemas';

export const trroCloudParamsSchema = z.strictObject({
  ProjectId: str(64),
  DeviceId: str(128),
  VideoStreamId: intAtLeast(0),
  CloudStorage: cloudStorageSchema(),
  MaxMediaFileDuration: intIn(1, 1440, 'minutes').optional(),
  // TRRO's default is 3 (mp4), unlike TRTC's 0 (hls).
  OutputFormat: intOneOf([0, 1, 2, 3, 4], '0 hls, 1 hls+mp4, 2 hls+aac, 3 mp4 (default), 4 aac').optional(),
  MaxIdleTime: intIn(5, 86_400, 'seconds').optional(),
});

export type TrroCloudParams = z.output<typeof trroCloudParamsSchema>;
