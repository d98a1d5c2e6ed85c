/** Wire protocol and authentication, through the official SDK and raw signed HTTP: envelopes, signatures, skew, routing. */
import http from 'node:http';
import { CommonClient } from 'tencentcloud-sdk-nodejs/tencentcloud/common';
import { signRequest } from '../../cloud/index';
import { loopbackAgent, type RunningEmulator } from '../../emulator/index';
import { sdkClients, sdkError, startTestEmulator, type SdkClients } from '../support/emulator';

const createRequest = {
  SdkAppId: 1400188366,
  RoomId: '3560',
  UserId: 'recorder_3560',
  UserSig: 'sig',
  RecordParams: { RecordMode: 2, MaxIdleTime: 60, StreamType: 0 },
  StorageParams: { CloudVod: { TencentVod: { ExpireTime: 0 } } },
};

/** Sends a body signed by the project's signer to the emulator's base URL (routing by credential scope). */
async function rawCall(
  emu: RunningEmulator,
  opts: {
    service: string;
    action: string;
    version: string;
    region?: string;
    body: string;
    host?: string;
    timestamp?: number;
  },
): Promise<{ status: number; json: unknown; headers: http.IncomingHttpHeaders }> {
  const host = opts.host ?? `127.0.0.1:${emu.port}`;
  const headers = signRequest({
    service: opts.service,
    host,
    action: opts.action,
    version: opts.version,
    ...(opts.region !== undefined ? { region: opts.region } : {}),
    timestamp:
      opts.timestamp ?? Math.floor((emu.settings.signatureTime === 'emulated' ? emu.clock.now() : Date.now()) / 1000),
    body: opts.body,
    credentials: emu.credentials,
    traceId: 'trace-123',
  });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: emu.host, port: emu.port, method: 'POST', path: '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          json: JSON.parse(Buffer.concat(chunks).toString()),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('emulator wire protocol', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator({
      credentials: [
        { secretId: 'AKIDtest', secretKey: 'right-key' },
        { secretId: 'AKIDtemp', secretKey: 'temp-key', token: 'session-token' },
      ],
    });
    sdk = sdkClients(emu);
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });

  test('the SDK gets a TaskId and a RequestId in the documented envelope', async () => {
    const response = await sdk.trtc.CreateCloudRecording(createRequest);
    expect(response.TaskId).toEqual(expect.any(String));
    expect(response.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const calls = emu.control.calls({ action: 'CreateCloudRecording' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      requestId: response.RequestId,
      outcome: 'ok',
      taskId: response.TaskId,
      product: 'trtc-cloud',
    });
  });

  test('raw calls routed by credential scope get the exact success and error envelopes, trace id echoed', async () => {
    const ok = await rawCall(emu, {
      service: 'trtc',
      action: 'CreateCloudRecording',
      version: '2019-07-22',
      region: 'ap-guangzhou',
      body: JSON.stringify(createRequest),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['x-tc-traceid']).toBe('trace-123');
    expect(Object.keys(ok.json as object)).toEqual(['Response']);
    expect((ok.json as { Response: Record<string, unknown> }).Response).toEqual({
      TaskId: expect.any(String) as string,
      RequestId: expect.any(String) as string,
    });
    const bad = await rawCall(emu, {
      service: 'trtc',
      action: 'DescribeCloudRecording',
      version: '2019-07-22',
      region: 'ap-guangzhou',
      body: '{"SdkAppId":1,"TaskId":"nope"}',
    });
    expect(bad.status).toBe(200);
    expect(bad.json).toEqual({
      Response: {
        Error: { Code: 'ResourceNotFound', Message: expect.any(String) as string },
        RequestId: expect.any(String) as string,
      },
    });
  });

  test('a signature made with the wrong secret is AuthFailure.SignatureFailure', async () => {
    const wrong = sdkClients(emu, { secretKey: 'not-the-key' });
    await expect(sdkError(wrong.trtc.CreateCloudRecording(createRequest))).resolves.toMatchObject({
      code: 'AuthFailure.SignatureFailure',
    });
    wrong.close();
    expect(emu.control.tasks()).toHaveLength(0);
  });

  test('an unknown SecretId is AuthFailure.SecretIdNotFound', async () => {
    const stranger = sdkClients(emu, { secretId: 'AKIDnobody', secretKey: 'x' });
    await expect(sdkError(stranger.trtc.CreateCloudRecording(createRequest))).resolves.toMatchObject({
      code: 'AuthFailure.SecretIdNotFound',
    });
    stranger.close();
  });

  test('clock skew over 5 minutes is AuthFailure.SignatureExpire; under 5 minutes passes', async () => {
    emu.control.skewSignatureClock(6 * 60_000);
    await expect(sdkError(sdk.trtc.CreateCloudRecording(createRequest))).resolves.toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
    emu.control.skewSignatureClock(-6 * 60_000);
    await expect(sdkError(sdk.trtc.CreateCloudRecording(createRequest))).resolves.toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
    emu.control.skewSignatureClock(4 * 60_000);
    await expect(sdk.trtc.CreateCloudRecording(createRequest)).resolves.toHaveProperty('TaskId');
  });

  test('simulated hours do not expire signatures (wall-clock signature time), unless asked to', async () => {
    emu.control.advance(10 * 3_600_000);
    await expect(sdk.trtc.CreateCloudRecording(createRequest)).resolves.toHaveProperty('TaskId');
    const strict = await startTestEmulator({ signatureTime: 'emulated' });
    const client = sdkClients(strict);
    strict.control.advance(6 * 60_000);
    await expect(sdkError(client.trtc.CreateCloudRecording(createRequest))).resolves.toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
    const signedWithEmulatorTime = await rawCall(strict, {
      service: 'trtc',
      action: 'CreateCloudRecording',
      version: '2019-07-22',
      region: 'ap-guangzhou',
      body: JSON.stringify(createRequest),
    });
    expect((signedWithEmulatorTime.json as { Response: { TaskId?: string } }).Response.TaskId).toEqual(
      expect.any(String),
    );
    client.close();
    await strict.stop();
  });

  test('temporary credentials need their X-TC-Token', async () => {
    const withToken = sdkClients(emu, { secretId: 'AKIDtemp', secretKey: 'temp-key', token: 'session-token' });
    await expect(withToken.trtc.CreateCloudRecording(createRequest)).resolves.toHaveProperty('TaskId');
    const withoutToken = sdkClients(emu, { secretId: 'AKIDtemp', secretKey: 'temp-key' });
    await expect(sdkError(withoutToken.trtc.CreateCloudRecording(createRequest))).resolves.toMatchObject({
      code: 'AuthFailure.TokenFailure',
    });
    withToken.close();
    withoutToken.close();
  });

  test('unknown action is InvalidAction, wrong version NoSuchVersion, undocumented region UnsupportedRegion', async () => {
    await expect(sdkError(sdk.trtc.request('StartTimeTravel', {}))).resolves.toMatchObject({ code: 'InvalidAction' });
    const agent = loopbackAgent(emu.port);
    const oldVersion = new CommonClient('trtc.tencentcloudapi.com', '2018-01-01', {
      credential: emu.credentials,
      region: 'ap-guangzhou',
      profile: { httpProfile: { endpoint: 'trtc.tencentcloudapi.com', protocol: 'http://', agent } },
    });
    await expect(sdkError(oldVersion.request('CreateCloudRecording', createRequest))).resolves.toMatchObject({
      code: 'NoSuchVersion',
    });
    agent.destroy();
    const frankfurt = sdkClients(emu, { region: 'eu-frankfurt' });
    await expect(sdkError(frankfurt.trtc.CreateCloudRecording(createRequest))).resolves.toMatchObject({
      code: 'UnsupportedRegion',
    });
    await expect(sdkError(frankfurt.tiw.DescribeOnlineRecord({ SdkAppId: 1, TaskId: 'x' }))).resolves.toMatchObject({
      code: 'UnsupportedRegion',
    });
    frankfurt.close();
  });

  test('a region-required call without X-TC-Region is MissingParameter; CSS and TRRO need none', async () => {
    const none = await rawCall(emu, {
      service: 'trtc',
      action: 'CreateCloudRecording',
      version: '2019-07-22',
      body: JSON.stringify(createRequest),
    });
    expect((none.json as { Response: { Error: { Code: string } } }).Response.Error.Code).toBe('MissingParameter');
  });

  test('an unknown top-level parameter is UnknownParameter; nothing is created', async () => {
    const error = await sdkError(sdk.trtc.request('CreateCloudRecording', { ...createRequest, Colour: 'blue' }));
    expect(error).toMatchObject({ code: 'UnknownParameter' });
    expect(error.message).toContain('Colour');
    expect(emu.control.tasks()).toHaveLength(0);
  });

  test('the service comes from the Host label, so a trtc action sent to tiw is InvalidAction', async () => {
    await expect(sdkError(sdk.tiw.request('CreateCloudRecording', createRequest))).resolves.toMatchObject({
      code: 'InvalidAction',
    });
  });
});
