/**
 * The one-shot set-up scripts of docker-compose.yml (docker/temporal/*.sh), run here as compose
 * runs them in temporalio/admin-tools: `sh script` with the tools on PATH and the settings in the
 * environment, nothing else. The tests that run them prove the compose path itself.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const projectRoot = resolve(__dirname, '..', '..');
const run = promisify(execFile);

/** A folder holding `temporal` (and any other tool) under the names the admin-tools image gives them. */
export function toolFolder(dir: string, tools: Readonly<Record<string, string>>): string {
  const bin = join(dir, 'compose-tools');
  mkdirSync(bin, { recursive: true });
  for (const [name, path] of Object.entries(tools)) symlinkSync(path, join(bin, name));
  return bin;
}

async function runScript(
  script: 'setup-namespace.sh' | 'setup-postgres.sh',
  pathDirs: readonly string[],
  env: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<{ stdout: string; stderr: string }> {
  return run('sh', [join(projectRoot, 'docker/temporal', script)], {
    env: { PATH: [...pathDirs, '/usr/bin', '/bin'].join(':'), ...env },
    timeout: timeoutMs,
  });
}

export interface NamespaceSetup {
  /** Folder with the `temporal` CLI (toolFolder). */
  readonly bin: string;
  readonly address: string;
  readonly namespace: string;
  readonly retention: string;
}

/** docker/temporal/setup-namespace.sh: the namespace and the recording search attributes (150 s bound). */
export function setUpNamespace(setup: NamespaceSetup): Promise<{ stdout: string; stderr: string }> {
  return runScript(
    'setup-namespace.sh',
    [setup.bin],
    { TEMPORAL_ADDRESS: setup.address, TEMPORAL_NAMESPACE: setup.namespace, NAMESPACE_RETENTION: setup.retention },
    150_000,
  );
}

export interface PostgresSetup {
  /** Folder with `temporal-sql-tool`. */
  readonly bin: string;
  /** `schema/postgresql/v12` of the same server version. */
  readonly schemaRoot: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

/** docker/temporal/setup-postgres.sh: both databases and schemas (180 s bound). */
export function setUpPostgres(setup: PostgresSetup): Promise<{ stdout: string; stderr: string }> {
  return runScript(
    'setup-postgres.sh',
    [setup.bin],
    {
      SQL_HOST: setup.host,
      SQL_PORT: String(setup.port),
      SQL_USER: setup.user,
      SQL_PASSWORD: setup.password,
      SCHEMA_ROOT: setup.schemaRoot,
    },
    180_000,
  );
}
