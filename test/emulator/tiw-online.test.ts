/** TIW online recording through the official SDK: validation, state machine, exclusive RecordUserId, auto/forced stop, running-task listing. */
import { type RunningEmulator } from '../../emulator/index';
import { sdkClients, sdkError, startTestEmulator, type SdkClients } from '../support/emulator';

const SDK_APP_ID = 1400000001;
const ROOM_ID = 1203;
const room = { sdkAppId: SDK_APP_ID, roomId: ROOM_ID };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function startRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    SdkAppId: SDK_APP_ID,
    RoomId: ROOM_ID,
    RecordUserId: 'tic_record_user_1203_141551',
    RecordUserSig: 'sig',
    AutoStopTimeout: 600,
    ...overrides,
  };
}

describe('tiw-online', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { tiwConcurrentTasks: 2 } });
    sdk = sdkClients(emu);
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });
  const start = async (overrides?: Record<string, unknown>): Promise<string> =>
    ((await sdk.tiw.request('StartOnlineRecord', startRequest(overrides))) as { TaskId: string }).TaskId;
  const describeTask = (TaskId: string) => sdk.tiw.DescribeOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId });

  test.each([
    ['missing RecordUserSig', { RecordUserSig: undefined }, 'MissingParameter'],
    ['RoomId as a string', { RoomId: '1203' }, 'InvalidParameter.BodyParameterTypeUnmatched'],
    ['RoomId 0', { RoomId: 0 }, 'InvalidParameter.RecordParameter'],
    ['RoomId above 4294967295', { RoomId: 4294967296 }, 'InvalidParameter.RecordParameter'],
    ['a 61-byte RecordUserId', { RecordUserId: 'u'.repeat(61) }, 'InvalidParameter.RecordParameter'],
    ['AutoStopTimeout 299', { AutoStopTimeout: 299 }, 'InvalidParameter.RecordParameter'],
    ['AutoStopTimeout 86401', { AutoStopTimeout: 86401 }, 'InvalidParameter.RecordParameter'],
    ['an unknown Extra', { Extras: ['TELEPORT'] }, 'InvalidParameter.InvalidExtra'],
    ['MixStream without MIX_STREAM', { MixStream: { Enabled: true } }, 'InvalidParameter.InvalidExtra'],
  ])('rejects %s with %s', async (_name, overrides, code) => {
    await expect(sdkError(sdk.tiw.request('StartOnlineRecord', startRequest(overrides)))).resolves.toMatchObject({
      code,
    });
    expect(emu.control.tasks()).toHaveLength(0);
  });

  test('PREPARED → RECORDING ⇄ PAUSED → STOPPED → FINISHED with USER_CALL and videos', async () => {
    emu.control.joinRoom(room, 'teacher', { audio: true, video: true });
    const taskId = await start({ MixStream: { Enabled: true }, Extras: ['MIX_STREAM'], AudioFileNeeded: true });
    await expect(describeTask(taskId)).resolves.toMatchObject({
      Status: 'PREPARED',
      RecordUserId: 'tic_record_user_1203_141551',
      FinishReason: '',
    });
    emu.control.advance(2_000);
    expect((await describeTask(taskId)).Status).toBe('RECORDING');
    await expect(sdkError(sdk.tiw.ResumeOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: taskId }))).resolves.toMatchObject(
      { code: 'UnsupportedOperation.InvalidTaskStatus' },
    );
    emu.control.advance(10 * MINUTE);
    await sdk.tiw.PauseOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: taskId });
    await expect(sdkError(sdk.tiw.PauseOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: taskId }))).resolves.toMatchObject({
      code: 'UnsupportedOperation.InvalidTaskStatus',
    });
    emu.control.advance(5 * MINUTE);
    await sdk.tiw.ResumeOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: taskId });
    emu.control.advance(20 * MINUTE);
    await sdk.tiw.StopOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: taskId });
    await expect(describeTask(taskId)).resolves.toMatchObject({
      Status: 'STOPPED',
      FinishReason: 'USER_CALL',
      TotalTime: 30 * MINUTE,
      VideoInfos: [],
    });
    await expect(sdkError(sdk.tiw.StopOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: taskId }))).resolves.toMatchObject({
      code: 'UnsupportedOperation.TaskHasAlreadyStopped',
    });
    emu.control.advance(30_000);
    const finished = await describeTask(taskId);
    expect(finished).toMatchObject({ Status: 'FINISHED', FinishReason: 'USER_CALL', ExceptionCnt: 0 });
    expect(finished.OmittedDurations).toEqual([
      { VideoTime: 10 * MINUTE, PauseTime: expect.any(Number) as number, ResumeTime: expect.any(Number) as number },
    ]);
    expect(finished.VideoInfos.map((v) => [v.VideoType, v.UserId, v.VideoDuration])).toEqual([
      [2, '', 30 * MINUTE],
      [0, 'teacher', 30 * MINUTE],
      [4, 'teacher', 30 * MINUTE],
      [3, '', 30 * MINUTE],
    ]);
    expect(finished.ReplayUrl).toMatch(/^https:\/\//);
    expect(finished.RecordStopTime - finished.RecordStartTime).toBe(35 * 60);
  });

  test('the RecordUserId is exclusive: ResourceInUse.RecordUserId while a task holds it, free once stopped', async () => {
    const first = await start();
    await expect(sdkError(sdk.tiw.request('StartOnlineRecord', startRequest()))).resolves.toMatchObject({
      code: 'ResourceInUse.RecordUserId',
    });
    expect(emu.control.tasks({ product: 'tiw-online' })).toHaveLength(1);
    expect(emu.control.task('tiw-online', first)?.calls.map((c) => c.outcome)).toEqual([
      'ok',
      'ResourceInUse.RecordUserId',
    ]);
    await sdk.tiw.StopOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: first });
    await expect(start()).resolves.not.toBe(first);
  });

  test('AutoStopTimeout: no A/V and no board activity → STOPPED with AUTO; board activity keeps it alive', async () => {
    const taskId = await start({ AutoStopTimeout: 300 });
    emu.control.advance(4 * MINUTE);
    emu.control.boardActivity(room);
    emu.control.advance(4 * MINUTE);
    expect((await describeTask(taskId)).Status).toBe('RECORDING');
    emu.control.advance(MINUTE);
    await expect(describeTask(taskId)).resolves.toMatchObject({ Status: 'STOPPED', FinishReason: 'AUTO' });
  });

  test('FORCE_STOP after 90 minutes paused, and after 24 hours in total', async () => {
    emu.control.joinRoom(room, 'teacher', { video: true });
    const paused = await start();
    emu.control.advance(3_000);
    await sdk.tiw.PauseOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: paused });
    emu.control.advance(90 * MINUTE);
    await expect(describeTask(paused)).resolves.toMatchObject({ Status: 'STOPPED', FinishReason: 'FORCE_STOP' });
    const long = await start({ RecordUserId: 'tic_record_user_1203_2' });
    emu.control.advance(24 * HOUR - 1);
    expect((await describeTask(long)).Status).toBe('RECORDING');
    emu.control.advance(1);
    await expect(describeTask(long)).resolves.toMatchObject({ Status: 'STOPPED', FinishReason: 'FORCE_STOP' });
  });

  test('DescribeRunningTasks lists unfinished tasks created in the last 3 days, paginated, without RecordUserId', async () => {
    const old = await start({ RecordUserId: 'u-old' });
    emu.control.joinRoom(room, 'teacher', { video: true });
    emu.control.advance(3 * 24 * HOUR + 1);
    const a = await start({ RecordUserId: 'u-a' });
    const listing = await sdk.tiw.DescribeRunningTasks({ SdkAppID: SDK_APP_ID, TaskType: 'OnlineRecord', Limit: 1 });
    expect(emu.control.task('tiw-online', old)?.running).toBe(false); // forced stop after 24 h
    expect(listing.Total).toBe(1);
    expect(listing.Tasks).toEqual([
      expect.objectContaining({ TaskID: a, RoomID: ROOM_ID, Status: 'QUEUED', TaskType: 'OnlineRecord' }),
    ]);
    expect(JSON.stringify(listing.Tasks)).not.toContain('u-a');
    await expect(
      sdkError(sdk.tiw.DescribeRunningTasks({ SdkAppID: SDK_APP_ID, TaskType: 'OnlineRecord', Limit: 501 })),
    ).resolves.toMatchObject({ code: 'InvalidParameter.RecordParameter' });
  });

  test('unknown tasks are InvalidParameter.TaskNotFound; concurrency is LimitExceeded.TaskConcurrency', async () => {
    await expect(sdkError(describeTask('nope'))).resolves.toMatchObject({ code: 'InvalidParameter.TaskNotFound' });
    await expect(sdkError(sdk.tiw.PauseOnlineRecord({ SdkAppId: SDK_APP_ID, TaskId: 'nope' }))).resolves.toMatchObject({
      code: 'InvalidParameter.TaskNotFound',
    });
    await start({ RecordUserId: 'a' });
    await start({ RecordUserId: 'b' });
    await expect(
      sdkError(sdk.tiw.request('StartOnlineRecord', startRequest({ RecordUserId: 'c' }))),
    ).resolves.toMatchObject({ code: 'LimitExceeded.TaskConcurrency' });
  });

  test('a client sharing the RecordUserId interrupts the bot (ExceptionCnt, Interrupts)', async () => {
    const taskId = await start();
    emu.control.joinRoom(room, 'tic_record_user_1203_141551', { video: true });
    await expect(describeTask(taskId)).resolves.toMatchObject({
      ExceptionCnt: 1,
      Interrupts: [{ UserId: 'tic_record_user_1203_141551', Count: 1 }],
    });
  });

  test('SetOnlineRecordCallback and SetOnlineRecordCallbackKey validate their input', async () => {
    await expect(
      sdk.tiw.SetOnlineRecordCallback({ SdkAppId: SDK_APP_ID, Callback: 'http://127.0.0.1:1/cb' }),
    ).resolves.toHaveProperty('RequestId');
    await expect(
      sdkError(sdk.tiw.SetOnlineRecordCallback({ SdkAppId: SDK_APP_ID, Callback: 'not a url' })),
    ).resolves.toMatchObject({ code: 'InvalidParameter' });
    await expect(
      sdk.tiw.SetOnlineRecordCallbackKey({ SdkAppId: SDK_APP_ID, CallbackKey: 'k'.repeat(64) }),
    ).resolves.toHaveProperty('RequestId');
    await expect(
      sdkError(sdk.tiw.SetOnlineRecordCallbackKey({ SdkAppId: SDK_APP_ID, CallbackKey: 'k'.repeat(65) })),
    ).resolves.toMatchObject({ code: 'InvalidParameter' });
    expect(emu.control.callbackTargets()[`tiw-online/${SDK_APP_ID}`]).toEqual({
      url: 'http://127.0.0.1:1/cb',
      key: '(set)',
    });
  });
});
