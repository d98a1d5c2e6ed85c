/** TRTC on-cloud recording through the official SDK: validation, Idle → InProgress → Exited, idle, expiry, re-entry, limits, files. */
import { type RunningEmulator } from '../../emulator/index';
import { sdkClients, sdkError, startTestEmulator, type SdkClients } from '../support/emulator';

const SDK_APP_ID = 1400188366;
const room = { sdkAppId: SDK_APP_ID, roomId: '3560' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function createRequest(
  overrides: Record<string, unknown> = {},
  recordParams: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    SdkAppId: SDK_APP_ID,
    RoomId: '3560',
    UserId: 'recorder_3560',
    UserSig: 'sig',
    RecordParams: { RecordMode: 2, MaxIdleTime: 60, StreamType: 0, ...recordParams },
    StorageParams: {
      CloudStorage: {
        Vendor: 0,
        Region: 'ap-guangzhou',
        Bucket: 'rec-1250000000',
        AccessKey: 'ak',
        SecretKey: 'sk',
        FileNamePrefix: ['recordings'],
      },
    },
    ...overrides,
  };
}

describe('trtc-cloud', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { trtcConcurrentTasks: 3 } });
    sdk = sdkClients(emu);
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });

  const create = async (
    overrides?: Record<string, unknown>,
    recordParams?: Record<string, unknown>,
  ): Promise<string> => {
    const { TaskId } = (await sdk.trtc.request('CreateCloudRecording', createRequest(overrides, recordParams))) as {
      TaskId: string;
    };
    return String(TaskId);
  };
  const describe_ = (TaskId: string) => sdk.trtc.DescribeCloudRecording({ SdkAppId: SDK_APP_ID, TaskId });

  test.each([
    ['missing RoomId', { RoomId: undefined }, {}, 'MissingParameter.RoomId'],
    ['missing UserSig', { UserSig: undefined }, {}, 'MissingParameter.UserSig'],
    ['missing RecordMode', {}, { RecordMode: undefined }, 'MissingParameter.RecordMode'],
    ['empty StorageParams', { StorageParams: {} }, {}, 'MissingParameter.CloudStorage'],
    [
      'COS without Bucket',
      { StorageParams: { CloudStorage: { Vendor: 0, Region: 'r', Bucket: '', AccessKey: 'a', SecretKey: 's' } } },
      {},
      'MissingParameter.Bucket',
    ],
    ['MaxIdleTime 4', {}, { MaxIdleTime: 4 }, 'InvalidParameter.OutOfRange'],
    ['MaxIdleTime 86401', {}, { MaxIdleTime: 86401 }, 'InvalidParameter.OutOfRange'],
    ['OutputFormat 5', {}, { OutputFormat: 5 }, 'InvalidParameter.OutOfRange'],
    ['MaxMediaFileDuration 0', {}, { MaxMediaFileDuration: 0 }, 'InvalidParameter.OutOfRange'],
    ['MaxMediaFileDuration 1441', {}, { MaxMediaFileDuration: 1441 }, 'InvalidParameter.OutOfRange'],
    ['ResourceExpiredHour 5', { ResourceExpiredHour: 5 }, {}, 'InvalidParameter.OutOfRange'],
    ['ResourceExpiredHour 721', { ResourceExpiredHour: 721 }, {}, 'InvalidParameter.OutOfRange'],
    ['SdkAppId as a string', { SdkAppId: '1400188366' }, {}, 'InvalidParameter'],
    ['non-integer RoomId with RoomIdType 1', { RoomId: 'abc' }, {}, 'InvalidParameter.OutOfRange'],
  ])('rejects %s with %s', async (_name, overrides, recordParams, code) => {
    const error = await sdkError(sdk.trtc.request('CreateCloudRecording', createRequest(overrides, recordParams)));
    expect(error.code).toBe(code);
    expect(emu.control.tasks()).toHaveLength(0);
  });

  test('accepts the documented bounds and a string RoomId with RoomIdType 0', async () => {
    await create({ ResourceExpiredHour: 6 }, { MaxIdleTime: 5, MaxMediaFileDuration: 1 });
    await create(
      { ResourceExpiredHour: 720, RoomId: 'room-abc', RoomIdType: 0, UserId: 'r2' },
      { MaxIdleTime: 86400, MaxMediaFileDuration: 1440 },
    );
    expect(emu.control.runningTasks('trtc-cloud')).toHaveLength(2);
  });

  test('Idle until an anchor publishes, InProgress while recording, idle time counts only with no anchor present', async () => {
    const taskId = await create();
    expect((await describe_(taskId)).Status).toBe('Idle');
    emu.control.advance(59_000);
    emu.control.joinRoom(room, 'anchor_1'); // present but silent: not idle
    emu.control.advance(3 * HOUR);
    expect((await describe_(taskId)).Status).toBe('Idle');
    emu.control.publish(room, 'anchor_1', { audio: true, video: true });
    const inProgress = await describe_(taskId);
    expect(inProgress.Status).toBe('InProgress');
    expect(inProgress.StorageFileList).toEqual([
      { UserId: '', FileName: `${SDK_APP_ID}_3560.m3u8`, TrackType: 'audio_video', BeginTimeStamp: emu.clock.now() },
    ]);
    emu.control.leaveRoom(room, 'anchor_1');
    emu.control.advance(59_999);
    expect((await describe_(taskId)).Status).toBe('Idle');
    emu.control.advance(1);
    const task = emu.control.task('trtc-cloud', taskId);
    expect(task).toMatchObject({
      running: false,
      status: 'Exited',
      endReason: 'idle-timeout',
      detail: { leaveCode: 99 },
    });
    expect((await describe_(taskId)).Status).toBe('Exited');
    emu.control.advance(5_000);
    await expect(sdkError(describe_(taskId))).resolves.toMatchObject({ code: 'ResourceNotFound' });
  });

  test('after ResourceExpiredHour Describe/Modify/Delete are refused while the task keeps running', async () => {
    emu.control.joinRoom(room, 'anchor_1', { audio: true });
    const taskId = await create({ ResourceExpiredHour: 6 });
    emu.control.advance(6 * HOUR - 1);
    expect((await describe_(taskId)).Status).toBe('InProgress');
    emu.control.advance(1);
    for (const call of [
      describe_(taskId),
      sdk.trtc.ModifyCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: taskId, MixLayoutParams: { MixLayoutMode: 3 } }),
      sdk.trtc.DeleteCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: taskId }),
    ]) {
      await expect(sdkError(call)).resolves.toMatchObject({ code: 'ResourceNotFound' });
    }
    expect(emu.control.runningTasks('trtc-cloud').map((t) => t.taskId)).toEqual([taskId]);
    expect(emu.control.task('trtc-cloud', taskId)?.calls.map((c) => c.outcome)).toEqual([
      'ok',
      'ok',
      'ResourceNotFound',
      'ResourceNotFound',
      'ResourceNotFound',
    ]);
  });

  test('the same bot UserId re-entering interrupts the earlier task (LeaveCode 101)', async () => {
    const first = await create();
    const second = await create();
    expect(first).not.toBe(second);
    expect(emu.control.task('trtc-cloud', first)).toMatchObject({
      running: false,
      endReason: 'same-user-reentered',
      detail: { leaveCode: 101 },
    });
    expect(emu.control.runningTasks('trtc-cloud').map((t) => t.taskId)).toEqual([second]);
    expect(emu.control.tasks({ identity: { userId: 'recorder_3560' } })).toHaveLength(2);
    expect(emu.control.rooms()[0]?.users.filter((u) => u.bot)).toEqual([
      expect.objectContaining({ userId: 'recorder_3560', owner: `trtc-cloud/${second}` }),
    ]);
  });

  test('the concurrency limit answers FailedOperation.RestrictedConcurrency', async () => {
    for (const n of [1, 2, 3]) await create({ RoomId: String(n), UserId: `bot${n}` });
    await expect(
      sdkError(sdk.trtc.request('CreateCloudRecording', createRequest({ RoomId: '4', UserId: 'bot4' }))),
    ).resolves.toMatchObject({
      code: 'FailedOperation.RestrictedConcurrency',
    });
  });

  test('Modify overwrites the subscription; Delete stops; files split at MaxMediaFileDuration', async () => {
    emu.control.joinRoom(room, 'alice', { audio: true, video: true });
    emu.control.joinRoom(room, 'bob', { audio: true, video: true });
    const taskId = await create({}, { RecordMode: 1, OutputFormat: 3, MaxMediaFileDuration: 30 });
    emu.control.advance(40 * MINUTE);
    await sdk.trtc.ModifyCloudRecording({
      SdkAppId: SDK_APP_ID,
      TaskId: taskId,
      SubscribeStreamUserIds: { UnSubscribeAudioUserIds: ['bob'], UnSubscribeVideoUserIds: ['b.*$'] },
    });
    emu.control.advance(35 * MINUTE);
    await expect(sdk.trtc.DeleteCloudRecording({ SdkAppId: SDK_APP_ID, TaskId: taskId })).resolves.toMatchObject({
      TaskId: taskId,
    });
    const task = emu.control.task('trtc-cloud', taskId);
    expect(task).toMatchObject({ status: 'Exited', endReason: 'stopped-by-api', detail: { leaveCode: 0 } });
    const files = task?.files ?? [];
    const alice = files.filter((f) => f.userId === 'alice' && f.trackType === 'video');
    expect(alice.map((f) => f.durationMs)).toEqual([30 * MINUTE, 30 * MINUTE, 15 * MINUTE]);
    expect(alice[0]?.name).toBe(
      `recordings/${taskId}/${SDK_APP_ID}_3560__UserId_s_YWxpY2U.__UserId_e_main_video_1.mp4`,
    );
    expect(alice[0]?.sizeBytes).toBe(30 * 60 * (1_000_000 / 8));
    const bob = files.filter((f) => f.userId === 'bob' && f.trackType === 'audio');
    expect(bob.map((f) => f.durationMs)).toEqual([30 * MINUTE, 10 * MINUTE]);
    // Secrets never reach the inspection view.
    expect(JSON.stringify(task)).not.toMatch(/"sk"|"ak"|"sig"/);
  });

  test('Describe/Delete of an unknown task, or with another SdkAppId, is ResourceNotFound', async () => {
    const taskId = await create();
    await expect(sdkError(describe_('does-not-exist'))).resolves.toMatchObject({ code: 'ResourceNotFound' });
    await expect(sdkError(sdk.trtc.DeleteCloudRecording({ SdkAppId: 1, TaskId: taskId }))).resolves.toMatchObject({
      code: 'ResourceNotFound',
    });
    await expect(sdkError(sdk.trtc.request('DescribeCloudRecording', { SdkAppId: SDK_APP_ID }))).resolves.toMatchObject(
      { code: 'MissingParameter.TaskId' },
    );
  });
});
