/**
 * The full recording stack for integration tests, all on 127.0.0.1: a dev server on a temporary
 * SQLite file, the emulator (real clock), the gateway (API + callbacks) and the recording
 * workers, either in this process or as a child process that a test can SIGKILL.
 *
 *   const t = await startTestStack();                 // in-process workers
 *   await t.stack.client.recordings.startRecording(spec);
 *   expect(t.emulator.control.runningTasks()).toEqual([]);
 *   await t.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type CallRecord, type EmulatorOptions, type Identity, type RunningEmulator } from '../../emulator/index';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack';
import { loadStackConfig } from '../../runtime/config';
import { resolveTemporalCli, startDevServer } from '../../worker/dev-server';
import { createLogger } from '../../runtime/logger';
import { WORKFLOWS_PATH } from '../../worker/main';
import { freePort } from '../../worker/process-tools';
import { buildWorkflowBundle } from '../../worker/workflow-bundle';

const projectRoot = resolve(__dirname, '..', '..');
/** A fixed test payload key (never a real one). */
const PAYLOAD_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestStack {
  readonly stack: LocalStack;
  readonly emulator: RunningEmulator;
  /** Log lines of the stack (gateway, workers), for a failing test's message. */
  readonly logs: string[];
  /** The provider calls of `action` that named every field of `identity` (one scenario's calls). */
  callsOf(action: string, identity: Partial<Identity>): CallRecord[];
  /** Starts the recording worker as a child process (`worker/main.ts`); resolves once it is healthy. */
  spawnWorker(): Promise<ChildWorker>;
  stop(): Promise<void>;
}

export interface ChildWorker {
  readonly process: ChildProcess;
  /** Output of the child, for a failing test's message. */
  readonly output: string[];
  /** SIGKILL: no drain, no goodbye to the server, in-flight activities lost. */
  kill(): Promise<void>;
  /** SIGTERM: the worker drains and exits (SIGKILL after 15 s). */
  stop(): Promise<void>;
}

export interface TestStackOptions {
  /** Run the recording workers in this process (default true). */
  readonly worker?: boolean;
  readonly emulator?: EmulatorOptions;
  /** More environment for the workers (in-process and spawned), e.g. orphan sweep settings. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts everything; the caller stops it in afterAll (bounded: the dev server gets 60 s to start). */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), 'recording-it-'));
  const bundlePath = join(dir, 'workflow-bundle.js');
  const logs: string[] = [];
  // WARN and above, kept for a failing test's message rather than printed (webpack reports at INFO).
  const logger = createLogger({ level: 'WARN', sink: (line) => logs.push(line) });
  const [devServer] = await Promise.all([
    startDevServer({
      cliPath: resolveTemporalCli(undefined, projectRoot),
      dbFile: join(dir, 'temporal.sqlite'),
      startTimeoutMs: 60_000,
    }),
    // Built once: in-process and child workers load the same code without bundling again.
    buildWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, outputPath: bundlePath, logger }),
  ]);
  const env = {
    TEMPORAL_ADDRESS: devServer.address,
    PAYLOAD_ENCRYPTION_KEY: PAYLOAD_KEY,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    SHUTDOWN_GRACE_MS: '2000',
    DATA_DIR: dir,
    LOG_LEVEL: 'WARN',
    ...options.env,
  };
  const loaded = loadStackConfig(env);
  if (!loaded.ok) throw loaded.error;
  const temporal = { address: devServer.address, devServer, close: () => devServer.stop() };
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      config: loaded.config,
      logger,
      temporal,
      gatewayPort: 0,
      emulator: { port: 0, behaviour: { tiwProcessingSeconds: 2 }, ...options.emulator },
      worker: options.worker ?? true,
    });
  } catch (error) {
    await devServer.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const emulator = stack.emulator;
  if (emulator === undefined) throw new Error('the test stack runs on the emulator');
  const children = new Set<ChildWorker>();
  return {
    stack,
    emulator,
    logs,
    callsOf: (action, identity) =>
      emulator.control
        .calls({ action })
        .filter((call) => Object.entries(identity).every(([k, v]) => call.identity[k as keyof Identity] === v)),
    spawnWorker: async () => {
      const child = await spawnChildWorker({ ...env, TENCENTCLOUD_ENDPOINT: emulator.url });
      children.add(child);
      return child;
    },
    stop: async () => {
      try {
        for (const child of children) await child.kill();
        await stack.stop();
      } finally {
        await devServer.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** `node --import tsx worker/main.ts` with only the given environment; healthy within 60 s or it fails. */
async function spawnChildWorker(env: Readonly<Record<string, string>>): Promise<ChildWorker> {
  const healthPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env['PATH'] ?? '', ...env, WORKER_HEALTH_PORT: String(healthPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer): void => {
    output.push(chunk.toString('utf8'));
    output.splice(0, Math.max(0, output.length - 200));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const kill = async (): Promise<void> => {
    if (exited(child)) return;
    const gone = once(child, 'exit');
    child.kill('SIGKILL');
    await gone;
  };
  const stop = async (): Promise<void> => {
    if (exited(child)) return;
    const gone = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone.finally(() => clearTimeout(timer));
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited(child))
      throw new Error(`child worker exited early (${String(child.exitCode ?? child.signalCode)}):\n${output.join('')}`);
    const status = await fetch(`http://127.0.0.1:${healthPort}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`child worker not healthy within 60 s:\n${output.join('')}`);
    }
    await delay(200);
  }
  return { process: child, output, kill, stop };
}
