/**
 * TIW recording callbacks: `{EventData, EventType, ExpireTime, SdkAppId, Sign, Timestamp}` with
 * `Sign` = MD5(CallbackKey + ExpireTime) in the body (reference §10, D:tiw-auth), sent to the
 * URL set by SetOnlineRecordCallback (or config), on the emulator's TIW retry policy.
 */
import { tiwRetryPolicy } from '../../callbacks/policies';
import { signExpiry } from '../../callbacks/sign';
import { type World } from '../module';
import { type TiwTask } from './task';

/** Seconds a TIW callback signature stays valid (the receiver rejects an expired ExpireTime). */
const SIGN_VALIDITY_SECONDS = 600;

export type TiwEvent = 'OnlineRecordStarted' | 'OnlineRecordStopped' | 'OnlineRecordFinished';

function eventData(task: TiwTask, event: TiwEvent): Record<string, unknown> {
  const base = { TaskId: task.record.taskId, RoomId: task.s.roomId, RecordUserId: task.s.recordUserId };
  if (event !== 'OnlineRecordFinished') return base;
  return {
    ...base,
    GroupId: task.s.groupId,
    FinishReason: task.finishReason,
    RecordStartTime: Math.floor((task.startedAt ?? 0) / 1000),
    RecordStopTime: Math.floor((task.stoppedAt ?? 0) / 1000),
    TotalTime: task.totalTime(),
    ExceptionCnt: task.exceptionCnt,
    OmittedDurations: task.omitted,
    VideoInfos: videoInfos(task),
  };
}

/** DescribeOnlineRecord / OnlineRecordFinished `VideoInfos`. */
export function videoInfos(task: TiwTask): Record<string, unknown>[] {
  const types: Record<string, number> = { camera: 0, board: 2, mix: 3, mp3: 4 };
  return task.videos().map((f, i) => ({
    VideoPlayTime: f.startMs,
    VideoSize: f.sizeBytes,
    VideoFormat: f.format,
    VideoDuration: f.durationMs,
    VideoUrl: f.url ?? f.name,
    VideoId: `${task.record.taskId}-${i}`,
    VideoType: types[f.trackType ?? ''] ?? 0,
    UserId: f.userId ?? '',
    Width: f.format === 'mp3' ? 0 : task.s.width,
    Height: f.format === 'mp3' ? 0 : task.s.height,
  }));
}

/** Queues one TIW callback if a URL is set for the task's SdkAppId; signed once, so retries resend the same body. */
export function sendTiwEvent(world: World, task: TiwTask, event: TiwEvent): void {
  const target = world.targets.get('tiw-online', String(task.s.sdkAppId));
  if (!target.url) return;
  const timestamp = Math.floor(world.clock.now() / 1000);
  const expireTime = timestamp + SIGN_VALIDITY_SECONDS;
  const body = JSON.stringify({
    EventData: eventData(task, event),
    EventType: event,
    ExpireTime: expireTime,
    SdkAppId: task.s.sdkAppId,
    Sign: target.key ? signExpiry(target.key, expireTime) : '',
    Timestamp: timestamp,
  });
  world.dispatcher.send({
    product: 'tiw-online',
    event,
    url: target.url,
    taskId: task.record.taskId,
    policy: tiwRetryPolicy,
    build: () => ({ headers: { 'Content-Type': 'application/json' }, body }),
  });
}
