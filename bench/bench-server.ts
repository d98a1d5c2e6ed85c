/**
 * The temporary Temporal a benchmark runs on: a fresh dev server on a SQLite file in its own
 * folder, the workflow bundle built beside it (in parallel), and the environment the stack and
 * the worker child processes read (a fixed throwaway payload key, that bundle, short shutdown).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Logger } from '@temporalio/common';
import { loadStackConfig, type StackConfig } from '../runtime/config';
import { resolveTemporalCli, startDevServer, type DevServer } from '../worker/dev-server';
import { WORKFLOWS_PATH } from '../worker/main';
import type { TemporalEndpoint } from '../worker/temporal-endpoint';
import { buildWorkflowBundle } from '../worker/workflow-bundle';

const projectRoot = resolve(__dirname, '..');

export interface BenchServer {
  /** The folder holding the database and the bundle; `remove()` deletes it. */
  readonly dir: string;
  readonly devServer: DevServer;
  /** What the stack and every worker child read. */
  readonly env: Readonly<Record<string, string>>;
  readonly config: StackConfig;
  /** The dev server as the local stack takes it. */
  readonly temporal: TemporalEndpoint;
  /** Stops the dev server and deletes the folder. */
  remove(): Promise<void>;
}

export async function startBenchServer(options: {
  /** Folder name: `bench-<prefix>-…` in the system's temporary folder. */
  readonly prefix: string;
  readonly logger: Logger;
  /** The dev server's SQLite pragmas; absent: the local stack's (worker/dev-server.ts). */
  readonly sqlitePragmas?: Readonly<Record<string, string>>;
  /** Added to the environment. */
  readonly env?: Readonly<Record<string, string>>;
}): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), `bench-${options.prefix}-`));
  const bundlePath = join(dir, 'workflow-bundle.js');
  const [devServer] = await Promise.all([
    startDevServer({
      cliPath: resolveTemporalCli(undefined, projectRoot),
      dbFile: join(dir, 'temporal.sqlite'),
      startTimeoutMs: 60_000,
      ...(options.sqlitePragmas === undefined ? {} : { sqlitePragmas: options.sqlitePragmas }),
    }),
    buildWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, outputPath: bundlePath, logger: options.logger }),
  ]);
  const remove = async (): Promise<void> => {
    await devServer.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  const env = {
    TEMPORAL_ADDRESS: devServer.address,
    // A fixed throwaway key: the payloads of a benchmark's temporary server.
    PAYLOAD_ENCRYPTION_KEY: Buffer.alloc(32, 11).toString('base64'),
    WORKFLOW_BUNDLE_PATH: bundlePath,
    SHUTDOWN_GRACE_MS: '2000',
    DATA_DIR: dir,
    LOG_LEVEL: 'WARN',
    ...options.env,
  };
  const loaded = loadStackConfig(env);
  if (!loaded.ok) {
    await remove();
    throw loaded.error;
  }
  const temporal = { address: devServer.address, devServer, close: () => devServer.stop() };
  return { dir, devServer, env, config: loaded.config, temporal, remove };
}
