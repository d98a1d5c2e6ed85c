/**
 * The separately run pieces the suite kills: recording worker child processes (`worker/main.ts`)
 * and Temporal (the dev server on its SQLite file, or a cluster's services: `KillableTemporal`).
 * Every wait is bounded; SIGKILL is `kill -9`.
 */
import { type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { resolveTemporalCli, startDevServer, type DevServer } from '../../worker/dev-server';
import { spawnChildWorker } from '../../scripts/child-worker';
import { freePort } from '../../worker/process-tools';

const projectRoot = resolve(__dirname, '..', '..');

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export interface WorkerChild {
  readonly id: number;
  readonly process: ChildProcess;
  readonly output: string[];
  readonly alive: boolean;
  /** kill -9: no drain, in-flight activities lost. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

/** Starts `node --import tsx worker/main.ts` with only `env` (scripts/child-worker.ts); resolves once its health port answers (60 s bound). */
export async function spawnWorker(id: number, env: Readonly<Record<string, string>>): Promise<WorkerChild> {
  const child = await spawnChildWorker(env).catch((error: unknown) => {
    throw new Error(`worker ${id}: ${error instanceof Error ? error.message : String(error)}`);
  });
  return {
    id,
    process: child.process,
    output: child.output,
    get alive() {
      return !exited(child.process);
    },
    kill: () => child.kill(),
    stop: () => child.stop(),
  };
}

/**
 * Keeps `size` workers running: a killed (or crashed) worker is replaced by `refill()`, which
 * the runner calls after each kill and in the settle phase. Counts what happened to each.
 */
export class WorkerPool {
  private readonly workers: WorkerChild[] = [];
  private nextId = 1;
  /** Workers that exited without being killed by the suite (a crash the suite did not cause). */
  unexpectedExits = 0;
  spawned = 0;
  private readonly killed = new Set<number>();

  constructor(
    private readonly size: number,
    private readonly env: Readonly<Record<string, string>>,
    private readonly onLog: (line: string) => void,
  ) {}

  get alive(): WorkerChild[] {
    return this.workers.filter((w) => w.alive);
  }

  /** Starts workers until `size` are alive; failures to start are logged and retried once per call. */
  async refill(): Promise<void> {
    for (const w of this.workers.filter((x) => !x.alive)) {
      if (!this.killed.has(w.id)) {
        this.unexpectedExits++;
        this.onLog(`worker ${w.id} exited on its own: ${w.output.slice(-5).join('').slice(-1500)}`);
      }
      this.workers.splice(this.workers.indexOf(w), 1);
    }
    const missing = this.size - this.workers.length;
    await Promise.all(
      Array.from({ length: missing }, async () => {
        const id = this.nextId++;
        try {
          const w = await spawnWorker(id, this.env);
          this.workers.push(w);
          this.spawned++;
        } catch (error) {
          this.onLog(`worker ${id} did not start: ${String(error).slice(0, 1500)}`);
        }
      }),
    );
  }

  /** kill -9 of the given workers (all when absent). */
  async kill(which: readonly WorkerChild[] = this.alive): Promise<number> {
    for (const w of which) this.killed.add(w.id);
    await Promise.all(which.map((w) => w.kill()));
    return which.length;
  }

  async stopAll(): Promise<void> {
    for (const w of this.workers) this.killed.add(w.id);
    await Promise.all(this.workers.map((w) => w.kill()));
    this.workers.length = 0;
  }
}

/** A Temporal the suite `kill -9`s and brings back on the same address and state. */
export interface KillableTemporal {
  readonly address: string;
  /** Restarts done by `restart`. */
  readonly restarts: number;
  /** Starts whatever is down (no-op while all runs); bounded. */
  up(): Promise<void>;
  /** kill -9 of the server or one of its services, `downMs` down, then up again; resolves to what was killed. */
  restart(downMs: number): Promise<string>;
  stop(): Promise<void>;
}

/** The dev server on one SQLite file and one port, so a kill -9 and a restart keep address and state. */
export class RestartableDevServer implements KillableTemporal {
  private server: DevServer | undefined;
  restarts = 0;

  private constructor(
    private readonly dbFile: string,
    private readonly port: number,
  ) {}

  static async start(dbFile: string): Promise<RestartableDevServer> {
    const dev = new RestartableDevServer(dbFile, await freePort());
    await dev.up();
    return dev;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Starts the server on the same file and port (60 s bound; the port may need a moment to be free). */
  async up(): Promise<void> {
    if (this.server !== undefined) return;
    const deadline = Date.now() + 90_000;
    for (;;) {
      try {
        this.server = await startDevServer({
          cliPath: resolveTemporalCli(undefined, projectRoot),
          dbFile: this.dbFile,
          port: this.port,
          startTimeoutMs: 60_000,
        });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await delay(1_000);
      }
    }
  }

  /** kill -9 of the server process; resolves once it is gone (10 s bound). */
  async kill(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    this.server = undefined;
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      return; // already gone
    }
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      try {
        process.kill(server.pid, 0);
      } catch {
        break;
      }
      await delay(50);
    }
    await server.stop().catch(() => undefined);
  }

  async restart(downMs: number): Promise<string> {
    await this.kill();
    await delay(downMs);
    await this.up();
    this.restarts++;
    return 'the dev server';
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop();
  }
}
