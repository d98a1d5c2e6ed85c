/**
 * Recorded media as time intervals: which tracks were being recorded when, and how that
 * turns into output files (one HLS index per track, MP4/AAC/FLV files split at the maximum
 * file duration), with sizes from the bitrate.
 */

export type TrackType = 'audio' | 'video' | 'audio_video';

export interface MediaSession {
  readonly start: number;
  end?: number;
}

/** One recorded track: a user's audio or video, or the mixed stream (`userId` undefined). */
export interface MediaTrack {
  readonly id: string;
  readonly userId?: string;
  readonly trackType: TrackType;
  readonly sessions: MediaSession[];
}

export interface TrackSpec {
  readonly id: string;
  readonly userId?: string;
  readonly trackType: TrackType;
}

/** The tracks of one task; `sync` opens and closes sessions so exactly `active` are recording. */
export class TrackSet {
  private readonly tracks = new Map<string, MediaTrack>();

  /** Returns the tracks that opened a session for the first time (for "first slice" events). */
  sync(active: readonly TrackSpec[], at: number): MediaTrack[] {
    const activeIds = new Set(active.map((t) => t.id));
    for (const track of this.tracks.values()) {
      const open = track.sessions[track.sessions.length - 1];
      if (open && open.end === undefined && !activeIds.has(track.id)) open.end = at;
    }
    const first: MediaTrack[] = [];
    for (const spec of active) {
      let track = this.tracks.get(spec.id);
      if (!track) {
        track = { ...spec, sessions: [] };
        this.tracks.set(spec.id, track);
        first.push(track);
      }
      const last = track.sessions[track.sessions.length - 1];
      if (!last || last.end !== undefined) track.sessions.push({ start: at });
    }
    return first;
  }

  closeAll(at: number): void {
    this.sync([], at);
  }

  list(): readonly MediaTrack[] {
    return [...this.tracks.values()];
  }

  /** True while any track is recording. */
  recording(): boolean {
    return this.list().some((t) => t.sessions.some((s) => s.end === undefined));
  }
}

/** Splits `[start, end)` into pieces of at most `maxMs` (MaxMediaFileDuration / record_interval). */
export function splitInterval(start: number, end: number, maxMs: number): { start: number; end: number }[] {
  const pieces: { start: number; end: number }[] = [];
  for (let s = start; s < end; s += maxMs) pieces.push({ start: s, end: Math.min(end, s + maxMs) });
  if (pieces.length === 0) pieces.push({ start, end });
  return pieces;
}

/** Bytes for `durationMs` of media at `bitrateBps`. */
export function mediaBytes(durationMs: number, bitrateBps: number): number {
  return Math.round((durationMs / 1000) * (bitrateBps / 8));
}

/** Total recorded time of a track up to `now` (open sessions count until `now`). */
export function recordedMs(track: MediaTrack, now: number): number {
  return track.sessions.reduce((sum, s) => sum + ((s.end ?? now) - s.start), 0);
}

/** Base64 of a UserId as TRTC writes it in file names (`/`→`-`, `=`→`.`). */
export function fileSafeBase64(userId: string): string {
  return Buffer.from(userId, 'utf8').toString('base64').replace(/\//g, '-').replace(/=/g, '.');
}

/** Provider-side max file size: files also split at 2 GB (reference §9). */
export const MAX_FILE_BYTES = 2 * 1024 ** 3;

/** `YYYYMMDDHHmmssSSS` in UTC (slice-name timestamps). */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:TZ.]/g, '');
}
