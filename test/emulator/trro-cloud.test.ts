/** TRRO remote-device recording through the official SDK: validation, idle while the device is offline, deletion, files, callback URL. */
import { type RunningEmulator } from '../../emulator/index';
import { sdkClients, sdkError, startTestEmulator, type SdkClients } from '../support/emulator';

const MINUTE = 60_000;
const storage = {
  Vendor: 0,
  Region: 'ap-nanjing',
  Bucket: 'recording-1304123456',
  AccessKey: 'ak',
  SecretKey: 'sk',
  FileNamePrefix: ['2024-12-24', 'dev1'],
};

describe('trro-cloud', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator();
    sdk = sdkClients(emu);
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });
  const create = async (overrides: Record<string, unknown> = {}): Promise<string> =>
    (
      (await sdk.trro.request('CreateCloudRecording', {
        ProjectId: 'm82k5408n123phvb',
        DeviceId: 'dev1',
        VideoStreamId: 0,
        CloudStorage: storage,
        MaxIdleTime: 20,
        MaxMediaFileDuration: 20,
        ...overrides,
      })) as { TaskId: string }
    ).TaskId;

  test.each([
    ['missing DeviceId', { DeviceId: undefined }, 'MissingParameter'],
    ['missing CloudStorage', { CloudStorage: undefined }, 'MissingParameter'],
    ['VideoStreamId as a string', { VideoStreamId: '0' }, 'InvalidParameterValue'],
    ['MaxIdleTime 4', { MaxIdleTime: 4 }, 'InvalidParameterValue'],
    ['MaxMediaFileDuration 1441', { MaxMediaFileDuration: 1441 }, 'InvalidParameterValue'],
    ['OutputFormat 5', { OutputFormat: 5 }, 'InvalidParameterValue'],
  ])('rejects %s with %s', async (_name, overrides, code) => {
    await expect(
      sdkError(
        sdk.trro.request('CreateCloudRecording', {
          ProjectId: 'p',
          DeviceId: 'd',
          VideoStreamId: 0,
          CloudStorage: storage,
          ...overrides,
        }),
      ),
    ).resolves.toMatchObject({ code });
  });

  test('records while the device publishes; MaxIdleTime ends the task once it has been offline that long', async () => {
    emu.control.deviceOnline('m82k5408n123phvb', 'dev1');
    const taskId = await create();
    emu.control.advance(45 * MINUTE);
    emu.control.deviceOffline('m82k5408n123phvb', 'dev1');
    emu.control.advance(19_999);
    expect(emu.control.task('trro-cloud', taskId)?.running).toBe(true);
    emu.control.advance(1);
    const task = emu.control.task('trro-cloud', taskId);
    expect(task).toMatchObject({ running: false, endReason: 'idle-timeout', detail: { leaveCode: 99 } });
    // Default OutputFormat 3 = mp4, split at MaxMediaFileDuration (20 min).
    expect(task?.files.map((f) => [f.format, f.durationMs])).toEqual([
      ['mp4', 20 * MINUTE],
      ['mp4', 20 * MINUTE],
      ['mp4', 5 * MINUTE],
    ]);
    expect(task?.files[0]?.name).toBe(`2024-12-24/dev1/${taskId}/m82k5408n123phvb_dev1_0_1.mp4`);
  });

  test('DeleteCloudRecording stops; a second delete or an unknown task is InvalidParameterValue', async () => {
    emu.control.deviceOnline('m82k5408n123phvb', 'dev1');
    const taskId = await create();
    await expect(sdk.trro.DeleteCloudRecording({ TaskId: taskId })).resolves.toHaveProperty('RequestId');
    expect(emu.control.task('trro-cloud', taskId)).toMatchObject({ running: false, endReason: 'stopped-by-api' });
    await expect(sdkError(sdk.trro.DeleteCloudRecording({ TaskId: taskId }))).resolves.toMatchObject({
      code: 'InvalidParameterValue',
    });
    await expect(sdkError(sdk.trro.DeleteCloudRecording({ TaskId: 'nope' }))).resolves.toMatchObject({
      code: 'InvalidParameterValue',
    });
  });

  test('a duplicate start for the same device stream creates a second task by default (Open question 4)', async () => {
    const first = await create();
    const second = await create();
    expect(first).not.toBe(second);
    expect(emu.control.runningTasks('trro-cloud')).toHaveLength(2);
  });

  test('ModifyCallbackUrl answers exactly Code 0 and Msg "ok" (reference §5) and validates the URL', async () => {
    await expect(
      sdk.trro.ModifyCallbackUrl({ ProjectId: 'p1', CallbackUrl: 'http://127.0.0.1:9/cb', SignKey: 'k1' }),
    ).resolves.toEqual({ Code: 0, Msg: 'ok', RequestId: expect.any(String) as string });
    await expect(
      sdkError(sdk.trro.ModifyCallbackUrl({ ProjectId: 'p1', CallbackUrl: 'ftp://x' })),
    ).resolves.toMatchObject({ code: 'InvalidParameterValue' });
    expect(emu.control.callbackTargets()['trro-cloud/p1']).toEqual({ url: 'http://127.0.0.1:9/cb', key: '(set)' });
  });
});

describe('trro-cloud with duplicate starts denied', () => {
  test('answers OperationDenied and keeps exactly one task', async () => {
    const emu = await startTestEmulator({ behaviour: { trroDuplicateStart: 'deny' } });
    const sdk = sdkClients(emu);
    const body = { ProjectId: 'p', DeviceId: 'd', VideoStreamId: 1, CloudStorage: storage };
    await sdk.trro.CreateCloudRecording(body);
    await expect(sdkError(sdk.trro.CreateCloudRecording(body))).resolves.toMatchObject({ code: 'OperationDenied' });
    expect(emu.control.tasks({ product: 'trro-cloud' })).toHaveLength(1);
    sdk.close();
    await emu.stop();
  });
});
