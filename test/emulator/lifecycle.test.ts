/**
 * Each product's full lifecycle under a test-controlled clock, driven through the official
 * SDK, polling every 15 simulated minutes. Asserts the lifecycle; logs real time per
 * simulated hour (performance numbers are reported, not asserted: see bench/).
 */
import { formatCst } from '../../emulator/products/css-live/time';
import { type RunningEmulator } from '../../emulator/index';
import { sdkClients, startTestEmulator, type SdkClients } from '../support/emulator';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const timings: string[] = [];

describe('full lifecycles on a test-controlled clock', () => {
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
    console.info(`lifecycles (real ms per simulated hour):\n  ${timings.join('\n  ')}`);
  });

  /** Advances `hours` in 15-minute steps, calling `poll` after each step; returns real ms per simulated hour. */
  async function simulate(hours: number, poll: () => Promise<void>): Promise<number> {
    const started = performance.now();
    for (let t = 0; t < hours * HOUR; t += 15 * MINUTE) {
      emu.control.advance(15 * MINUTE);
      await poll();
    }
    return (performance.now() - started) / hours;
  }

  test('trtc-cloud: Idle → InProgress for 12 h → anchor leaves → Exited by MaxIdleTime', async () => {
    const room = { sdkAppId: 1400188366, roomId: '88' };
    const { TaskId = '' } = await sdk.trtc.CreateCloudRecording({
      SdkAppId: 1400188366,
      RoomId: '88',
      UserId: 'bot88',
      UserSig: 's',
      RecordParams: { RecordMode: 1, OutputFormat: 3, MaxMediaFileDuration: 120 },
      StorageParams: {
        CloudStorage: { Vendor: 0, Region: 'ap-guangzhou', Bucket: 'b', AccessKey: 'a', SecretKey: 'k' },
      },
    });
    expect((await sdk.trtc.DescribeCloudRecording({ SdkAppId: 1400188366, TaskId })).Status).toBe('Idle');
    emu.control.joinRoom(room, 'teacher', { audio: true, video: true });
    const perHour = await simulate(12, async () => {
      expect((await sdk.trtc.DescribeCloudRecording({ SdkAppId: 1400188366, TaskId })).Status).toBe('InProgress');
    });
    emu.control.leaveRoom(room, 'teacher');
    emu.control.advance(30_000);
    expect(emu.control.task('trtc-cloud', TaskId)).toMatchObject({ running: false, endReason: 'idle-timeout' });
    expect(emu.control.task('trtc-cloud', TaskId)?.files.filter((f) => f.trackType === 'video')).toHaveLength(6);
    timings.push(`trtc-cloud ${perHour.toFixed(1)}`);
  });

  test('trtc-web: recording for 10 h, then MaxDurationLimit ends it', async () => {
    const { TaskId = '' } = await sdk.trtc.StartWebRecord({
      RecordUrl: 'https://example.com',
      SdkAppId: 1400000001,
      StorageParams: { CloudVod: {} },
      MaxDurationLimit: 36000,
      RecordId: 'life',
    });
    const perHour = await simulate(10, async () => {
      if (emu.control.task('trtc-web', TaskId)?.running)
        await expect(sdk.trtc.DescribeWebRecord({ TaskId })).resolves.toMatchObject({ Status: 1 });
    });
    expect(emu.control.task('trtc-web', TaskId)).toMatchObject({ running: false, endReason: 'max-duration' });
    timings.push(`trtc-web ${perHour.toFixed(1)}`);
  });

  test('tiw-online: RECORDING, paused 1 h, resumed, stopped after 6 h, FINISHED', async () => {
    const room = { sdkAppId: 1400000001, roomId: 77 };
    emu.control.joinRoom(room, 'teacher', { audio: true, video: true });
    const { TaskId = '' } = await sdk.tiw.StartOnlineRecord({
      SdkAppId: 1400000001,
      RoomId: 77,
      RecordUserId: 'tic_record_user_77_1',
      RecordUserSig: 's',
    });
    let elapsed = 0;
    const perHour = await simulate(6, async () => {
      elapsed += 15;
      if (elapsed === 60) await sdk.tiw.PauseOnlineRecord({ SdkAppId: 1400000001, TaskId });
      if (elapsed === 120) await sdk.tiw.ResumeOnlineRecord({ SdkAppId: 1400000001, TaskId });
      const { Status } = await sdk.tiw.DescribeOnlineRecord({ SdkAppId: 1400000001, TaskId });
      expect(Status).toBe(elapsed >= 60 && elapsed < 120 ? 'PAUSED' : 'RECORDING');
    });
    await sdk.tiw.StopOnlineRecord({ SdkAppId: 1400000001, TaskId });
    emu.control.advance(MINUTE);
    await expect(sdk.tiw.DescribeOnlineRecord({ SdkAppId: 1400000001, TaskId })).resolves.toMatchObject({
      Status: 'FINISHED',
      FinishReason: 'USER_CALL',
    });
    timings.push(`tiw-online ${perHour.toFixed(1)}`);
  });

  test('css-live: scheduled 8 h window, stream pushed twice, ended at EndTime', async () => {
    emu.control.advance(1000 - (emu.clock.now() % 1000));
    const now = emu.clock.now();
    const { TaskId = 0 } = await sdk.live.CreateLiveRecord({
      StreamName: 'life',
      StartTime: formatCst(now + HOUR),
      EndTime: formatCst(now + 8 * HOUR),
    });
    let elapsed = 0;
    const perHour = await simulate(9, () => {
      elapsed += 15;
      if (elapsed === 120 || elapsed === 360) emu.control.pushStream({ stream: 'life' });
      if (elapsed === 240) emu.control.stopStream({ stream: 'life' });
      return Promise.resolve();
    });
    expect(emu.control.task('css-live', String(TaskId))).toMatchObject({
      running: false,
      endReason: 'end-time',
      detail: { sessions: 2 },
    });
    timings.push(`css-live ${perHour.toFixed(1)}`);
  });

  test('trro-cloud: device online 5 h, offline, idle end', async () => {
    emu.control.deviceOnline('proj', 'dev');
    const { TaskId = '' } = await sdk.trro.CreateCloudRecording({
      ProjectId: 'proj',
      DeviceId: 'dev',
      VideoStreamId: 0,
      CloudStorage: { Vendor: 0, Region: 'r', Bucket: 'b', AccessKey: 'a', SecretKey: 's' },
    });
    const perHour = await simulate(5, () => {
      expect(emu.control.task('trro-cloud', TaskId)?.status).toBe('InProgress');
      return Promise.resolve();
    });
    emu.control.deviceOffline('proj', 'dev');
    emu.control.advance(30_000);
    expect(emu.control.task('trro-cloud', TaskId)).toMatchObject({ running: false, endReason: 'idle-timeout' });
    timings.push(`trro-cloud ${perHour.toFixed(1)}`);
  });
});
