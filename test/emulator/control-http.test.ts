/** The control API over HTTP, the CLI flag parser and the standalone entrypoint. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { parseCli } from '../../emulator/cli';
import { type RunningEmulator, type TaskView } from '../../emulator/index';
import { sdkClients, startTestEmulator, type SdkClients } from '../support/emulator';

const SDK_APP_ID = 1400188366;

describe('control API over HTTP', () => {
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

  async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${emu.url}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json', connection: 'close' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, json: await response.json() };
  }

  test('drives a room, inspects tasks with their calls, advances the clock and resets', async () => {
    expect((await control('GET', 'health')).json).toMatchObject({ ok: true });
    await control('POST', 'rooms/join', { sdkAppId: SDK_APP_ID, roomId: '3560', userId: 'anchor', audio: true });
    const { TaskId } = await sdk.trtc.CreateCloudRecording({
      SdkAppId: SDK_APP_ID,
      RoomId: '3560',
      UserId: 'bot',
      UserSig: 's',
      RecordParams: { RecordMode: 2, MaxIdleTime: 30 },
      StorageParams: { CloudVod: {} },
    });
    const running = (await control('GET', 'tasks?running=true&userId=bot')).json as TaskView[];
    expect(running.map((t) => [t.product, t.taskId, t.status, t.calls.length])).toEqual([
      ['trtc-cloud', TaskId, 'InProgress', 1],
    ]);
    const one = await control('GET', `tasks/trtc-cloud/${encodeURIComponent(TaskId ?? '')}`);
    expect(one.json).toMatchObject({ taskId: TaskId, identity: { userId: 'bot', sdkAppId: SDK_APP_ID } });
    await control('POST', 'rooms/leave', { sdkAppId: SDK_APP_ID, roomId: '3560', userId: 'anchor' });
    const advanced = await control('POST', 'clock/advance', { seconds: 30 });
    expect(advanced.json).toMatchObject({ fired: expect.any(Number) as number });
    expect((await control('GET', 'tasks?running=true')).json).toEqual([]);
    expect((await control('GET', 'calls?action=CreateCloudRecording')).json).toHaveLength(1);
    expect((await control('POST', 'reset')).json).toEqual({ ok: true });
    expect((await control('GET', 'tasks')).json).toEqual([]);
  });

  test('sets and clears faults, callback targets and the signature-clock skew', async () => {
    const added = await control('POST', 'faults', { action: 'DescribeWebRecord', errorCode: 'InternalError' });
    expect(added.json).toMatchObject({ id: 'fault-1', action: 'DescribeWebRecord', rate: 1 });
    await expect(sdk.trtc.DescribeWebRecord({ TaskId: 'x' })).rejects.toMatchObject({ code: 'InternalError' });
    expect((await control('DELETE', 'faults/fault-1')).json).toEqual({ ok: true });
    expect((await control('GET', 'faults')).json).toEqual([]);
    await control('POST', 'callbacks/targets', { product: 'css-live', url: 'http://127.0.0.1:9/cb', key: 'k' });
    expect((await control('GET', 'callbacks/targets')).json).toMatchObject({
      'css-live': { url: 'http://127.0.0.1:9/cb', key: '(set)' },
    });
    await control('POST', 'clock/skew', { ms: 600_000 });
    await expect(sdk.trtc.DescribeWebRecord({ TaskId: 'x' })).rejects.toMatchObject({
      code: 'AuthFailure.SignatureExpire',
    });
  });

  test('bad control input is a 400 naming the field; unknown routes are 404', async () => {
    const bad = await control('POST', 'rooms/join', { sdkAppId: 'one', roomId: '1' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/sdkAppId/);
    expect(JSON.stringify(bad.json)).toMatch(/userId/);
    expect((await control('POST', 'faults', { httpStatus: 200 })).status).toBe(400);
    expect((await control('GET', 'nowhere')).status).toBe(404);
  });
});

describe('standalone CLI', () => {
  test('flags become options; bad flags are reported together', () => {
    expect(parseCli(['--port', '0', '--clock', 'accelerated', '--factor', '60', '--no-rate-limit'])).toMatchObject({
      port: 0,
      clock: { mode: 'accelerated', factor: 60 },
      rateLimits: { enabled: false },
    });
    expect(parseCli(['--help'])).toBe('help');
    expect(() => parseCli(['--port', 'x', '--clock', 'fast'])).toThrow(/port[\s\S]*clock|clock[\s\S]*port/);
    expect(() => parseCli(['--secret-id', 'AKID'])).toThrow(/go together/);
    expect(() => parseCli(['--colour', 'blue'])).toThrow(/colour/);
  });

  test('npm run emulator prints its endpoint and test credentials, and serves the control API', async () => {
    const root = resolve(__dirname, '..', '..');
    const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['emulator/main.ts', '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await new Promise<string>((done, fail) => {
        let text = '';
        const timer = setTimeout(() => fail(new Error(`no banner within 15 s: ${text}`)), 15_000);
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('SECRET_KEY=')) {
            clearTimeout(timer);
            done(text);
          }
        });
        child.once('exit', (code) => fail(new Error(`exited with ${String(code)}: ${text}`)));
      });
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(url).toBeDefined();
      expect(output).toContain('TENCENTCLOUD_SECRET_ID=AKIDEMULATOR');
      const health = await fetch(`${url ?? ''}/_emulator/health`, { headers: { connection: 'close' } });
      expect(await health.json()).toMatchObject({ ok: true });
    } finally {
      // Wait for the exit: a child still holding its pipes keeps the jest worker from exiting.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
    }
  }, 20_000);
});
