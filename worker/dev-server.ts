/**
 * Runs the Temporal CLI dev server for local use: the project's provisioned binary, a
 * SQLite file that survives restarts, loopback only, the recording search attributes
 * registered, bounded waits to start and to stop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { type Logger } from '@temporalio/common';
import { freePort, stopChild, waitFor } from './process-tools';
import { ensureSearchAttributes } from './search-attribute-registry';
import { RECORDING_SEARCH_ATTRIBUTES, cliTypeName, type AnySearchAttributeKey } from './search-attributes';

const HOST = '127.0.0.1';

export interface DevServerOptions {
  /** The `temporal` CLI; see resolveTemporalCli(). */
  readonly cliPath: string;
  /** SQLite file holding all state; created with its folder when missing. */
  readonly dbFile: string;
  /** gRPC port; a free one when absent. */
  readonly port?: number;
  /** Web UI port; the UI is off when absent. */
  readonly uiPort?: number;
  /** Created at start besides `default`, which always exists. */
  readonly namespace?: string;
  readonly searchAttributes?: readonly AnySearchAttributeKey[];
  /** Server output is appended here; discarded when absent (its last lines still go into errors). */
  readonly logFile?: string;
  readonly startTimeoutMs?: number;
  /** After SIGTERM, how long to wait before SIGKILL. */
  readonly stopTimeoutMs?: number;
  readonly logger?: Logger;
  /** SQLite pragmas, passed as `--sqlite-pragma name=value`; {@link LOCAL_SQLITE_PRAGMAS} when absent, `{}` for none. */
  readonly sqlitePragmas?: Readonly<Record<string, string>>;
}

export interface DevServer {
  /** `127.0.0.1:<port>`, for Connection/NativeConnection. */
  readonly address: string;
  readonly uiUrl?: string;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after the stop bound; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** The CLI to run: an explicit path, else the one `npm run provision` put in `.temporal/venv`. */
export function resolveTemporalCli(cliPath: string | undefined, projectRoot: string): string {
  const path = cliPath ?? join(projectRoot, '.temporal', 'venv', 'bin', 'temporal');
  if (!existsSync(path))
    throw new Error(`Temporal CLI not found at ${path}: run "npm run provision" or set TEMPORAL_CLI_PATH`);
  return path;
}

/**
 * Write-ahead log, fsync at checkpoints only: the start-overhead benchmark measured the workflow
 * task's queue wait and the p99 start lower with these (bench/results/*-start-overhead.md). A
 * crash of the machine may lose the last commits of a local dev database, never corrupt it.
 */
export const LOCAL_SQLITE_PRAGMAS: Readonly<Record<string, string>> = { journal_mode: 'wal', synchronous: 'normal' };

/** The CLI's arguments for these options (port and namespace already chosen). */
export function devServerArgs(
  options: Omit<DevServerOptions, 'cliPath'> & { readonly port: number; readonly namespace: string },
): string[] {
  const { port, namespace } = options;
  const args = ['server', 'start-dev', '--ip', HOST, '--port', String(port), '--db-filename', options.dbFile];
  args.push(
    ...(options.uiPort === undefined ? ['--headless'] : ['--ui-port', String(options.uiPort), '--ui-ip', HOST]),
  );
  if (namespace !== 'default') args.push('--namespace', namespace);
  for (const key of options.searchAttributes ?? RECORDING_SEARCH_ATTRIBUTES)
    args.push('--search-attribute', `${key.name}=${cliTypeName(key.type)}`);
  for (const [name, value] of Object.entries(options.sqlitePragmas ?? LOCAL_SQLITE_PRAGMAS))
    args.push('--sqlite-pragma', `${name}=${value}`);
  // The stuck repair's signal (worker/stuck-repair.ts) after two problems, as in docker/temporal/dynamicconfig.
  args.push('--dynamic-config-value', 'system.numConsecutiveWorkflowTaskProblemsToTriggerSearchAttribute=2');
  args.push('--log-format', 'json', '--log-level', 'warn');
  return args;
}

/** Starts the dev server and resolves once it answers on gRPC with the attributes in place. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? (await freePort(HOST));
  const address = `${HOST}:${port}`;
  const namespace = options.namespace ?? 'default';
  const attributes = options.searchAttributes ?? RECORDING_SEARCH_ATTRIBUTES;
  mkdirSync(dirname(options.dbFile), { recursive: true });
  const args = devServerArgs({ ...options, port, namespace, searchAttributes: attributes });

  // An empty environment: the CLI must not pick up TEMPORAL_* settings meant for clients.
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: {} });
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const tail = captureOutput(child, options.logFile);
  const stop = () => stopChild(child, options.stopTimeoutMs ?? 10_000);
  try {
    await waitFor(child, options.startTimeoutMs ?? 30_000, async () => {
      if (spawnError !== undefined) throw spawnError;
      return readyCheck(address, namespace, attributes);
    });
  } catch (error) {
    await stop();
    const cause = spawnError ?? error; // a spawn failure (ENOENT, EACCES) says more than "exited"
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`Temporal dev server did not start on ${address}: ${reason}\n${tail().join('\n')}`);
  }
  const uiUrl = options.uiPort === undefined ? undefined : `http://${HOST}:${options.uiPort}`;
  options.logger?.info('Temporal dev server started', { address, uiUrl, dbFile: options.dbFile, pid: child.pid });
  return { address, uiUrl, pid: child.pid ?? -1, stop };
}

/** True once the namespace answers; then makes sure every search attribute exists. */
async function readyCheck(
  address: string,
  namespace: string,
  attributes: readonly AnySearchAttributeKey[],
): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1_000 });
    await connection.workflowService.describeNamespace({ namespace });
  } catch {
    await connection?.close();
    return false; // not up yet: the caller polls again within its bound
  }
  try {
    await ensureSearchAttributes(connection, namespace, attributes);
    return true;
  } finally {
    await connection.close();
  }
}

/** Sends output to the log file (if any) and keeps the last lines for error messages. */
function captureOutput(child: ChildProcess, logFile: string | undefined): () => string[] {
  const lines: string[] = [];
  const file = logFile === undefined ? undefined : createWriteStream(logFile, { flags: 'a' });
  const keep = (chunk: Buffer) => {
    file?.write(chunk);
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== ''),
    );
    lines.splice(0, Math.max(0, lines.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.once('exit', () => file?.end());
  return () => [...lines];
}
