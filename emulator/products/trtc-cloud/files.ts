/**
 * TRTC (and TRRO) recording output files, named as the recording guide documents:
 * single stream `<SdkAppId>_<RoomId>__UserId_s_<b64 UserId>__UserId_e_<main>_<track>`,
 * mixed `<SdkAppId>_<RoomId>`; `.m3u8` index for HLS, `_<index>.mp4` / `.aac` files split at
 * MaxMediaFileDuration (and 2 GB) for MP4/AAC (reference §3, §9).
 */
import { type FileView } from '../../control/journal';
import { fileSafeBase64, MAX_FILE_BYTES, mediaBytes, recordedMs, splitInterval, type MediaTrack } from '../media';

/** COS OutputFormat → containers written (0 hls, 1 hls+mp4, 2 hls+aac, 3 mp4, 4 aac). */
export function containersForOutputFormat(format: number): string[] {
  return [['hls'], ['hls', 'mp4'], ['hls', 'aac'], ['mp4'], ['aac']][format] ?? ['hls'];
}

/** VOD MediaType → containers (0 mp4, 1 hls, 2 aac, 3 hls+mp4, 4 hls+aac). */
export function containersForVodMediaType(mediaType: number): string[] {
  return [['mp4'], ['hls'], ['aac'], ['hls', 'mp4'], ['hls', 'aac']][mediaType] ?? ['mp4'];
}

export interface NamingInput {
  /** `<SdkAppId>_<RoomId>` for TRTC; `<ProjectId>_<DeviceId>` style for TRRO. */
  readonly prefix: string;
  readonly containers: readonly string[];
  readonly maxFileMs: number;
  readonly videoBps: number;
  readonly audioBps: number;
  /** Object-key folder: `<FileNamePrefix…>/<TaskId>/` for COS. */
  readonly folder: string;
}

/** The base file name of a track (without extension). */
export function trackBaseName(prefix: string, track: MediaTrack): string {
  if (track.userId === undefined) return prefix;
  return `${prefix}__UserId_s_${fileSafeBase64(track.userId)}__UserId_e_main_${track.trackType}`;
}

function bitrate(track: MediaTrack, input: NamingInput, container: string): number {
  if (container === 'aac' || track.trackType === 'audio') return input.audioBps;
  return track.trackType === 'video' ? input.videoBps : input.videoBps + input.audioBps;
}

/** Every file the task's tracks have produced by `now`. */
export function outputFiles(tracks: readonly MediaTrack[], input: NamingInput, now: number): FileView[] {
  const files: FileView[] = [];
  for (const track of tracks) {
    const base = trackBaseName(input.prefix, track);
    for (const container of input.containers) {
      if (container === 'aac' && track.trackType === 'video') continue;
      const bps = bitrate(track, input, container);
      if (container === 'hls') {
        const first = track.sessions[0];
        const last = track.sessions[track.sessions.length - 1];
        if (!first || !last) continue;
        const durationMs = recordedMs(track, now);
        files.push({
          name: `${input.folder}${base}.m3u8`,
          ...(track.userId !== undefined ? { userId: track.userId } : {}),
          trackType: track.trackType,
          format: 'hls',
          startMs: first.start,
          endMs: last.end ?? now,
          durationMs,
          sizeBytes: mediaBytes(durationMs, bps),
        });
        continue;
      }
      // 2 GB also ends a file: the effective cap is whichever comes first.
      const capMs = Math.min(input.maxFileMs, Math.floor((MAX_FILE_BYTES * 8 * 1000) / bps));
      let index = 1;
      for (const session of track.sessions) {
        for (const piece of splitInterval(session.start, session.end ?? now, capMs)) {
          const durationMs = piece.end - piece.start;
          files.push({
            name: `${input.folder}${base}_${index++}.${container}`,
            ...(track.userId !== undefined ? { userId: track.userId } : {}),
            trackType: track.trackType,
            format: container,
            startMs: piece.start,
            endMs: piece.end,
            durationMs,
            sizeBytes: mediaBytes(durationMs, bps),
          });
        }
      }
    }
  }
  return files;
}
