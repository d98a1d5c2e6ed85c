/**
 * A throw-away PostgreSQL server for `npm run test:production`: a fresh data directory in a
 * temporary folder, password login (SCRAM) as compose's POSTGRES_USER, TCP on 127.0.0.1 only,
 * its socket inside the folder. PostgreSQL refuses to run as root, so as root (CI) it runs as
 * the `postgres` user (or `nobody`). Every wait is bounded; stop removes the folder.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort, waitFor } from '../../worker/process-tools';

const run = promisify(execFile);

/** PG_BIN, else the newest /usr/lib/postgresql/<major>/bin (Debian's layout). */
export function postgresBinaries(): string {
  const explicit = process.env['PG_BIN'];
  const candidates =
    explicit !== undefined && explicit !== ''
      ? [explicit]
      : existsSync('/usr/lib/postgresql')
        ? readdirSync('/usr/lib/postgresql')
            .filter((major) => /^\d+$/.test(major))
            .sort((a, b) => Number(b) - Number(a))
            .map((major) => `/usr/lib/postgresql/${major}/bin`)
        : [];
  const found = candidates.find((dir) => ['initdb', 'postgres', 'pg_isready'].every((t) => existsSync(join(dir, t))));
  if (found === undefined)
    throw new Error(
      `PostgreSQL server binaries (initdb, postgres, pg_isready) not found in ${candidates.join(', ') || '/usr/lib/postgresql/*/bin'}: apt-get install postgresql-15, or set PG_BIN`,
    );
  return found;
}

/** uid/gid to run PostgreSQL as: none when not root, else `postgres` or `nobody` from /etc/passwd. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const entries = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'));
  for (const name of ['postgres', 'nobody']) {
    const entry = entries.find((e) => e[0] === name);
    if (entry !== undefined) return { uid: Number(entry[2]), gid: Number(entry[3]) };
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run PostgreSQL as');
}

export interface RunningPostgres {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** SIGINT (fast shutdown), SIGKILL after 15 s; then the folder is removed. */
  stop(): Promise<void>;
}

export interface PostgresOptions {
  readonly user: string;
  readonly password: string;
  /** Bound on initdb plus start (default 120 s). */
  readonly startTimeoutMs?: number;
}

export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const bin = postgresBinaries();
  const owner = unprivilegedUser();
  const dir = mkdtempSync(join(tmpdir(), 'recording-pg-'));
  const data = join(dir, 'data');
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${options.password}\n`, { mode: 0o600 });
  if (owner !== undefined) for (const path of [dir, passwordFile]) chownSync(path, owner.uid, owner.gid);
  const asOwner = owner ?? {};
  const timeoutMs = options.startTimeoutMs ?? 120_000;
  let child: ChildProcess | undefined;
  const output: string[] = [];
  try {
    await run(
      join(bin, 'initdb'),
      ['-D', data, '-U', options.user, '--auth=scram-sha-256', `--pwfile=${passwordFile}`, '-E', 'UTF8', '--locale=C'],
      { ...asOwner, timeout: timeoutMs },
    );
    const port = await freePort();
    // fsync off: a test database that is never recovered from a crash (PostgreSQL itself is not killed).
    // Four Temporal services open up to 30 connections each.
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'];
    args.push('-c', 'fsync=off', '-c', 'max_connections=300');
    const started = spawn(join(bin, 'postgres'), args, { ...asOwner, stdio: ['ignore', 'pipe', 'pipe'] });
    child = started;
    const keep = (chunk: Buffer): void => {
      output.push(chunk.toString('utf8'));
      output.splice(0, Math.max(0, output.length - 100));
    };
    started.stdout?.on('data', keep);
    started.stderr?.on('data', keep);
    await waitFor(started, timeoutMs, () =>
      run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', options.user], {
        timeout: 5_000,
      }).then(
        () => true,
        () => false,
      ),
    );
    const stop = async (): Promise<void> => {
      try {
        if (started.exitCode === null && started.signalCode === null) {
          const gone = once(started, 'exit');
          started.kill('SIGINT');
          const killer = setTimeout(() => started.kill('SIGKILL'), 15_000);
          await gone.finally(() => clearTimeout(killer));
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    return { host: '127.0.0.1', port, user: options.user, password: options.password, stop };
  } catch (error) {
    child?.kill('SIGKILL');
    await delay(200);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${String(error)}\n${output.join('').slice(-2_000)}`);
  }
}
