/** Request schemas of TRRO remote-device recording (trro_models.d.ts field names; reference §5). */
import { z } from 'zod';
import { cloudStorage } from '../trtc-cloud/schema';
import { type ValidationCodes } from '../validate';

/** TRRO documents only the generic codes (seed 001). */
export const trroCodes: ValidationCodes = {
  missing: () => 'MissingParameter',
  type: 'InvalidParameterValue',
  value: 'InvalidParameterValue',
};

/** CreateCloudRecording (TRRO): one device video stream to COS. */
export const createCloudRecording = z.strictObject({
  ProjectId: z.string().min(1),
  DeviceId: z.string().min(1),
  VideoStreamId: z.int().min(0),
  CloudStorage: cloudStorage,
  MaxMediaFileDuration: z.int().min(1).max(1440).optional(),
  OutputFormat: z.int().min(0).max(4).optional(),
  MaxIdleTime: z.int().min(5).max(86400).optional(),
});

/** DeleteCloudRecording (TRRO). */
export const deleteCloudRecording = z.strictObject({ TaskId: z.string().min(1) });

/** ModifyCallbackUrl: the callback address and SignKey of one project. */
export const modifyCallbackUrl = z.strictObject({
  ProjectId: z.string().min(1),
  CallbackUrl: z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'),
  SignKey: z.string().optional(),
});
