/**
 * CSS recording callbacks: event 332 (record status) and 100 (file), `sign` = MD5(key + t)
 * with `t` the expiry (now + 10 min) in the body, re-signed on every attempt; up to 12
 * retries a minute apart (reference §10, D:css-cb, D:css-cb332).
 */
import { cssRetryPolicy } from '../../callbacks/policies';
import { signExpiry } from '../../callbacks/sign';
import { type FileView } from '../../control/journal';
import { type World } from '../module';
import { type CssObserver, type CssSession, type CssTask } from './task';

/** The account AppId CSS callbacks carry (`appid`); an emulator constant. */
export const EMULATOR_APP_ID = 1250000000;
const SIGN_VALIDITY_SECONDS = 600;

function send(world: World, task: CssTask, event: string, fields: Record<string, unknown>): void {
  const target = world.targets.get('css-live');
  if (!target.url) return;
  const key = target.key ?? '';
  world.dispatcher.send({
    product: 'css-live',
    event,
    url: target.url,
    taskId: String(task.s.taskId),
    policy: cssRetryPolicy,
    build: (at) => {
      const t = Math.floor(at / 1000) + SIGN_VALIDITY_SECONDS;
      return {
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...fields, t, sign: signExpiry(key, t) }),
      };
    },
  });
}

function common(task: CssTask, session: CssSession): Record<string, unknown> {
  return {
    appid: EMULATOR_APP_ID,
    app: session.stream.domain,
    appname: session.stream.app,
    stream_id: session.stream.stream,
    channel_id: session.stream.stream,
  };
}

/** Turns task session events into CSS callbacks. */
export function cssObserver(world: World): CssObserver {
  return {
    sessionStarted(task, session) {
      send(world, task, '332:record_start_succeeded', {
        event_type: 332,
        ...common(task, session),
        record_event: 'record_start_succeeded',
        session_id: session.stream.sessionId,
        record_detail: '',
      });
    },
    sessionEnded(task, session, files: FileView[]) {
      for (const file of files) {
        send(world, task, '100', {
          event_type: 100,
          ...common(task, session),
          file_id: file.fileId,
          record_file_id: file.fileId,
          file_format: file.format,
          task_id: '',
          start_time: Math.floor(file.startMs / 1000),
          end_time: Math.floor(file.endMs / 1000),
          start_time_usec: (file.startMs % 1000) * 1000,
          end_time_usec: (file.endMs % 1000) * 1000,
          duration: Math.round(file.durationMs / 1000),
          file_size: file.sizeBytes,
          stream_param: task.s.streamParam,
          video_url: file.url,
          media_start_time: 0,
          record_bps: 0,
          callback_ext: JSON.stringify({
            video_codec: 'h264',
            resolution: task.s.audioOnly ? [] : [1280, 720],
            session_id: session.stream.sessionId,
          }),
        });
      }
      send(world, task, '332:record_ended', {
        event_type: 332,
        ...common(task, session),
        record_event: 'record_ended',
        session_id: session.stream.sessionId,
        record_detail: '',
      });
    },
  };
}
