/**
 * A Temporal Server cluster as production runs it, on 127.0.0.1: the frontend, history, matching
 * and internal worker services of the provisioned `temporal-server` (scripts/provision-temporal-server.sh),
 * each its own process, on PostgreSQL. Every process gets the environment that docker-compose.yml
 * gives the temporalio/server image, read by the server's own embedded config template (the image's
 * `temporal-server start` with no config file), plus loopback ports; so the compose configuration is
 * the tested one. A service can be `kill -9`ed and started again on the same ports and database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { stopChild } from '../../worker/process-tools';
import { type KillableTemporal } from '../faults/processes';

const projectRoot = resolve(__dirname, '..', '..');
/** Where the provisioning script puts the server, its SQL tool and the schema files. */
export const SERVER_HOME = join(projectRoot, '.temporal-server');
export const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
export type Service = (typeof SERVICES)[number];
/** History first: it owns the shards the others wait for. */
const START_ORDER: readonly Service[] = ['history', 'matching', 'frontend', 'worker'];
/** What the fault run's `server-kill` takes down: both, so any one landed kill hits each. */
const KILLED_TOGETHER: readonly Service[] = ['history', 'matching'];

/** The provisioned binary, or an error saying how to get it. */
export function serverBinary(name: 'temporal-server' | 'temporal-sql-tool'): string {
  const path = join(SERVER_HOME, 'bin', name);
  if (!existsSync(path))
    throw new Error(
      `${name} not found at ${path}: run "npm run provision:server" (scripts/provision-temporal-server.sh)`,
    );
  return path;
}

export interface ClusterOptions {
  /** Folder for the services' logs (the caller removes it). */
  readonly dir: string;
  readonly postgres: { readonly host: string; readonly port: number; readonly user: string; readonly password: string };
  /** Bound on (re)starting services until they answer (default 120 s). */
  readonly startTimeoutMs?: number;
}

/**
 * A free loopback port below 32768: Temporal stores each member's port in a PostgreSQL smallint
 * (cluster_membership.rpc_port), so the OS's ephemeral ports (32768 and up) are refused.
 */
async function freeLowPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = randomInt(20_000, 32_000);
    const server = createServer();
    const bound = await new Promise<boolean>((done) => {
      server.once('error', () => done(false));
      server.listen(port, '127.0.0.1', () => done(true));
    });
    if (!bound) continue;
    server.close();
    await once(server, 'close');
    return port;
  }
  throw new Error('no free port between 20000 and 32000 on 127.0.0.1');
}

/** NOT_FOUND about the probe workflow (not the namespace): history looked and answered. */
function answeredNotFound(error: unknown): boolean {
  const e = error as { code?: number; details?: string; message?: string };
  const text = `${e.details ?? ''} ${e.message ?? ''}`;
  return e.code === 5 && !/namespace/i.test(text);
}

export class TemporalCluster implements KillableTemporal {
  private readonly processes = new Map<Service, ChildProcess>();
  private readonly logs = new Map<Service, WriteStream>();
  private readonly tails = new Map<Service, string[]>();
  private connection: Connection | undefined;
  restarts = 0;

  private constructor(
    private readonly options: ClusterOptions,
    private readonly env: Readonly<Record<string, string>>,
    readonly address: string,
  ) {}

  /** Starts every service and resolves once the frontend serves and reaches history and matching. */
  static async start(options: ClusterOptions): Promise<TemporalCluster> {
    const port = async (): Promise<string> => String(await freeLowPort());
    const { postgres } = options;
    const frontendPort = await port();
    const env = {
      // What docker-compose.yml sets on the temporal service (x-temporal-db-env and its own).
      DB: 'postgres12',
      DB_PORT: String(postgres.port),
      POSTGRES_SEEDS: postgres.host,
      POSTGRES_USER: postgres.user,
      POSTGRES_PWD: postgres.password,
      DYNAMIC_CONFIG_FILE_PATH: join(projectRoot, 'docker/temporal/dynamicconfig/production-sql.yaml'),
      LOG_LEVEL: 'warn',
      // Loopback instead of the container's 0.0.0.0, and free ports instead of the fixed ones.
      BIND_ON_IP: '127.0.0.1',
      TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
      // The template reads the visibility store's port from POSTGRES_PORT/VISIBILITY_DB_PORT, not DB_PORT.
      VISIBILITY_DB_PORT: String(postgres.port),
      FRONTEND_GRPC_PORT: frontendPort,
      FRONTEND_HTTP_PORT: await port(),
      FRONTEND_MEMBERSHIP_PORT: await port(),
      HISTORY_GRPC_PORT: await port(),
      HISTORY_MEMBERSHIP_PORT: await port(),
      MATCHING_GRPC_PORT: await port(),
      MATCHING_MEMBERSHIP_PORT: await port(),
      WORKER_GRPC_PORT: await port(),
      WORKER_MEMBERSHIP_PORT: await port(),
      // The template's default, which compose keeps: shard count is fixed for a cluster's life.
      NUM_HISTORY_SHARDS: '4',
    };
    const cluster = new TemporalCluster(options, env, `127.0.0.1:${frontendPort}`);
    try {
      await cluster.up();
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get running(): Service[] {
    return SERVICES.filter((s) => this.processes.has(s));
  }

  /** Last lines a service printed (warnings and errors), for a failing test's message. */
  tail(service: Service): string {
    return (this.tails.get(service) ?? []).join('').slice(-3_000);
  }

  private spawnService(service: Service): void {
    const child = spawn(serverBinary('temporal-server'), ['start', '--service', service], {
      cwd: this.options.dir,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = this.logs.get(service);
    if (log === undefined) {
      log = createWriteStream(join(this.options.dir, `${service}.log`), { flags: 'a' });
      this.logs.set(service, log);
    }
    const tail = this.tails.get(service) ?? [];
    this.tails.set(service, tail);
    const keep = (chunk: Buffer): void => {
      log.write(chunk);
      tail.push(chunk.toString('utf8'));
      tail.splice(0, Math.max(0, tail.length - 50));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', () => {
      if (this.processes.get(service) === child) this.processes.delete(service);
    });
    this.processes.set(service, child);
  }

  /**
   * Starts whatever service is down, one after the other (on a new database, services started at
   * once race to write the cluster metadata and the losers exit), then waits (bounded) until the
   * cluster answers again.
   */
  async up(): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 120_000);
    for (const service of START_ORDER) {
      if (this.processes.has(service)) continue;
      this.spawnService(service);
      // The internal worker serves no port of its own.
      if (service !== 'worker') await this.listening(service, deadline);
    }
    await this.ready();
  }

  /** Until the service's gRPC port takes connections; fails if it exits or the deadline passes. */
  private async listening(service: Service, deadline: number): Promise<void> {
    const port = Number(this.env[`${service.toUpperCase()}_GRPC_PORT`]);
    for (;;) {
      if (!this.processes.has(service))
        throw new Error(`temporal ${service} service exited while starting:\n${this.tail(service)}`);
      const open = await new Promise<boolean>((done) => {
        const socket = connect({ host: '127.0.0.1', port }, () => {
          socket.end();
          done(true);
        });
        socket.once('error', () => done(false));
      });
      if (open) return;
      if (Date.now() > deadline) throw new Error(`temporal ${service} service not listening on ${port} within bound`);
      await delay(200);
    }
  }

  /** Starts one service (no-op if it runs) and waits until the cluster answers. */
  async start(service: Service): Promise<void> {
    if (!this.processes.has(service)) this.spawnService(service);
    await this.ready();
  }

  /** kill -9 of one service; resolves once the process is gone (10 s bound). */
  async kill(service: Service): Promise<void> {
    const child = this.processes.get(service);
    if (child === undefined) return;
    this.processes.delete(service);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await Promise.race([gone, delay(10_000)]);
  }

  /** The fault run's `server-kill`: kill -9 of history and matching at once, both started again after `downMs`. */
  async restart(downMs: number): Promise<string> {
    await Promise.all(KILLED_TOGETHER.map((service) => this.kill(service)));
    await delay(downMs);
    await this.up();
    this.restarts++;
    return `the ${KILLED_TOGETHER.join(' and ')} services`;
  }

  /** The frontend serves, history finds (no) workflow and matching describes a task queue. */
  private async ready(): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 120_000);
    let last: unknown;
    for (;;) {
      for (const service of SERVICES)
        if (!this.processes.has(service))
          throw new Error(`temporal ${service} service exited while starting:\n${this.tail(service)}`);
      try {
        this.connection ??= await Connection.connect({ address: this.address, connectTimeout: 5_000 });
        const connection = this.connection;
        const service = connection.workflowService;
        await connection.withDeadline(Date.now() + 5_000, () =>
          service
            .describeWorkflowExecution({ namespace: 'temporal-system', execution: { workflowId: 'readiness-probe' } })
            .then(
              () => undefined,
              (error: unknown) => {
                if (!answeredNotFound(error)) throw error;
              },
            ),
        );
        await connection.withDeadline(Date.now() + 5_000, () =>
          service.describeTaskQueue({
            namespace: 'temporal-system',
            taskQueue: { name: 'readiness-probe' },
            taskQueueType: 1, // workflow
          }),
        );
        return;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline)
        throw new Error(
          `Temporal cluster not answering within bound: ${String(last)}\n` +
            SERVICES.map((s) => `--- ${s}\n${this.tail(s)}`).join('\n'),
        );
      await delay(500);
    }
  }

  /** SIGTERM to every service (SIGKILL after 15 s), frontend first. */
  async stop(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    this.connection = undefined;
    for (const service of SERVICES) {
      const child = this.processes.get(service);
      this.processes.delete(service);
      if (child !== undefined) await stopChild(child, 15_000).catch(() => child.kill('SIGKILL'));
    }
    for (const log of this.logs.values()) log.end();
    this.logs.clear();
  }
}
