/** Response schemas and state mapping for the TIW online recording calls (SDK tiw_models.d.ts). */
import { z } from 'zod';
import type { OutputFile, ProviderEndCause, ProviderTaskState } from '../../domain/contract';
import { compact, optText } from '../callback-kit';

const optNum = z
  .number()
  .nullish()
  .transform((v) => v ?? undefined);

export const videoInfoSchema = z.looseObject({
  VideoPlayTime: optNum,
  VideoSize: optNum,
  VideoFormat: optText,
  VideoDuration: optNum,
  VideoUrl: optText,
  VideoId: optText,
  VideoType: optNum,
  UserId: optText,
  Width: optNum,
  Height: optNum,
});

export const startOnlineRecordResponse = z.looseObject({ TaskId: z.string().min(1) });

export const describeOnlineRecordResponse = z.looseObject({
  TaskId: optText,
  Status: z.string(),
  FinishReason: optText,
  RoomId: optNum,
  RecordUserId: optText,
  RecordStartTime: optNum,
  RecordStopTime: optNum,
  TotalTime: optNum,
  ExceptionCnt: optNum,
  VideoInfos: z.array(videoInfoSchema).nullish(),
});

export const describeRunningTasksResponse = z.looseObject({
  Total: optNum,
  Tasks: z
    .array(z.looseObject({ TaskID: optText, TaskType: optText, Status: optText, RoomID: optNum, CreateTime: optText }))
    .nullish(),
});

export const ackResponse = z.looseObject({});

/** PREPARED → RECORDING ⇄ PAUSED → STOPPED (processing, upload) → FINISHED. */
export const TIW_STATES: Readonly<Record<string, ProviderTaskState>> = {
  PREPARED: 'starting',
  RECORDING: 'recording',
  PAUSED: 'paused',
  STOPPED: 'stopping',
  FINISHED: 'ended',
};

/** AUTO is the AutoStopTimeout (no A/V, no board activity): an idle end. */
export const TIW_FINISH_REASONS: Readonly<Record<string, ProviderEndCause>> = {
  AUTO: 'idle-timeout',
  USER_CALL: 'stopped-by-api',
  EXCEPTION: 'failed',
  FORCE_STOP: 'forced-stop',
};

const VIDEO_TYPES = ['camera', 'screen', 'whiteboard', 'mix', 'audio'] as const;

export function videoInfoToOutput(v: z.output<typeof videoInfoSchema>): OutputFile | undefined {
  const name = v.VideoId ?? v.VideoUrl;
  if (name === undefined) return undefined;
  return compact<OutputFile>({
    name,
    url: v.VideoUrl,
    fileId: v.VideoId,
    userId: v.UserId,
    trackType: v.VideoType === undefined ? undefined : (VIDEO_TYPES[v.VideoType] ?? String(v.VideoType)),
    startMs: v.VideoPlayTime,
    durationMs: v.VideoDuration,
    sizeBytes: v.VideoSize,
    format: v.VideoFormat,
  });
}
