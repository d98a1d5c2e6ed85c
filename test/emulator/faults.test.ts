/** Injected faults seen through the official SDK: latency, error codes at a rate, HTTP 5xx, hangs, and "act, then drop the response". */
import { type RunningEmulator } from '../../emulator/index';
import { sdkClients, sdkError, startTestEmulator, type SdkClients } from '../support/emulator';

const web = {
  RecordUrl: 'https://example.com/class',
  SdkAppId: 1400000001,
  StorageParams: { CloudVod: {} },
  RecordId: 'rec-drop',
};

describe('fault injection', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator({ seed: 7 });
    sdk = sdkClients(emu);
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });

  test('added latency delays only the matching action', async () => {
    emu.control.addFault({ service: 'trtc', action: 'DescribeWebRecord', latencyMs: 300 });
    let started = performance.now();
    await sdkError(sdk.trtc.DescribeWebRecord({ TaskId: 'x' }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    started = performance.now();
    await sdkError(sdk.trtc.StopWebRecord({ TaskId: 'x' }));
    expect(performance.now() - started).toBeLessThan(250);
  });

  test('an error code for the next call only (times: 1): nothing is created, the retry succeeds', async () => {
    emu.control.addFault({ action: 'StartWebRecord', errorCode: 'InternalError', times: 1 });
    await expect(sdkError(sdk.trtc.StartWebRecord(web))).resolves.toMatchObject({ code: 'InternalError' });
    expect(emu.control.tasks()).toHaveLength(0);
    await expect(sdk.trtc.StartWebRecord(web)).resolves.toHaveProperty('TaskId');
    expect(emu.control.faults()).toEqual([]);
    expect(emu.control.calls({ action: 'StartWebRecord' }).map((c) => c.outcome)).toEqual(['InternalError', 'ok']);
  });

  test('an error rate fails about that share of calls, reproducibly for a seed', async () => {
    emu.control.addFault({ service: 'live', rate: 0.5, errorCode: 'InternalError.NetworkError' });
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => sdk.live.CreateLiveRecord({ StreamName: `s${i}`, Highlight: 1 })),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed.length).toBeGreaterThan(8);
    expect(failed.length).toBeLessThan(32);
    for (const r of failed) expect(r.reason).toMatchObject({ code: 'InternalError.NetworkError' });
    expect(emu.control.tasks({ product: 'css-live' })).toHaveLength(40 - failed.length);
  });

  test('an HTTP 5xx reaches the SDK as an httpCode without a provider code', async () => {
    emu.control.addFault({ service: 'tiw', httpStatus: 503 });
    const error = await sdkError(sdk.tiw.DescribeOnlineRecord({ SdkAppId: 1, TaskId: 'x' }));
    expect(error.httpCode).toBe(503);
    expect(error.code).toBeUndefined();
    expect(emu.control.calls({ service: 'tiw' })[0]).toMatchObject({ outcome: 'http-503', httpStatus: 503 });
  });

  test('a hang lasts until the client gives up; nothing is acted on', async () => {
    const impatient = sdkClients(emu, { timeoutSeconds: 1 });
    emu.control.addFault({ action: 'StartOnlineRecord', hang: true });
    const started = performance.now();
    const error = await sdkError(
      impatient.tiw.StartOnlineRecord({ SdkAppId: 1, RoomId: 1, RecordUserId: 'u', RecordUserSig: 's' }),
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(error.code).toBeFalsy();
    expect(error.message).toMatch(/timeout|aborted/i);
    expect(emu.control.tasks()).toHaveLength(0);
    impatient.close();
  });

  test('act, then drop: the task exists, the caller sees a reset, and the RecordId finds it again', async () => {
    emu.control.addFault({ action: 'StartWebRecord', dropResponse: true, times: 1 });
    const error = await sdkError(sdk.trtc.StartWebRecord(web));
    expect(error.code).toBeFalsy();
    expect(error.message).toMatch(/socket hang up|ECONNRESET/i);
    const [task] = emu.control.tasks({ product: 'trtc-web' });
    expect(task).toMatchObject({ running: true, identity: { recordId: 'rec-drop' } });
    expect(task?.calls[0]).toMatchObject({
      outcome: 'ok',
      responseDropped: true,
      faults: [expect.any(String) as string],
    });
    await expect(sdkError(sdk.trtc.StartWebRecord(web))).resolves.toMatchObject({ code: 'FailedOperation.TaskExist' });
    await expect(sdk.trtc.DescribeWebRecord({ SdkAppId: web.SdkAppId, RecordId: web.RecordId })).resolves.toMatchObject(
      { TaskId: task?.taskId },
    );
    expect(emu.control.tasks({ product: 'trtc-web' })).toHaveLength(1);
  });

  test('a global rule (no service or action) applies to every call; configured faults come back after reset', async () => {
    const withConfig = await startTestEmulator({ faults: [{ id: 'always-busy', errorCode: 'RequestLimitExceeded' }] });
    const client = sdkClients(withConfig);
    await expect(sdkError(client.trro.DeleteCloudRecording({ TaskId: 'x' }))).resolves.toMatchObject({
      code: 'RequestLimitExceeded',
    });
    await expect(sdkError(client.live.StopLiveRecord({ StreamName: 's', TaskId: 1 }))).resolves.toMatchObject({
      code: 'RequestLimitExceeded',
    });
    withConfig.control.clearFaults();
    await expect(sdkError(client.live.StopLiveRecord({ StreamName: 's', TaskId: 1 }))).resolves.toMatchObject({
      code: 'ResourceNotFound.TaskId',
    });
    withConfig.control.reset();
    expect(withConfig.control.faults().map((f) => f.id)).toEqual(['always-busy']);
    client.close();
    await withConfig.stop();
  });

  test('invalid fault rules are rejected with the field named', () => {
    expect(() => emu.control.addFault({ httpStatus: 404 })).toThrow(/httpStatus/);
    expect(() => emu.control.addFault({ rate: 2 })).toThrow(/rate/);
  });
});
