/**
 * TRTC-family output files as OutputFile: DescribeCloudRecording `StorageFileList` and the
 * callback payloads 304 (`FileList`), 307 (first slice), 310 (`FileMessage`) and 311 (`TencentVod`).
 */
import { z } from 'zod';
import type { OutputFile } from '../domain/contract';
import { compact, looseNumber, optText } from './callback-kit';

const optNum = looseNumber.nullish().transform((v) => v ?? undefined);

/** One DescribeCloudRecording `StorageFileList` entry (UserId empty for mixed recordings). */
export const storageFileSchema = z.looseObject({
  UserId: optText,
  FileName: optText,
  TrackType: optText,
  BeginTimeStamp: optNum,
});

export function storageFileToOutput(file: z.output<typeof storageFileSchema>): OutputFile | undefined {
  if (file.FileName === undefined) return undefined;
  return compact<OutputFile>({
    name: file.FileName,
    userId: file.UserId,
    trackType: file.TrackType,
    startMs: file.BeginTimeStamp,
  });
}

const fileMessage = z.looseObject({
  FileName: optText,
  UserId: optText,
  TrackType: optText,
  MediaId: optText,
  StartTimeStamp: optNum,
  EndTimeStamp: optNum,
});

const tencentVod = z.looseObject({
  UserId: optText,
  TrackType: optText,
  MediaId: optText,
  FileId: optText,
  VideoUrl: optText,
  CacheFile: optText,
  StartTimeStamp: optNum,
  EndTimeStamp: optNum,
});

const fileList = z.union([z.string().transform((s) => [s]), z.array(z.string())]);

function span(start: number | undefined, end: number | undefined): number | undefined {
  return start !== undefined && end !== undefined && end >= start ? end - start : undefined;
}

/** Files named by one callback payload; unknown shapes give an empty list, never a throw. */
export function trtcCallbackFiles(eventType: number, payload: Readonly<Record<string, unknown>>): OutputFile[] {
  if (eventType === 307) {
    const f = storageFileSchema.safeParse(payload);
    const out = f.success ? storageFileToOutput(f.data) : undefined;
    return out ? [out] : [];
  }
  if (eventType === 311) {
    const v = tencentVod.safeParse(payload['TencentVod']);
    if (!v.success) return [];
    const d = v.data;
    const name = d.CacheFile ?? d.FileId ?? d.VideoUrl;
    if (name === undefined) return [];
    return [
      compact<OutputFile>({
        name,
        // Only an absolute http(s) address is a URL; anything else is kept as the name alone.
        url: d.VideoUrl !== undefined && /^https?:\/\//i.test(d.VideoUrl) ? d.VideoUrl : undefined,
        fileId: d.FileId,
        userId: d.UserId,
        trackType: d.TrackType,
        startMs: d.StartTimeStamp,
        endMs: d.EndTimeStamp,
        durationMs: span(d.StartTimeStamp, d.EndTimeStamp),
      }),
    ];
  }
  const messages = z.array(fileMessage).safeParse(payload['FileMessage']);
  if (messages.success && messages.data.length > 0) {
    return messages.data.flatMap((m) =>
      m.FileName === undefined
        ? []
        : [
            compact<OutputFile>({
              name: m.FileName,
              userId: m.UserId,
              trackType: m.TrackType,
              startMs: m.StartTimeStamp,
              endMs: m.EndTimeStamp,
              durationMs: span(m.StartTimeStamp, m.EndTimeStamp),
            }),
          ],
    );
  }
  const list = fileList.safeParse(payload['FileList']);
  return list.success ? list.data.map((name) => ({ name })) : [];
}
