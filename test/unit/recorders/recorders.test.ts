// Each recorder sends the documented action and payload, maps the provider's state and files, and rejects malformed answers.
import { ProviderResponseInvalid } from '../../../recorders/errors';
import { deriveIdentity } from '../../../domain/identity';
import { recorderFor } from '../../../recorders/registry';
import type { Product } from '../../../domain/catalog';
import type { TaskRef } from '../../../domain/contract';
import { FakeIo } from './fake-io';
import { VALID_PARAMS } from './fixtures';

const NOW = Date.UTC(2024, 0, 1);

function request(product: Product, recordId = 'lesson-42', attempt = 0) {
  const params = VALID_PARAMS[product];
  return {
    recordId,
    attempt,
    region: 'ap-singapore',
    params,
    identity: deriveIdentity(product, recordId, attempt, params),
    requestedAtMs: NOW,
  };
}

function ref(product: Product, extra: Partial<TaskRef> = {}): TaskRef {
  return { product, taskId: 'task-1', sdkAppId: 1400000001, identity: {}, ...extra };
}

describe('trtc-cloud recorder', () => {
  const recorder = recorderFor('trtc-cloud');

  it('starts with the derived bot UserId and computes the control deadline from ResourceExpiredHour', async () => {
    const io = new FakeIo({ data: { TaskId: 'T1' } });
    const req = request('trtc-cloud');
    const { task, requestId } = await recorder.start(io, req);
    expect(io.calls).toEqual([
      { action: 'CreateCloudRecording', payload: { ...VALID_PARAMS['trtc-cloud'], UserId: req.identity.botUserId } },
    ]);
    expect(task).toEqual({
      product: 'trtc-cloud',
      taskId: 'T1',
      region: 'ap-singapore',
      sdkAppId: 1400188366,
      roomId: '3560',
      identity: req.identity,
      controlExpiresAtMs: NOW + 72 * 3_600_000,
    });
    expect(requestId).toBe('req-1');
  });

  it('maps DescribeCloudRecording status and files', async () => {
    const io = new FakeIo({
      data: {
        TaskId: 'task-1',
        Status: 'InProgress',
        StorageFileList: [
          { UserId: '', FileName: '1400188366_3560.m3u8', TrackType: null, BeginTimeStamp: 1700000000000 },
        ],
      },
    });
    await expect(recorder.describe?.(io, ref('trtc-cloud'))).resolves.toEqual({
      state: 'recording',
      providerStatus: 'InProgress',
      files: [{ name: '1400188366_3560.m3u8', startMs: 1700000000000 }],
    });
    expect(io.calls[0]).toEqual({
      action: 'DescribeCloudRecording',
      payload: { SdkAppId: 1400000001, TaskId: 'task-1' },
    });
  });

  it.each([
    ['Idle', 'idle'],
    ['Exited', 'stopping'],
    ['Whatever', 'unknown'],
  ])('maps Status %s to %s', async (status, state) => {
    const observation = await recorder.describe?.(new FakeIo({ data: { Status: status } }), ref('trtc-cloud'));
    expect(observation?.state).toBe(state);
  });

  it('modifies with the complete lists, validated first', async () => {
    const io = new FakeIo({ data: {} });
    const changes = { SubscribeStreamUserIds: { SubscribeAudioUserIds: ['a', 'b'] } };
    await recorder.modify?.(io, ref('trtc-cloud'), changes);
    expect(io.calls).toEqual([
      { action: 'ModifyCloudRecording', payload: { SdkAppId: 1400000001, TaskId: 'task-1', ...changes } },
    ]);
    await expect(recorder.modify?.(new FakeIo(), ref('trtc-cloud'), {})).rejects.toThrow(
      /MixLayoutParams and\/or SubscribeStreamUserIds/,
    );
  });

  it('stops with DeleteCloudRecording and cannot recover a lost TaskId by API', async () => {
    const io = new FakeIo({ data: { TaskId: 'task-1' } });
    await recorder.stop(io, ref('trtc-cloud'));
    expect(io.calls).toEqual([{ action: 'DeleteCloudRecording', payload: { SdkAppId: 1400000001, TaskId: 'task-1' } }]);
    await expect(recorder.recover(new FakeIo(), request('trtc-cloud'))).resolves.toEqual({ kind: 'unsupported' });
  });

  it('refuses a start answer without TaskId', async () => {
    await expect(recorder.start(new FakeIo({ data: {} }), request('trtc-cloud'))).rejects.toBeInstanceOf(
      ProviderResponseInvalid,
    );
  });
});

describe('trtc-web recorder', () => {
  const recorder = recorderFor('trtc-web');

  it('always sends MaxDurationLimit and the derived RecordId', async () => {
    const io = new FakeIo({ data: { TaskId: 'W1' } });
    const req = request('trtc-web', 'lesson-42', 3);
    await recorder.start(io, req);
    expect(io.calls[0]?.action).toBe('StartWebRecord');
    expect(io.calls[0]?.payload).toEqual({
      ...VALID_PARAMS['trtc-web'],
      MaxDurationLimit: 36000,
      RecordId: req.identity.webRecordId,
    });
    expect(req.identity.webRecordId).toMatch(/_3$/);
  });

  it('keeps a caller MaxDurationLimit', async () => {
    const io = new FakeIo({ data: { TaskId: 'W1' } });
    const req = { ...request('trtc-web'), params: { ...VALID_PARAMS['trtc-web'], MaxDurationLimit: 7200 } };
    await recorder.start(io, req);
    expect(io.calls[0]?.payload['MaxDurationLimit']).toBe(7200);
  });

  it('recovers the TaskId with DescribeWebRecord(SdkAppId, RecordId)', async () => {
    const io = new FakeIo({ data: { Status: 1, TaskId: 'W1' } });
    const req = request('trtc-web');
    await expect(recorder.recover(io, req)).resolves.toMatchObject({
      kind: 'found',
      task: { product: 'trtc-web', taskId: 'W1', sdkAppId: 1400000001 },
    });
    expect(io.calls).toEqual([
      { action: 'DescribeWebRecord', payload: { SdkAppId: 1400000001, RecordId: req.identity.webRecordId } },
    ]);
    await expect(recorder.recover(new FakeIo({ data: { Status: 1 } }), req)).resolves.toEqual({ kind: 'not-found' });
  });

  it('describes by TaskId (Status 1 = recording) and stops with StopWebRecord', async () => {
    const io = new FakeIo({ data: { Status: 1, RecordId: 'r' } }, { data: {} });
    await expect(recorder.describe?.(io, ref('trtc-web'))).resolves.toEqual({
      state: 'recording',
      providerStatus: '1',
      files: [],
    });
    await recorder.stop(io, ref('trtc-web'));
    expect(io.calls.map((c) => [c.action, c.payload])).toEqual([
      ['DescribeWebRecord', { TaskId: 'task-1' }],
      ['StopWebRecord', { TaskId: 'task-1' }],
    ]);
  });
});

describe('tiw-online recorder', () => {
  const recorder = recorderFor('tiw-online');
  const finished = {
    TaskId: 'task-1',
    Status: 'FINISHED',
    FinishReason: 'FORCE_STOP',
    RoomId: 1203,
    GroupId: '1203',
    RecordUserId: 'x',
    RecordStartTime: 1,
    RecordStopTime: 2,
    TotalTime: 1000,
    ExceptionCnt: 0,
    OmittedDurations: [],
    ReplayUrl: null,
    Interrupts: null,
    VideoInfos: [
      {
        VideoPlayTime: 5,
        VideoSize: 10,
        VideoFormat: 'mp4',
        VideoDuration: 1000,
        VideoUrl: 'http://v',
        VideoId: 'v1',
        VideoType: 3,
        UserId: 'tic_mixstream_1203_1',
        Width: 1,
        Height: 1,
      },
    ],
  };

  it('starts with the derived RecordUserId', async () => {
    const io = new FakeIo({ data: { TaskId: 'bj0mt2l23osdj300hl30' } });
    const req = request('tiw-online');
    const { task } = await recorder.start(io, req);
    expect(io.calls[0]).toEqual({
      action: 'StartOnlineRecord',
      payload: { ...VALID_PARAMS['tiw-online'], RecordUserId: req.identity.recordUserId },
    });
    expect(task).toMatchObject({ taskId: 'bj0mt2l23osdj300hl30', roomId: '1203', sdkAppId: 1400000001 });
  });

  it('maps FINISHED + FORCE_STOP to ended/forced-stop with the videos', async () => {
    await expect(recorder.describe?.(new FakeIo({ data: finished }), ref('tiw-online'))).resolves.toMatchObject({
      state: 'ended',
      endCause: 'forced-stop',
      providerStatus: 'FINISHED',
      files: [
        {
          name: 'v1',
          url: 'http://v',
          trackType: 'mix',
          durationMs: 1000,
          sizeBytes: 10,
          format: 'mp4',
          userId: 'tic_mixstream_1203_1',
        },
      ],
    });
  });

  it.each([
    ['PREPARED', 'starting'],
    ['RECORDING', 'recording'],
    ['PAUSED', 'paused'],
    ['STOPPED', 'stopping'],
  ])('maps %s to %s', async (status, state) => {
    const observation = await recorder.describe?.(
      new FakeIo({ data: { ...finished, Status: status, FinishReason: '' } }),
      ref('tiw-online'),
    );
    expect(observation?.state).toBe(state);
    expect(observation?.endCause).toBeUndefined();
  });

  it('recovers by listing running tasks in the room and confirming the RecordUserId, heart-beating between calls', async () => {
    const req = request('tiw-online');
    const io = new FakeIo(
      {
        data: {
          Total: 3,
          Tasks: [
            { TaskID: 'other-room', RoomID: 9, Status: 'PROCESSING', TaskType: 'OnlineRecord' },
            { TaskID: 'same-room-other-user', RoomID: 1203, Status: 'PROCESSING', TaskType: 'OnlineRecord' },
            { TaskID: 'ours', RoomID: 1203, Status: 'PROCESSING', TaskType: 'OnlineRecord' },
          ],
        },
      },
      {
        data: {
          ...finished,
          TaskId: 'same-room-other-user',
          Status: 'RECORDING',
          RecordUserId: 'tic_record_user_1203_someone',
        },
      },
      { data: { ...finished, TaskId: 'ours', Status: 'RECORDING', RecordUserId: req.identity.recordUserId } },
    );
    await expect(recorder.recover(io, req)).resolves.toMatchObject({
      kind: 'found',
      task: { taskId: 'ours', roomId: '1203' },
    });
    expect(io.calls.map((c) => c.action)).toEqual([
      'DescribeRunningTasks',
      'DescribeOnlineRecord',
      'DescribeOnlineRecord',
    ]);
    expect(io.calls[0]?.payload).toEqual({ SdkAppID: 1400000001, TaskType: 'OnlineRecord', Offset: 0, Limit: 500 });
    expect(io.heartbeats).toBeGreaterThanOrEqual(3);
  });

  it('reports not-found when no running task holds the RecordUserId', async () => {
    const io = new FakeIo({ data: { Total: 0, Tasks: [] } });
    await expect(recorder.recover(io, request('tiw-online'))).resolves.toEqual({ kind: 'not-found' });
  });

  it('pauses, resumes and stops with SdkAppId + TaskId', async () => {
    const io = new FakeIo({ data: {} }, { data: {} }, { data: {} });
    await recorder.pause?.(io, ref('tiw-online'));
    await recorder.resume?.(io, ref('tiw-online'));
    await recorder.stop(io, ref('tiw-online'));
    expect(io.calls).toEqual(
      ['PauseOnlineRecord', 'ResumeOnlineRecord', 'StopOnlineRecord'].map((action) => ({
        action,
        payload: { SdkAppId: 1400000001, TaskId: 'task-1' },
      })),
    );
  });
});

describe('css-live recorder', () => {
  const recorder = recorderFor('css-live');

  it('creates with the given params and keeps the integer TaskId as digits', async () => {
    const io = new FakeIo({ data: { TaskId: 1234567 } });
    const { task } = await recorder.start(io, request('css-live'));
    expect(io.calls[0]).toEqual({ action: 'CreateLiveRecord', payload: VALID_PARAMS['css-live'] });
    expect(task).toMatchObject({ product: 'css-live', taskId: '1234567', streamName: 'livetest', identity: {} });
  });

  it('stops with StreamName and the integer TaskId', async () => {
    const io = new FakeIo({ data: {} }, { data: {} });
    await recorder.stop(io, ref('css-live', { taskId: '1234567', streamName: 'livetest' }));
    await recorder.stop(io, ref('css-live', { taskId: '90071992547409931', streamName: 'livetest' }));
    expect(io.calls[0]).toEqual({ action: 'StopLiveRecord', payload: { StreamName: 'livetest', TaskId: 1234567 } });
    expect(io.calls[1]?.payload['TaskId']).toBe(90071992547409931n);
  });

  it('has no describe and reports ambiguity instead of retrying', () => {
    expect('describe' in recorder).toBe(false);
    expect(recorder.ambiguousStart).toBe('report');
  });
});

describe('trro-cloud recorder', () => {
  const recorder = recorderFor('trro-cloud');

  it('creates and deletes by TaskId only; callbacks are the state source', async () => {
    const io = new FakeIo({ data: { TaskId: 'R1' } }, { data: {} });
    const { task } = await recorder.start(io, request('trro-cloud'));
    await recorder.stop(io, task);
    expect(io.calls).toEqual([
      { action: 'CreateCloudRecording', payload: VALID_PARAMS['trro-cloud'] },
      { action: 'DeleteCloudRecording', payload: { TaskId: 'R1' } },
    ]);
    expect('describe' in recorder).toBe(false);
    expect(recorder.capabilities.describe).toBe(false);
  });
});
