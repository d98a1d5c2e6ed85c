/** CSS live recording through the official SDK: CST times, scheduled and highlight modes, limits, stop and delete, files. */
import { formatCst } from '../../emulator/products/css-live/time';
import { type RunningEmulator } from '../../emulator/index';
import { sdkClients, sdkError, startTestEmulator, type SdkClients } from '../support/emulator';

const MINUTE = 60_000;

describe('css-live', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { cssRunningTasks: 3, cssTasksPerDay: 4 } });
    sdk = sdkClients(emu);
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });
  const cst = (offsetMs: number): string => formatCst(emu.clock.now() + offsetMs);
  const create = async (overrides: Record<string, unknown> = {}): Promise<number> =>
    (
      (await sdk.live.request('CreateLiveRecord', {
        StreamName: 'class42',
        StartTime: cst(MINUTE),
        EndTime: cst(61 * MINUTE),
        ...overrides,
      })) as { TaskId: number }
    ).TaskId;

  test.each([
    ['missing StreamName', { StreamName: undefined }, 'MissingParameter'],
    ['scheduled without StartTime', { StartTime: undefined }, 'MissingParameter'],
    ['scheduled without EndTime', { EndTime: undefined }, 'MissingParameter'],
    ['an ISO time instead of CST', { StartTime: '2030-01-01T10:00:00Z' }, 'InvalidParameterValue'],
    ['an impossible date', { StartTime: '2030-02-30 10:00:00' }, 'InvalidParameterValue'],
    ['EndTime before StartTime', { EndTime: '2000-01-01 00:00:00' }, 'InvalidParameterValue'],
    ['FileFormat avi', { FileFormat: 'avi' }, 'InvalidParameterValue'],
    ['record_interval 1799', { StreamParam: 'record_interval=1799' }, 'InvalidParameterValue'],
    ['Highlight 2', { Highlight: 2 }, 'InvalidParameterValue'],
    ['TaskId as a string elsewhere: StreamName as a number', { StreamName: 42 }, 'InvalidParameter'],
  ])('rejects %s with %s', async (_name, overrides, code) => {
    await expect(
      sdkError(
        sdk.live.request('CreateLiveRecord', {
          StreamName: 'class42',
          StartTime: cst(MINUTE),
          EndTime: cst(61 * MINUTE),
          ...overrides,
        }),
      ),
    ).resolves.toMatchObject({ code });
    expect(emu.control.tasks()).toHaveLength(0);
  });

  test('scheduled mode: integer TaskId, armed until EndTime, records every re-push, files split at record_interval', async () => {
    emu.control.advance(1000 - (emu.clock.now() % 1000)); // CST times have whole seconds
    const taskId = await create({ FileFormat: 'MP4', StreamParam: 'record_interval=1800&storage_time=86400' });
    expect(Number.isInteger(taskId)).toBe(true);
    const view = () => emu.control.task('css-live', String(taskId));
    expect(view()?.status).toBe('scheduled');
    emu.control.pushStream({ stream: 'class42' });
    emu.control.advance(MINUTE);
    expect(view()?.status).toBe('recording');
    emu.control.advance(40 * MINUTE);
    emu.control.stopStream({ stream: 'class42' });
    expect(view()?.status).toBe('waiting');
    emu.control.advance(5 * MINUTE);
    emu.control.pushStream({ stream: 'class42' });
    emu.control.advance(30 * MINUTE);
    expect(view()).toMatchObject({ status: 'ended', running: false, endReason: 'end-time' });
    expect(view()?.files.map((f) => [f.format, f.durationMs])).toEqual([
      ['mp4', 30 * MINUTE],
      ['mp4', 10 * MINUTE],
      ['mp4', 15 * MINUTE],
    ]);
    expect(view()?.detail).toMatchObject({ sessions: 2 });
  });

  test('highlight mode starts now and lasts at most 30 minutes, whatever EndTime says', async () => {
    emu.control.pushStream({ stream: 'goal', app: 'live' });
    const late = await create({
      StreamName: 'goal',
      Highlight: 1,
      StartTime: undefined,
      EndTime: cst(2 * 60 * MINUTE),
    });
    const past = await create({ StreamName: 'goal', Highlight: 1, StartTime: undefined, EndTime: cst(-MINUTE) });
    const short = await create({ StreamName: 'goal', Highlight: 1, StartTime: undefined, EndTime: cst(5 * MINUTE) });
    expect(emu.control.task('css-live', String(late))?.status).toBe('recording');
    emu.control.advance(5 * MINUTE);
    expect(emu.control.task('css-live', String(short))?.running).toBe(false);
    emu.control.advance(25 * MINUTE);
    for (const id of [late, past])
      expect(emu.control.task('css-live', String(id))).toMatchObject({ running: false, endReason: 'end-time' });
    expect(emu.control.task('css-live', String(late))?.files[0]?.durationMs).toBe(30 * MINUTE);
  });

  test('StopLiveRecord ends early; unknown TaskId or another stream is ResourceNotFound.TaskId', async () => {
    const taskId = await create({ StartTime: cst(0) });
    await expect(sdkError(sdk.live.StopLiveRecord({ StreamName: 'other', TaskId: taskId }))).resolves.toMatchObject({
      code: 'ResourceNotFound.TaskId',
    });
    await expect(sdkError(sdk.live.StopLiveRecord({ StreamName: 'class42', TaskId: 999 }))).resolves.toMatchObject({
      code: 'ResourceNotFound.TaskId',
    });
    await sdk.live.StopLiveRecord({ StreamName: 'class42', TaskId: taskId });
    expect(emu.control.task('css-live', String(taskId))).toMatchObject({ running: false, endReason: 'stopped-by-api' });
    await expect(sdk.live.StopLiveRecord({ StreamName: 'class42', TaskId: taskId })).resolves.toHaveProperty(
      'RequestId',
    );
  });

  test('DeleteLiveRecord refuses a running task, deletes scheduled and ended ones', async () => {
    const running = await create({ StartTime: cst(0) });
    await expect(
      sdkError(sdk.live.DeleteLiveRecord({ StreamName: 'class42', TaskId: running })),
    ).resolves.toMatchObject({ code: 'FailedOperation' });
    await sdk.live.StopLiveRecord({ StreamName: 'class42', TaskId: running });
    await sdk.live.DeleteLiveRecord({ StreamName: 'class42', TaskId: running });
    const scheduled = await create();
    await sdk.live.DeleteLiveRecord({ StreamName: 'class42', TaskId: scheduled });
    emu.control.pushStream({ stream: 'class42' });
    emu.control.advance(2 * MINUTE);
    expect(emu.control.task('css-live', String(scheduled))).toMatchObject({
      status: 'deleted',
      running: false,
      files: [],
    });
    await expect(
      sdkError(sdk.live.DeleteLiveRecord({ StreamName: 'class42', TaskId: scheduled })),
    ).resolves.toMatchObject({ code: 'ResourceNotFound.TaskId' });
  });

  test('running and per-day limits: LimitExceeded.MaximumRunningTask and .MaximumTask (deleted ones excluded)', async () => {
    const ids = [await create(), await create(), await create()];
    await expect(
      sdkError(
        sdk.live.request('CreateLiveRecord', { StreamName: 's', StartTime: cst(MINUTE), EndTime: cst(2 * MINUTE) }),
      ),
    ).resolves.toMatchObject({ code: 'LimitExceeded.MaximumRunningTask' });
    for (const id of ids) await sdk.live.StopLiveRecord({ StreamName: 'class42', TaskId: id });
    await create();
    await expect(
      sdkError(
        sdk.live.request('CreateLiveRecord', { StreamName: 's', StartTime: cst(MINUTE), EndTime: cst(2 * MINUTE) }),
      ),
    ).resolves.toMatchObject({ code: 'LimitExceeded.MaximumTask' });
    await sdk.live.DeleteLiveRecord({ StreamName: 'class42', TaskId: ids[0] ?? 0 });
    await expect(create()).resolves.toEqual(expect.any(Number));
    // Highlight tasks do not count toward the scheduled-mode limits.
    await expect(create({ Highlight: 1, StartTime: undefined, EndTime: undefined })).resolves.toEqual(
      expect.any(Number),
    );
  });

  test('CSS calls need no region', async () => {
    const regionless = sdkClients(emu);
    await expect(
      regionless.live.request('CreateLiveRecord', { StreamName: 'x', Highlight: 1 }),
    ).resolves.toHaveProperty('TaskId');
    regionless.close();
  });
});
