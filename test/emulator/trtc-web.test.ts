/** TRTC web-page recording through the official SDK: validation, RecordId dedupe, describe by RecordId, stop, MaxDurationLimit, files. */
import { type RunningEmulator } from '../../emulator/index';
import { sdkClients, sdkError, startTestEmulator, type SdkClients } from '../support/emulator';

const SDK_APP_ID = 1400000001;

function startRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RecordUrl: 'https://example.com/class/42',
    SdkAppId: SDK_APP_ID,
    StorageParams: { CloudVod: { TencentVod: {} } },
    MaxDurationLimit: 3600,
    WebRecordVideoParams: { Width: 1280, Height: 720, Format: 'mp4', MaxMediaFileDuration: 20 },
    RecordId: 'rec-42-a1',
    ...overrides,
  };
}

describe('trtc-web', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { webConcurrentTasks: 2 } });
    sdk = sdkClients(emu);
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });
  const start = async (overrides?: Record<string, unknown>): Promise<string> =>
    ((await sdk.trtc.request('StartWebRecord', startRequest(overrides))) as { TaskId: string }).TaskId;

  test.each([
    ['missing RecordUrl', { RecordUrl: undefined }, 'MissingParameter'],
    ['missing StorageParams', { StorageParams: undefined }, 'MissingParameter'],
    ['Width 1921', { WebRecordVideoParams: { Width: 1921 } }, 'InvalidParameter.OutOfRange'],
    ['Height 1081', { WebRecordVideoParams: { Height: 1081 } }, 'InvalidParameter.OutOfRange'],
    ['MaxDurationLimit 1799', { MaxDurationLimit: 1799 }, 'InvalidParameter.OutOfRange'],
    ['MaxDurationLimit 36001 (seed 002: [1800, 36000])', { MaxDurationLimit: 36001 }, 'InvalidParameter.OutOfRange'],
    ['ReadyTimeout 61', { ReadyTimeout: 61 }, 'InvalidParameter.OutOfRange'],
    ['a 32-byte RecordId', { RecordId: 'x'.repeat(32) }, 'InvalidParameter'],
    [
      '11 CDN addresses',
      { PublishCdnParams: Array.from({ length: 11 }, () => ({ PublishCdnUrl: 'rtmp://cdn/x' })) },
      'InvalidParameter.OutOfRange',
    ],
  ])('rejects %s with %s', async (_name, overrides, code) => {
    await expect(sdkError(sdk.trtc.request('StartWebRecord', startRequest(overrides)))).resolves.toMatchObject({
      code,
    });
    expect(emu.control.tasks()).toHaveLength(0);
  });

  test('the same RecordId is FailedOperation.TaskExist while the task runs: exactly one task per RecordId', async () => {
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => start()));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toMatchObject({ code: 'FailedOperation.TaskExist' });
    }
    const tasks = emu.control.tasks({ product: 'trtc-web', identity: { recordId: 'rec-42-a1' } });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.calls.map((c) => c.outcome).sort()).toEqual([
      'FailedOperation.TaskExist',
      'FailedOperation.TaskExist',
      'FailedOperation.TaskExist',
      'FailedOperation.TaskExist',
      'ok',
    ]);
  });

  test('DescribeWebRecord answers by TaskId and by RecordId; after stop both are TaskNotExist and the RecordId is free', async () => {
    const taskId = await start();
    await expect(sdk.trtc.DescribeWebRecord({ TaskId: taskId })).resolves.toMatchObject({
      Status: 1,
      TaskId: taskId,
      RecordId: 'rec-42-a1',
    });
    await expect(sdk.trtc.DescribeWebRecord({ SdkAppId: SDK_APP_ID, RecordId: 'rec-42-a1' })).resolves.toMatchObject({
      Status: 1,
      TaskId: taskId,
    });
    emu.control.advance(50 * 60_000);
    await expect(sdk.trtc.StopWebRecord({ TaskId: taskId })).resolves.toHaveProperty('RequestId');
    await expect(sdkError(sdk.trtc.DescribeWebRecord({ TaskId: taskId }))).resolves.toMatchObject({
      code: 'FailedOperation.TaskNotExist',
    });
    await expect(
      sdkError(sdk.trtc.DescribeWebRecord({ SdkAppId: SDK_APP_ID, RecordId: 'rec-42-a1' })),
    ).resolves.toMatchObject({ code: 'FailedOperation.TaskNotExist' });
    await expect(sdkError(sdk.trtc.StopWebRecord({ TaskId: taskId }))).resolves.toMatchObject({
      code: 'FailedOperation.TaskNotExist',
    });
    await expect(sdkError(sdk.trtc.StopWebRecord({ TaskId: '' }))).resolves.toMatchObject({
      code: 'InvalidParameter.TaskId',
    });
    const task = emu.control.task('trtc-web', taskId);
    expect(task).toMatchObject({ running: false, endReason: 'stopped-by-api' });
    expect(task?.files.map((f) => f.durationMs)).toEqual([20 * 60_000, 20 * 60_000, 10 * 60_000]);
    const second = await start();
    expect(second).not.toBe(taskId);
  });

  test('MaxDurationLimit ends the task on its own', async () => {
    const taskId = await start({ MaxDurationLimit: 1800 });
    emu.control.advance(1800 * 1000 - 1);
    expect(emu.control.runningTasks('trtc-web')).toHaveLength(1);
    emu.control.advance(1);
    expect(emu.control.task('trtc-web', taskId)).toMatchObject({ running: false, endReason: 'max-duration' });
  });

  test('without MaxDurationLimit the default (36000 s, seed 002) applies', async () => {
    await start({ MaxDurationLimit: undefined });
    emu.control.advance(36_000_000 - 1);
    expect(emu.control.runningTasks('trtc-web')).toHaveLength(1);
    emu.control.advance(1);
    expect(emu.control.runningTasks('trtc-web')).toHaveLength(0);
  });

  test('the SDK 4.1.313 range stays available through behaviour.webMaxDurationLimit', async () => {
    const sdkRange = await startTestEmulator({
      behaviour: { webMaxDurationLimit: { min: 1800, max: 86400, default: 86400 } },
    });
    const client = sdkClients(sdkRange);
    await expect(
      client.trtc.request('StartWebRecord', startRequest({ MaxDurationLimit: 86400 })),
    ).resolves.toHaveProperty('TaskId');
    client.close();
    await sdkRange.stop();
  });

  test('too many concurrent tasks is ResourceInsufficient.RequestRejection', async () => {
    await start({ RecordId: 'a' });
    await start({ RecordId: 'b' });
    await expect(sdkError(sdk.trtc.request('StartWebRecord', startRequest({ RecordId: 'c' })))).resolves.toMatchObject({
      code: 'ResourceInsufficient.RequestRejection',
    });
  });
});
