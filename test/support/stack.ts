/**
 * The full recording stack for integration tests, all on 127.0.0.1: a dev server on a temporary
 * SQLite file (or a Temporal the caller runs, `temporalAddress`), the emulator (real clock), the
 * gateway (API + callbacks) and the recording workers, either in this process or as a child
 * process that a test can SIGKILL.
 *
 *   const t = await startTestStack();                 // in-process workers
 *   await t.stack.client.recordings.startRecording(spec);
 *   expect(t.emulator.control.runningTasks()).toEqual([]);
 *   await t.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CallRecord, type EmulatorOptions, type Identity, type RunningEmulator } from '../../emulator/index';
import { spawnChildWorker, type ChildWorker } from '../../scripts/child-worker';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack';
import { loadStackConfig } from '../../runtime/config';
import { resolveTemporalCli, startDevServer } from '../../worker/dev-server';
import { type TemporalEndpoint } from '../../worker/temporal-endpoint';
import { createLogger } from '../../runtime/logger';
import { WORKFLOWS_PATH } from '../../worker/main';
import { buildWorkflowBundle } from '../../worker/workflow-bundle';

const projectRoot = resolve(__dirname, '..', '..');
/** A fixed test payload key (never a real one). */
export const TEST_PAYLOAD_KEY = Buffer.alloc(32, 7).toString('base64');

export interface TestStack {
  readonly stack: LocalStack;
  readonly emulator: RunningEmulator;
  /** Log lines of the stack (gateway, workers), for a failing test's message. */
  readonly logs: string[];
  /** The provider calls of `action` that named every field of `identity` (one scenario's calls). */
  callsOf(action: string, identity: Partial<Identity>): CallRecord[];
  /**
   * Starts the recording worker as a child process (`worker/main.ts`); resolves once it is
   * healthy. `env` adds to (or overrides) the stack's variables, e.g. RATE_LIMIT_HEADROOM;
   * `entry` is another script that runs it (a test fixture).
   */
  spawnWorker(env?: Readonly<Record<string, string>>, entry?: string): Promise<ChildWorker>;
  stop(): Promise<void>;
}

export type { ChildWorker };

export interface TestStackOptions {
  /** Run the recording workers in this process (default true). */
  readonly worker?: boolean;
  readonly emulator?: EmulatorOptions;
  /** More environment for the workers (in-process and spawned), e.g. orphan sweep settings. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * A Temporal the caller started and stops (e.g. `npm run test:production`'s cluster), its
   * namespace (TEMPORAL_NAMESPACE in `env`, else `default`) set up; no dev server is started then.
   */
  readonly temporalAddress?: string;
}

/** Starts everything; the caller stops it in afterAll (bounded: the dev server gets 60 s to start). */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const dir = mkdtempSync(join(tmpdir(), 'recording-it-'));
  const bundlePath = join(dir, 'workflow-bundle.js');
  const logs: string[] = [];
  // WARN and above, kept for a failing test's message rather than printed (webpack reports at INFO).
  const logger = createLogger({ level: 'WARN', sink: (line) => logs.push(line) });
  const given = options.temporalAddress;
  const [devServer] = await Promise.all([
    given === undefined
      ? startDevServer({
          cliPath: resolveTemporalCli(undefined, projectRoot),
          dbFile: join(dir, 'temporal.sqlite'),
          startTimeoutMs: 60_000,
        })
      : undefined,
    // Built once: in-process and child workers load the same code without bundling again.
    buildWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, outputPath: bundlePath, logger }),
  ]);
  const address = given ?? devServer?.address ?? '';
  const stopDevServer = async (): Promise<void> => {
    await devServer?.stop();
  };
  const env = {
    TEMPORAL_ADDRESS: address,
    PAYLOAD_ENCRYPTION_KEY: TEST_PAYLOAD_KEY,
    WORKFLOW_BUNDLE_PATH: bundlePath,
    SHUTDOWN_GRACE_MS: '2000',
    DATA_DIR: dir,
    LOG_LEVEL: 'WARN',
    // The machine is shared and small: a generous deadline, so only a real outage answers 503.
    GATEWAY_TEMPORAL_TIMEOUT: '20s',
    ...options.env,
  };
  const loaded = loadStackConfig(env);
  if (!loaded.ok) throw loaded.error;
  const temporal: TemporalEndpoint = {
    address,
    ...(devServer === undefined ? {} : { devServer }),
    close: stopDevServer,
  };
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
    await stopDevServer();
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
    spawnWorker: async (extra = {}, entry?: string) => {
      const child = await spawnChildWorker({ ...env, TENCENTCLOUD_ENDPOINT: emulator.url, ...extra }, entry);
      children.add(child);
      return child;
    },
    stop: async () => {
      try {
        for (const child of children) await child.kill();
        await stack.stop();
      } finally {
        await stopDevServer();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
