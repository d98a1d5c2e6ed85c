/**
 * The stack the start/stop suites measure, as `npm start` composes it: a fresh dev server
 * (optionally with SQLite pragmas), the emulator with its rate limiter, the library client, and
 * worker processes (scripts/child-worker.ts). Also an official-SDK trtc client to the same
 * emulator, the direct reference. Everything stops in `close()`.
 */
import http from 'node:http';
import net from 'node:net';
import { trtc } from 'tencentcloud-sdk-nodejs/tencentcloud/services/trtc';
import { createLogger } from '../runtime/logger';
import { spawnChildWorker, type ChildWorker } from '../scripts/child-worker';
import { startLocalStack, type LocalStack } from '../scripts/local-stack';
import { type DevServer } from '../worker/dev-server';
import { treeCpuSeconds } from './proc-cpu';
import { startBenchServer } from './bench-server';

export const WAL_PRAGMAS = { journal_mode: 'wal', synchronous: 'normal' } as const;

export interface BenchStack {
  readonly stack: LocalStack;
  readonly emulator: NonNullable<LocalStack['emulator']>;
  readonly devServer: DevServer;
  readonly workers: readonly ChildWorker[];
  readonly sdk: InstanceType<typeof trtc.v20190722.Client>;
  /** CPU-seconds so far of the dev server and of all workers. */
  cpu(): { readonly devServer: number; readonly workers: number };
  close(): Promise<void>;
}

/** An agent that sends every request to the emulator, so the SDK signs for its real host name. */
function loopbackAgent(port: number): http.Agent {
  const agent = new http.Agent({ keepAlive: true });
  (agent as unknown as { createConnection: () => net.Socket }).createConnection = () =>
    net.connect({ host: '127.0.0.1', port });
  return agent;
}

export async function startBenchStack(options: {
  readonly workers: number;
  readonly sqlitePragmas?: Readonly<Record<string, string>>;
}): Promise<BenchStack> {
  const logger = createLogger({ level: 'WARN', sink: () => undefined });
  const server = await startBenchServer({
    prefix: 'starts',
    logger,
    // Explicit either way: `default` is SQLite's own settings, not the local stack's.
    sqlitePragmas: options.sqlitePragmas ?? {},
  });
  const { env, devServer } = server;
  const stack = await startLocalStack({
    config: server.config,
    logger,
    temporal: server.temporal,
    gatewayPort: 0,
    // The concurrency quota (100 per SdkAppId) is admission control's subject, not these suites'.
    emulator: { port: 0, limits: { trtcConcurrentTasks: 100_000 } },
    worker: false,
  });
  const emulator = stack.emulator;
  if (emulator === undefined) throw new Error('the benchmark drives the emulator');
  const workers: ChildWorker[] = [];
  for (let i = 0; i < options.workers; i++)
    workers.push(await spawnChildWorker({ ...env, TENCENTCLOUD_ENDPOINT: emulator.url }));
  const agent = loopbackAgent(emulator.port);
  const sdk = new trtc.v20190722.Client({
    credential: emulator.credentials,
    region: 'ap-guangzhou',
    profile: { httpProfile: { endpoint: 'trtc.tencentcloudapi.com', protocol: 'http://', reqTimeout: 30, agent } },
  });
  return {
    stack,
    emulator,
    devServer,
    workers,
    sdk,
    cpu: () => ({
      devServer: treeCpuSeconds(devServer.pid),
      workers: workers.reduce((sum, w) => sum + treeCpuSeconds(w.process.pid ?? -1), 0),
    }),
    async close() {
      agent.destroy();
      for (const worker of workers) await worker.stop();
      await stack.stop();
      await server.remove();
    },
  };
}
