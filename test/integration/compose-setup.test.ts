/**
 * docker/temporal/setup-namespace.sh, run with the provisioned Temporal CLI against a dev
 * server: it creates the namespace and the recording search attributes, and a second run
 * (every `docker compose up`) changes nothing and still succeeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { type DevServer, resolveTemporalCli, startDevServer } from '../../worker/dev-server';
import { missingSearchAttributes } from '../../worker/search-attribute-registry';
import { RECORDING_SEARCH_ATTRIBUTES } from '../../worker/search-attributes';
import { setUpNamespace, toolFolder } from '../support/compose-scripts';

const root = resolve(__dirname, '..', '..');
let dir: string;
let bin: string;
let server: DevServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'compose-setup-'));
  const cliPath = resolveTemporalCli(undefined, root);
  bin = toolFolder(dir, { temporal: cliPath });
  server = await startDevServer({
    cliPath,
    dbFile: join(dir, 't.sqlite'),
    searchAttributes: [],
    startTimeoutMs: 60_000,
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function setup(namespace: string) {
  return setUpNamespace({ bin, address: server.address, namespace, retention: '1d' });
}

test('creates the namespace and the attributes, and is idempotent', async () => {
  const namespace = 'recordings-prod';
  const first = await setup(namespace);
  expect(first.stdout).toContain(`namespace ${namespace} ready for recordings`);
  const second = await setup(namespace);
  expect(second.stdout).toContain(`namespace ${namespace} ready for recordings`);
  const connection = await Connection.connect({ address: server.address });
  try {
    await expect(missingSearchAttributes(connection, namespace, RECORDING_SEARCH_ATTRIBUTES)).resolves.toEqual({
      missing: [],
      wrongType: [],
    });
  } finally {
    await connection.close();
  }
}, 300_000);
