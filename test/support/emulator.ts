/**
 * Start and stop an embedded emulator in tests, and point the official SDK at it.
 *
 *   const emu = await startTestEmulator();            // manual clock by default
 *   const sdk = sdkClients(emu);                      // official tencentcloud-sdk-nodejs clients
 *   await sdk.trtc.CreateCloudRecording({...});
 *   expect(emu.control.runningTasks('trtc-cloud')).toHaveLength(1);
 *   sdk.close(); await emu.stop();
 */
import http from 'node:http';
import { live } from 'tencentcloud-sdk-nodejs/tencentcloud/services/live';
import { tiw } from 'tencentcloud-sdk-nodejs/tencentcloud/services/tiw';
import { trro } from 'tencentcloud-sdk-nodejs/tencentcloud/services/trro';
import { trtc } from 'tencentcloud-sdk-nodejs/tencentcloud/services/trtc';
import { loopbackAgent, startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/index';

/** Starts an emulator on a random 127.0.0.1 port; the clock is test-controlled unless `options.clock` says otherwise. */
export function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ host: '127.0.0.1', port: 0, clock: { mode: 'manual', startMs: Date.now() }, ...options });
}

export interface SdkClientOptions {
  /** Region sent by every client (defaults to ap-singapore, valid for all five products). */
  readonly region?: string;
  readonly secretId?: string;
  readonly secretKey?: string;
  readonly token?: string;
  /** SDK request time-out in seconds (SDK default 60). */
  readonly timeoutSeconds?: number;
  /** Which Tencent endpoint names the clients use: `<service>.tencentcloudapi.com` (default) or `<service>.intl.tencentcloudapi.com`. */
  readonly site?: 'mainland' | 'intl';
  /** HTTP method the SDK uses (`GET` sends the parameters in the query string). */
  readonly method?: 'POST' | 'GET';
}

/** The four official SDK clients, reaching the emulator through a loopback agent. */
export interface SdkClients {
  readonly trtc: InstanceType<typeof trtc.v20190722.Client>;
  readonly tiw: InstanceType<typeof tiw.v20190919.Client>;
  readonly live: InstanceType<typeof live.v20180801.Client>;
  readonly trro: InstanceType<typeof trro.v20220325.Client>;
  readonly agent: http.Agent;
  /** Closes the agent's kept-alive sockets. */
  close(): void;
}

/**
 * Official SDK clients with their real endpoints (`<service>.tencentcloudapi.com`, or the
 * `.intl.` names with `site: 'intl'`) over
 * plain HTTP and an agent that always connects to the emulator: the SDK signs and sends
 * exactly what it would send to Tencent Cloud.
 */
export function sdkClients(emu: RunningEmulator, options: SdkClientOptions = {}): SdkClients {
  const agent = loopbackAgent(emu.port, emu.host);
  const config = (service: string, withRegion = true) => ({
    credential: {
      secretId: options.secretId ?? emu.credentials.secretId,
      secretKey: options.secretKey ?? emu.credentials.secretKey,
      ...(options.token !== undefined ? { token: options.token } : {}),
    },
    ...(withRegion ? { region: options.region ?? 'ap-singapore' } : {}),
    profile: {
      httpProfile: {
        endpoint: options.site === 'intl' ? `${service}.intl.tencentcloudapi.com` : `${service}.tencentcloudapi.com`,
        protocol: 'http://',
        ...(options.method !== undefined ? { reqMethod: options.method } : {}),
        reqTimeout: options.timeoutSeconds ?? 10,
        agent,
      },
    },
  });
  return {
    trtc: new trtc.v20190722.Client(config('trtc')),
    tiw: new tiw.v20190919.Client(config('tiw')),
    live: new live.v20180801.Client(config('live', options.region !== undefined)),
    trro: new trro.v20220325.Client(config('trro', options.region !== undefined)),
    agent,
    close: () => agent.destroy(),
  };
}

/** The SDK's error fields (TencentCloudSDKHttpException): business `code` or transport `httpCode`. */
export interface SdkError {
  readonly code?: string;
  readonly httpCode?: number;
  readonly requestId?: string;
  readonly message: string;
}

/** Awaits a call expected to fail and returns the SDK error, failing the test if it succeeded. */
export async function sdkError(call: Promise<unknown>): Promise<SdkError> {
  try {
    const value = await call;
    throw new Error(`expected the call to fail, but it answered ${JSON.stringify(value)}`);
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('expected the call to fail')) throw error;
    return error as SdkError;
  }
}

/** A 127.0.0.1 server that records callback requests (raw body kept for signature checks). */
export interface CallbackReceiver {
  readonly url: string;
  readonly received: { readonly path: string; readonly headers: http.IncomingHttpHeaders; readonly body: string }[];
  /** Status to answer (200 by default); a function decides per request: a status, `hang` (never answer), or a status after a real delay. */
  respond: number | ((index: number) => number | 'hang' | { readonly status: number; readonly afterMs: number });
  close(): Promise<void>;
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const hung: http.ServerResponse[] = [];
  const receiver: CallbackReceiver = {
    url: '',
    received: [],
    respond: 200,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hung) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const index = receiver.received.length;
      receiver.received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = typeof receiver.respond === 'function' ? receiver.respond(index) : receiver.respond;
      if (status === 'hang') {
        hung.push(res);
        return;
      }
      const answer = (code: number): void =>
        void res.writeHead(code, { 'Content-Type': 'application/json' }).end('{"code":0}');
      if (typeof status === 'number') answer(status);
      else {
        hung.push(res);
        setTimeout(() => {
          if (!res.destroyed) answer(status.status);
        }, status.afterMs);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return Object.assign(receiver, { url: `http://127.0.0.1:${port}/callback` });
}
