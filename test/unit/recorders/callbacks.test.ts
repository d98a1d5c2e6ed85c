// Callback interpretation per product with realistic bodies (reference §10 and the provider pages).
import { interpretCallback } from '../../../recorders/registry';

const TASK = '-gCTFWtU7t7DUlo7A8IswFszO9z2O-rbERqJAoK-4pycoZXKjIAAnasdcasdOEycyX4CnzhIm4RAQ..';

function trtc(group: number, type: number, payload: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    EventGroupId: group,
    EventType: type,
    CallbackTs: 1664209748188,
    EventInfo: {
      RoomId: '3560',
      EventTs: '1664209748',
      EventMsTs: 1664209748180,
      UserId: 'recbot_lesson_abc',
      TaskId: TASK,
      Payload: payload,
      ...extra,
    },
  };
}

describe('trtc-cloud callbacks', () => {
  it('301 Status 0 is task-started with the routing keys', () => {
    expect(interpretCallback('trtc-cloud', trtc(3, 301, { Status: 0 }))).toMatchObject({
      product: 'trtc-cloud',
      kind: 'task-started',
      taskId: TASK,
      botUserId: 'recbot_lesson_abc',
      roomId: '3560',
      occurredAtMs: 1664209748180,
    });
    expect(interpretCallback('trtc-cloud', trtc(3, 301, { Status: 1 }))?.kind).toBe('task-start-failed');
  });

  it.each([
    [0, 'stopped-by-api'],
    [1, 'kicked'],
    [2, 'room-dismissed'],
    [3, 'kicked'],
    [4, 'room-dismissed'],
    [99, 'idle-timeout'],
    [100, 'failed'],
    [101, 'replaced'],
  ])('302 LeaveCode %i ends the task with cause %s', (code, cause) => {
    expect(interpretCallback('trtc-cloud', trtc(3, 302, { LeaveCode: code }))).toMatchObject({
      kind: 'task-ended',
      endCause: cause,
      detail: `302 LeaveCode=${code}`,
    });
  });

  it('310 lists each finished MP4 from FileMessage', () => {
    const event = interpretCallback(
      'trtc-cloud',
      trtc(3, 310, {
        Status: 0,
        FileList: ['a.mp4'],
        FileMessage: [
          {
            FileName: 'a.mp4',
            UserId: 'u1',
            TrackType: 'audio_video',
            MediaId: 'main',
            StartTimeStamp: 1000,
            EndTimeStamp: 61000,
          },
        ],
      }),
    );
    expect(event).toMatchObject({
      kind: 'files',
      files: [
        { name: 'a.mp4', userId: 'u1', trackType: 'audio_video', startMs: 1000, endMs: 61000, durationMs: 60000 },
      ],
    });
  });

  it('311 Status 0 reports the VOD file; other statuses are informational', () => {
    const vod = {
      UserId: 'u1',
      TrackType: 'audio_video',
      MediaId: 'main',
      FileId: '5285890',
      VideoUrl: 'http://vod/x.mp4',
      CacheFile: 'x.mp4',
      StartTimeStamp: 1,
      EndTimeStamp: 2,
    };
    expect(interpretCallback('trtc-cloud', trtc(3, 311, { Status: 0, TencentVod: vod }))).toMatchObject({
      kind: 'files',
      files: [{ name: 'x.mp4', url: 'http://vod/x.mp4', fileId: '5285890', userId: 'u1' }],
    });
    expect(
      interpretCallback('trtc-cloud', trtc(3, 311, { Status: 2, Errmsg: 'upload failed', TencentVod: vod }))?.kind,
    ).toBe('info');
  });

  it('304 and 307 report the first index file and slice', () => {
    expect(interpretCallback('trtc-cloud', trtc(3, 304, { FileList: 'x.m3u8' }))?.files).toEqual([{ name: 'x.m3u8' }]);
    expect(
      interpretCallback(
        'trtc-cloud',
        trtc(3, 307, { FileName: 'x.m3u8', UserId: 'u', TrackType: 'video', BeginTimeStamp: 5 }),
      )?.files,
    ).toEqual([{ name: 'x.m3u8', userId: 'u', trackType: 'video', startMs: 5 }]);
  });

  it('305 and 312 are upload-complete; 306 is info', () => {
    expect(interpretCallback('trtc-cloud', trtc(3, 305, { Status: 0 }))?.kind).toBe('upload-complete');
    expect(interpretCallback('trtc-cloud', trtc(3, 312, { Status: 0 }))?.kind).toBe('upload-complete');
    expect(interpretCallback('trtc-cloud', trtc(3, 306, { Status: 0 }))?.kind).toBe('info');
  });

  it('ignores other event groups (room events) and malformed bodies', () => {
    expect(interpretCallback('trtc-cloud', trtc(1, 101, {}))).toBeUndefined();
    expect(interpretCallback('trtc-cloud', { hello: 'world' })).toBeUndefined();
    expect(interpretCallback('trtc-cloud', 'not json')).toBeUndefined();
  });

  it('gives a provider retry (new CallbackTs) the same eventId, a different event a different one', () => {
    const first = interpretCallback('trtc-cloud', trtc(3, 302, { LeaveCode: 0 }));
    const retry = interpretCallback('trtc-cloud', { ...trtc(3, 302, { LeaveCode: 0 }), CallbackTs: 1664209758188 });
    const other = interpretCallback('trtc-cloud', trtc(3, 302, { LeaveCode: 99 }));
    expect(retry?.eventId).toBe(first?.eventId);
    expect(other?.eventId).not.toBe(first?.eventId);
  });
});

describe('trtc-web callbacks', () => {
  it.each([
    [801, 1, 'task-started', undefined],
    [801, 2, 'task-start-failed', undefined],
    [801, 3, 'info', undefined],
    [801, 5, 'task-ended', 'failed'],
    [802, 0, 'task-ended', undefined],
    [803, 1, 'info', undefined],
    [803, 2, 'paused', undefined],
    [803, 3, 'resumed', undefined],
    [804, 1, 'task-ended', 'max-duration'],
    [804, 2, 'info', undefined],
  ])('%i Status %i → %s (%s)', (type, status, kind, cause) => {
    const event = interpretCallback('trtc-web', {
      EventGroupId: 8,
      EventType: type,
      CallbackTs: 1,
      EventInfo: { EventMsTs: 1700000000000, TaskId: 'web-task', Payload: { Status: status, EventMessage: 'x' } },
    });
    expect(event).toMatchObject({ product: 'trtc-web', kind, taskId: 'web-task', occurredAtMs: 1700000000000 });
    expect(event?.endCause).toBe(cause);
    expect(event?.botUserId).toBeUndefined();
  });

  it('accepts its VOD file events (311)', () => {
    const event = interpretCallback('trtc-web', {
      EventGroupId: 8,
      EventType: 311,
      EventInfo: {
        TaskId: 't',
        EventMsTs: 1,
        Payload: { Status: 0, TencentVod: { FileId: 'f1', VideoUrl: 'http://v' } },
      },
    });
    expect(event).toMatchObject({ kind: 'files', files: [{ name: 'f1', fileId: 'f1', url: 'http://v' }] });
  });

  it('a VideoUrl that is not an http(s) address is kept as the name, not as a URL', () => {
    const event = interpretCallback('trtc-web', {
      EventGroupId: 8,
      EventType: 311,
      EventInfo: { TaskId: 't', EventMsTs: 1, Payload: { Status: 0, TencentVod: { VideoUrl: 'web_1_rec_1.mp4' } } },
    });
    expect(event?.files).toEqual([{ name: 'web_1_rec_1.mp4' }]);
  });
});

describe('trro-cloud callbacks', () => {
  it('reuse the TRTC 301–312 set without a bot user', () => {
    const event = interpretCallback('trro-cloud', trtc(3, 302, { LeaveCode: 99 }));
    expect(event).toMatchObject({ product: 'trro-cloud', kind: 'task-ended', endCause: 'idle-timeout', taskId: TASK });
    expect(event?.botUserId).toBeUndefined();
  });

  it('name the device stream the task records (its routing keys); a TRTC callback does not', () => {
    const device = { ProjectId: 'proj', DeviceId: 'dev-1', VideoStreamId: '0' };
    expect(interpretCallback('trro-cloud', trtc(3, 301, { Status: 0 }, device))).toMatchObject({
      kind: 'task-started',
      projectId: 'proj',
      deviceId: 'dev-1',
      videoStreamId: 0,
    });
    expect(interpretCallback('trtc-cloud', trtc(3, 301, { Status: 0 }, device))).not.toHaveProperty('deviceId');
  });
});

describe('tiw-online callbacks', () => {
  const data = { RecordUserId: 'tic_record_user_1253_01', RoomId: 1253, TaskId: 'bj0mt2l23osdj300hl30' };
  const envelope = (type: string, extra: Record<string, unknown> = {}) => ({
    EventData: { ...data, ...extra },
    EventType: type,
    ExpireTime: 1590046391,
    SdkAppId: 1400000001,
    Sign: 'a2dabb362a9b811c0e26953a6276a41c',
    Timestamp: 1575545412,
  });

  it('OnlineRecordStarted is task-started with TaskId, RoomId and RecordUserId', () => {
    expect(interpretCallback('tiw-online', envelope('OnlineRecordStarted'))).toMatchObject({
      kind: 'task-started',
      taskId: 'bj0mt2l23osdj300hl30',
      roomId: '1253',
      recordUserId: 'tic_record_user_1253_01',
      occurredAtMs: 1575545412000,
    });
  });

  it('OnlineRecordStopped ends the task without claiming a cause', () => {
    const event = interpretCallback('tiw-online', envelope('OnlineRecordStopped'));
    expect(event?.kind).toBe('task-ended');
    expect(event?.endCause).toBeUndefined();
  });

  it('OnlineRecordFinished carries the reason and the videos', () => {
    const event = interpretCallback(
      'tiw-online',
      envelope('OnlineRecordFinished', {
        FinishReason: 'AUTO',
        GroupId: '1253',
        RecordStartTime: 1575545000,
        RecordStopTime: 1575545400,
        TotalTime: 400000,
        ExceptionCnt: 0,
        VideoInfos: [
          {
            VideoPlayTime: 0,
            VideoSize: 1024,
            VideoFormat: 'mp4',
            VideoDuration: 400000,
            VideoUrl: 'http://x/v.mp4',
            VideoId: '5285',
            VideoType: 2,
            UserId: '',
            Width: 1280,
            Height: 960,
          },
        ],
      }),
    );
    expect(event).toMatchObject({
      kind: 'upload-complete',
      endCause: 'idle-timeout',
      files: [
        {
          name: '5285',
          url: 'http://x/v.mp4',
          fileId: '5285',
          trackType: 'whiteboard',
          durationMs: 400000,
          sizeBytes: 1024,
          format: 'mp4',
        },
      ],
    });
  });

  it('ignores whiteboard events that are not online recording', () => {
    expect(interpretCallback('tiw-online', { ...envelope('TranscodeFinished') })).toBeUndefined();
  });
});

describe('css-live callbacks', () => {
  it('event 100 reports the recorded file, routed by stream', () => {
    const body = {
      event_type: 100,
      appid: 12345678,
      app: 'live.example.com',
      appname: 'live',
      stream_id: 'livetest',
      channel_id: 'livetest',
      file_id: '5285890799999999999',
      record_file_id: '5285890799999999999',
      file_format: 'flv',
      start_time: 1546483200,
      end_time: 1546484400,
      duration: 1200,
      file_size: 10240,
      video_url: 'http://1234.vod2.myqcloud.com/x/f0.flv',
      t: 1546484999,
      sign: 'abc',
    };
    expect(interpretCallback('css-live', body)).toMatchObject({
      kind: 'files',
      streamName: 'livetest',
      occurredAtMs: 1546484400000,
      files: [
        {
          name: '5285890799999999999',
          url: 'http://1234.vod2.myqcloud.com/x/f0.flv',
          durationMs: 1200000,
          sizeBytes: 10240,
          format: 'flv',
        },
      ],
    });
    const retried = interpretCallback('css-live', { ...body, t: 1546485999, sign: 'def' });
    expect(retried?.eventId).toBe(interpretCallback('css-live', body)?.eventId);
  });

  it('event 332 start success is task-started; session events are informational', () => {
    const base = {
      appid: 1,
      appname: 'live',
      domain: 'x.livepush.myqcloud.com',
      event_time: 1700000000,
      event_type: 332,
      seq: '1',
      session_id: 's1',
      stream_id: 'livetest',
      t: 1,
      sign: 'x',
    };
    expect(interpretCallback('css-live', { ...base, record_event: 'record_start_succeeded' })).toMatchObject({
      kind: 'task-started',
      streamName: 'livetest',
      occurredAtMs: 1700000000000,
    });
    expect(interpretCallback('css-live', { ...base, record_event: 'record_ended' })?.kind).toBe('info');
    expect(interpretCallback('css-live', { ...base, record_event: 'record_start_failed' })?.kind).toBe('info');
  });

  it('ignores other CSS events (e.g. push 1)', () => {
    expect(interpretCallback('css-live', { event_type: 1, stream_id: 's' })).toBeUndefined();
  });
});
