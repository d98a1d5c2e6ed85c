/**
 * The pieces a fault run drives, each separately run and on 127.0.0.1: Temporal (the dev server
 * in its own process on a SQLite file, or a given cluster; killable and restartable), the emulator and the gateway
 * (servers in this process, reached over HTTP only), the callback proxy between them, and the
 * recording workers (child processes, killable).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCTS } from '../../domain/catalog';
import { type RunningEmulator } from '../../emulator/index';
import { loadStackConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack';
import { WORKFLOWS_PATH } from '../../worker/main';
import { buildWorkflowBundle } from '../../worker/workflow-bundle';
import { startCallbackProxy, type CallbackFault, type CallbackProxy, type SpliceVictim } from './callback-proxy';
import { type KillableTemporal, RestartableDevServer, WorkerPool } from './processes';
import { type Random } from './random';

/** A fixed payload key for every run (never a real one), so a saved history can be replayed (replay-history.ts). */
export const PAYLOAD_KEY = Buffer.alloc(32, 9).toString('base64');

export interface FaultStack {
  readonly dir: string;
  readonly server: KillableTemporal;
  readonly stack: LocalStack;
  readonly emulator: RunningEmulator;
  readonly proxy: CallbackProxy;
  readonly pool: WorkerPool;
  /** Gateway and worker warnings and errors (bounded), for the report. */
  readonly logs: string[];
  stop(): Promise<void>;
}

export interface FaultStackOptions {
  readonly seed: number;
  readonly workers: number;
  readonly random: Random;
  readonly callbackFaults: readonly CallbackFault[];
  readonly callbackFaultRate: number;
  readonly orphanSweepInterval: string;
  /** A Temporal the caller started and stops; a dev server of the run's own when absent. */
  readonly given?: GivenTemporal;
}

/** A Temporal the caller runs and stops (`npm run test:production`'s cluster), with a namespace set up for the run. */
export interface GivenTemporal {
  readonly server: KillableTemporal;
  /** Its own: the run's fixed payload key cannot read other runs' workflows (the orphan sweep's Schedule). */
  readonly namespace: string;
}

export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  const dir = mkdtempSync(join(tmpdir(), 'recording-faults-'));
  const logs: string[] = [];
  const keep = (line: string): void => {
    logs.push(line);
    logs.splice(0, Math.max(0, logs.length - 2_000));
  };
  const logger = createLogger({ level: 'WARN', sink: keep });
  const bundlePath = join(dir, 'workflow-bundle.js');
  const owned = options.given === undefined;
  const [server] = await Promise.all([
    options.given?.server ?? RestartableDevServer.start(join(dir, 'temporal.sqlite')),
    buildWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, outputPath: bundlePath, logger }),
  ]);
  const env = {
    TEMPORAL_ADDRESS: server.address,
    PAYLOAD_ENCRYPTION_KEY: PAYLOAD_KEY,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    SHUTDOWN_GRACE_MS: '2000',
    DATA_DIR: dir,
    LOG_LEVEL: 'WARN',
    ...(options.given === undefined ? {} : { TEMPORAL_NAMESPACE: options.given.namespace }),
  };
  const loaded = loadStackConfig(env);
  if (!loaded.ok) throw loaded.error;
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      config: loaded.config,
      logger,
      // The server is ours to kill and restart; the stack must not stop it.
      temporal: { address: server.address, close: () => Promise.resolve() },
      gatewayPort: 0,
      emulator: { port: 0, seed: options.seed, behaviour: { tiwProcessingSeconds: 2 } },
      worker: false,
    });
  } catch (error) {
    if (owned) await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const emulator = stack.emulator;
  if (emulator === undefined) throw new Error('the fault stack runs on the emulator');
  const victim = (product: (typeof PRODUCTS)[number], exceptTaskId: string | undefined): SpliceVictim | undefined => {
    const candidates = emulator.control.runningTasks(product).filter((t) => t.taskId !== exceptTaskId);
    if (candidates.length === 0) return undefined;
    const t = options.random.pick(candidates);
    return {
      taskId: t.taskId,
      ...(t.identity.roomId !== undefined ? { roomId: t.identity.roomId } : {}),
      ...(t.identity.recordUserId !== undefined ? { recordUserId: t.identity.recordUserId } : {}),
      ...(t.identity.streamName !== undefined ? { streamName: t.identity.streamName } : {}),
    };
  };
  const proxy = await startCallbackProxy({
    gatewayUrl: stack.gateway.url,
    random: options.random.fork('callbacks'),
    rate: options.callbackFaultRate,
    faults: options.callbackFaults,
    victim,
  });
  // Same keys as before (the stack configured them); only the address moves to the proxy.
  for (const product of PRODUCTS)
    emulator.control.setCallbackTarget(product, { url: `${proxy.url}/callbacks/${product}` });
  const pool = new WorkerPool(
    options.workers,
    { ...env, TENCENTCLOUD_ENDPOINT: emulator.url, ORPHAN_SWEEP_INTERVAL: options.orphanSweepInterval },
    keep,
  );
  await pool.refill();
  if (pool.alive.length === 0) {
    await pool.stopAll();
    await proxy.close();
    await stack.stop();
    if (owned) await server.stop();
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`no worker started:\n${logs.slice(-20).join('\n')}`);
  }
  return {
    dir,
    server,
    stack,
    emulator,
    proxy,
    pool,
    logs,
    stop: async () => {
      try {
        await pool.stopAll();
        await proxy.close();
        await stack.stop().catch((error: unknown) => keep(`stack stop: ${String(error)}`));
      } finally {
        if (owned) await server.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
