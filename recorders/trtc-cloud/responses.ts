/** Response schemas for the TRTC on-cloud recording calls (SDK trtc_models.d.ts). */
import { z } from 'zod';
import { storageFileSchema } from '../trtc-files';

export const createCloudRecordingResponse = z.looseObject({ TaskId: z.string().min(1) });

export const describeCloudRecordingResponse = z.looseObject({
  TaskId: z.string().nullish(),
  /** `Idle` (nobody publishing), `InProgress`, `Exited` (leaving); other words are kept as unknown. */
  Status: z.string(),
  StorageFileList: z.array(storageFileSchema).nullish(),
});

/** Modify and Delete return at most the TaskId; nothing else is promised. */
export const taskAckResponse = z.looseObject({ TaskId: z.string().nullish() });
