/**
 * Duplicate trro-cloud and css-live tasks (reference §8: neither product has an idempotency key)
 * are tasks like any other: each has its own TaskId and sends its own start, file and end
 * callbacks, so the orchestrator's duplicate-stop path can be tested against them.
 */
import { type RunningEmulator } from '../../emulator/index';
import { formatCst } from '../../emulator/products/css-live/time';
import { trtcCallbackSign } from '../../recorders/callback-signatures';
import {
  sdkClients,
  startCallbackReceiver,
  startTestEmulator,
  type CallbackReceiver,
  type SdkClients,
} from '../support/emulator';

const MINUTE = 60_000;
const COS = { Vendor: 0, Region: 'ap-nanjing', Bucket: 'b-1304123456', AccessKey: 'a', SecretKey: 's' };

describe('duplicate tasks send their own callbacks', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  let receiver: CallbackReceiver;
  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    emu = await startTestEmulator({
      behaviour: { trroDuplicateStart: 'allow' },
      callbacks: { 'css-live': { url: receiver.url, key: 'cssKey' } },
    });
    sdk = sdkClients(emu);
  });
  beforeEach(() => {
    receiver.received.length = 0;
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
    await receiver.close();
  });

  /** Advances in steps, letting deliveries complete between them. */
  async function run(totalMs: number, stepMs = 1_000): Promise<void> {
    await emu.control.flushCallbacks();
    for (let t = 0; t < totalMs; t += stepMs) {
      emu.control.advance(Math.min(stepMs, totalMs - t));
      await emu.control.flushCallbacks();
    }
  }

  const bodies = (): Record<string, unknown>[] =>
    receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);

  test('trro-cloud: a second CreateCloudRecording for the same device stream is its own task with 301, 302 and 310', async () => {
    await sdk.trro.ModifyCallbackUrl({ ProjectId: 'proj', CallbackUrl: receiver.url, SignKey: 'trroKey' });
    emu.control.deviceOnline('proj', 'dev1');
    const body = { ProjectId: 'proj', DeviceId: 'dev1', VideoStreamId: 0, CloudStorage: COS };
    const first = (await sdk.trro.CreateCloudRecording(body)).TaskId ?? '';
    const second = (await sdk.trro.CreateCloudRecording(body)).TaskId ?? '';
    expect(second).not.toBe(first);
    expect(emu.control.runningTasks('trro-cloud').map((t) => t.taskId)).toEqual([first, second]);
    await run(10 * MINUTE, MINUTE);

    // The duplicate is stopped (the orchestrator's duplicate-stop path); the first records on.
    await sdk.trro.DeleteCloudRecording({ TaskId: second });
    await run(5_000);
    expect(emu.control.runningTasks('trro-cloud').map((t) => t.taskId)).toEqual([first]);
    await sdk.trro.DeleteCloudRecording({ TaskId: first });
    await run(5_000);

    const events = (taskId: string): number[] =>
      bodies()
        .filter((b) => (b['EventInfo'] as { TaskId?: string }).TaskId === taskId)
        .map((b) => b['EventType'] as number);
    expect(events(first)).toEqual([301, 302, 310]);
    expect(events(second)).toEqual([301, 302, 310]);
    const files = (taskId: string): string[] => emu.control.task('trro-cloud', taskId)?.files.map((f) => f.name) ?? [];
    expect(files(first)).toEqual([`${first}/proj_dev1_0_1.mp4`]);
    expect(files(second)).toEqual([`${second}/proj_dev1_0_1.mp4`]);
    for (const taskId of [first, second]) {
      expect(emu.control.callbacks({ taskId }).every((d) => d.state === 'delivered')).toBe(true);
    }
    // Both tasks name the device stream they record (no room, no bot), so a receiver can tell
    // that a task it never heard of records the same device.
    for (const b of bodies())
      expect(b['EventInfo']).toMatchObject({ ProjectId: 'proj', DeviceId: 'dev1', VideoStreamId: 0 });
    // Every one of them signed with the project's SignKey, as the receiver checks it.
    for (const r of receiver.received) expect(r.headers.sign).toBe(trtcCallbackSign(r.body, 'trroKey'));
  });

  test('css-live: a second CreateLiveRecord for the same stream is its own task with 332 start, 100 per file and 332 end', async () => {
    emu.control.advance(1000 - (emu.clock.now() % 1000));
    const window = {
      StreamName: 'class42',
      StartTime: formatCst(emu.clock.now()),
      EndTime: formatCst(emu.clock.now() + 2 * 3_600_000),
    };
    const first = (await sdk.live.CreateLiveRecord(window)).TaskId ?? 0;
    const second = (await sdk.live.CreateLiveRecord(window)).TaskId ?? 0;
    expect(second).not.toBe(first);
    emu.control.pushStream({ stream: 'class42' });
    await run(40 * MINUTE, 10 * MINUTE);

    // The duplicate is stopped; its session ends with its own files and record_ended.
    await sdk.live.StopLiveRecord({ StreamName: 'class42', TaskId: second });
    await run(1_000);
    expect(emu.control.runningTasks('css-live').map((t) => t.taskId)).toEqual([String(first)]);
    emu.control.stopStream({ stream: 'class42' });
    await run(1_000);

    const events = (taskId: number): string[] =>
      emu.control.callbacks({ product: 'css-live', taskId: String(taskId) }).map((d) => `${d.event}:${d.state}`);
    const expected = ['332:record_start_succeeded', '100', '100', '332:record_ended'].map((e) => `${e}:delivered`);
    expect(events(first)).toEqual(expected);
    expect(events(second)).toEqual(expected);
    // What the receiver sees: each task's files under its own file ids, both sessions the one push.
    const files = bodies().filter((b) => b['event_type'] === 100);
    expect(files).toHaveLength(4);
    expect(new Set(files.map((b) => b['file_id'])).size).toBe(4);
    // CSS callbacks of CreateLiveRecord tasks carry no TaskId (task_id is empty, reference §10).
    expect(new Set(bodies().map((b) => b['task_id'] ?? ''))).toEqual(new Set(['']));
    const sessionOf = (b: Record<string, unknown>): unknown =>
      b['session_id'] ?? (JSON.parse(b['callback_ext'] as string) as { session_id?: unknown }).session_id;
    expect(new Set(bodies().map(sessionOf)).size).toBe(1);
  });
});
