/** Which room users a TRTC recording subscribes to (allow/block lists, `.*$` prefix entries). */
import { type RoomUser } from '../../world/rooms';
import { type TrackSpec, type TrackType } from '../media';
import { type SubscribeStreamUserIds } from './schema';

function listed(userId: string, list: readonly string[] | undefined): boolean {
  return (list ?? []).some((entry) =>
    entry.endsWith('.*$') ? userId.startsWith(entry.slice(0, -3)) : entry === userId,
  );
}

/** Allow list (when non-empty) must match and the block list must not. */
export function subscribed(
  userId: string,
  media: 'audio' | 'video',
  lists: SubscribeStreamUserIds | undefined,
): boolean {
  const allow = media === 'audio' ? lists?.SubscribeAudioUserIds : lists?.SubscribeVideoUserIds;
  const block = media === 'audio' ? lists?.UnSubscribeAudioUserIds : lists?.UnSubscribeVideoUserIds;
  if (allow !== undefined && allow.length > 0 && !listed(userId, allow)) return false;
  return !listed(userId, block);
}

export interface RecordingShape {
  /** 1 single stream, 2 mixed. */
  readonly recordMode: number;
  /** 0 audio+video, 1 audio only, 2 video only. */
  readonly streamType: number;
  /** Single stream: 1 merges a user's audio and video into one file. */
  readonly avMerge: number;
  readonly subscribe: SubscribeStreamUserIds | undefined;
}

/** The tracks being recorded given who publishes what right now. */
export function activeTracks(shape: RecordingShape, publishers: readonly RoomUser[]): TrackSpec[] {
  const wantsAudio = shape.streamType !== 2;
  const wantsVideo = shape.streamType !== 1;
  const heard = (u: RoomUser): boolean => wantsAudio && u.audio && subscribed(u.userId, 'audio', shape.subscribe);
  const seen = (u: RoomUser): boolean => wantsVideo && u.video && subscribed(u.userId, 'video', shape.subscribe);
  if (shape.recordMode === 2) {
    if (!publishers.some((u) => heard(u) || seen(u))) return [];
    const trackType: TrackType = !wantsVideo ? 'audio' : !wantsAudio ? 'video' : 'audio_video';
    return [{ id: 'mix', trackType }];
  }
  const specs: TrackSpec[] = [];
  for (const u of publishers) {
    const audio = heard(u);
    const video = seen(u);
    if (shape.avMerge === 1 && (audio || video)) {
      specs.push({ id: `${u.userId}/av`, userId: u.userId, trackType: 'audio_video' });
      continue;
    }
    if (audio) specs.push({ id: `${u.userId}/audio`, userId: u.userId, trackType: 'audio' });
    if (video) specs.push({ id: `${u.userId}/video`, userId: u.userId, trackType: 'video' });
  }
  // At most 25 streams per task (reference §3).
  return specs.slice(0, 25);
}
