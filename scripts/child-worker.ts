/**
 * The recording worker (`worker/main.ts`) as a separate process, with only the environment it is
 * given: how the integration tests and the benchmarks run several workers against one stack.
 * Each child serves its health port on 127.0.0.1; it is healthy within 60 s or this fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../worker/process-tools';
import { type ThrottleSnapshot } from '../worker/throttles';

const projectRoot = resolve(__dirname, '..');

export interface ChildWorker {
  /** Its health port: `GET /healthz`, `GET /throttles`. */
  readonly healthPort: number;
  readonly process: ChildProcess;
  /** Output of the child, for a failing test's message. */
  readonly output: string[];
  /** SIGKILL: no drain, no goodbye to the server, in-flight activities lost. */
  kill(): Promise<void>;
  /** SIGTERM: the worker drains and exits (SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** The provider calls it saw throttled (worker/throttles.ts), while it runs. */
  throttles(): Promise<ThrottleSnapshot>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * `node --import tsx worker/main.ts` (or another `entry` that runs it, relative to the project
 * root) with only the given environment; healthy within 60 s or it fails.
 */
export async function spawnChildWorker(
  env: Readonly<Record<string, string>>,
  entry = 'worker/main.ts',
): Promise<ChildWorker> {
  const healthPort = await freePort();
  // Its own Core metrics port too, so several children (and npm start) never contend for the default.
  const sdkMetricsPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env: {
      PATH: process.env['PATH'] ?? '',
      TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${sdkMetricsPort}`,
      ...env,
      WORKER_HEALTH_PORT: String(healthPort),
    },
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
  const throttles = async (): Promise<ThrottleSnapshot> =>
    (await fetch(`http://127.0.0.1:${healthPort}/throttles`)).json() as Promise<ThrottleSnapshot>;
  return { process: child, healthPort, output, kill, stop, throttles };
}
