/**
 * The local dev server: provisioned binary, loopback only, search attributes registered,
 * state kept in its SQLite file across a restart, and a bounded, clean stop.
 */
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type DevServer, resolveTemporalCli, startDevServer } from '../../worker/dev-server';
import { freePort } from '../../worker/process-tools';
import { missingSearchAttributes } from '../../worker/search-attribute-registry';
import { RECORDING_SEARCH_ATTRIBUTES, RecordIdKey, RecordingProductKey } from '../../worker/search-attributes';

const cliPath = resolveTemporalCli(undefined, resolve(__dirname, '..', '..'));
let dir: string;
let server: DevServer | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-server-'));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function withClient<T>(
  address: string,
  body: (client: Client, connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await body(new Client({ connection }), connection);
  } finally {
    await connection.close();
  }
}

function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (answer: boolean) => {
      socket.destroy();
      done(answer);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.setTimeout(1_000, () => finish(false));
  });
}

/** Local addresses of every TCP socket the process listens on, read from /proc (no traffic sent). */
function listeningAddresses(pid: number): string[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      const target = safeReadlink(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target ?? '');
      return match?.[1] === undefined ? [] : [match[1]];
    }),
  );
  return ['tcp', 'tcp6'].flatMap((table) =>
    readFileSync(`/proc/net/${table}`, 'utf8')
      .split('\n')
      .slice(1)
      .map((row) => row.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && inodes.has(cols[9] ?? ''))
      .map((cols) => (cols[1] ?? '').split(':')[0] ?? ''),
  );
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined; // the fd closed between readdir and readlink
  }
}

test('starts on a free port, keeps workflows across a restart, and registers search attributes a reused file lacks', async () => {
  const dbFile = join(dir, 'nested', 'temporal.sqlite');
  const port = await freePort();
  // First start with two attributes only; the restart asks for all five (a later release adding some).
  const firstAttributes = [RecordIdKey, RecordingProductKey];
  server = await startDevServer({
    cliPath,
    dbFile,
    port,
    searchAttributes: firstAttributes,
    logFile: join(dir, 'server.log'),
    startTimeoutMs: 60_000,
  });
  expect(server.address).toBe(`127.0.0.1:${port}`);
  expect(server.uiUrl).toBeUndefined();
  const bound = listeningAddresses(server.pid);
  expect(bound.length).toBeGreaterThan(0);
  expect(new Set(bound)).toEqual(new Set(['0100007F'])); // 127.0.0.1, little-endian hex in /proc

  const workflowId = `persisted-${Date.now()}`;
  await withClient(server.address, async (client, connection) => {
    const described = await connection.workflowService.describeNamespace({ namespace: 'default' });
    expect(described.namespaceInfo?.name).toBe('default');
    const before = await missingSearchAttributes(connection, 'default', RECORDING_SEARCH_ATTRIBUTES);
    expect(before.missing.map((key) => key.name).sort()).toEqual([
      'RecordingAdmission',
      'RecordingKeys',
      'RecordingLiveTasks',
      'RecordingRoom',
      'RecordingState',
    ]);
    // No worker polls this queue: the workflow simply stays open, which is all we need to persist.
    await client.workflow.start('notRegistered', {
      taskQueue: 'nobody-polls',
      workflowId,
      typedSearchAttributes: [
        { key: RecordIdKey, value: 'rec-42' },
        { key: RecordingProductKey, value: 'trtc-cloud' },
      ],
    });
  });

  const firstPid = server.pid;
  await server.stop();
  expect(await portAnswers('127.0.0.1', port)).toBe(false);
  await expect(server.stop()).resolves.toBeUndefined(); // stopping twice is harmless

  const uiPort = await freePort();
  server = await startDevServer({ cliPath, dbFile, port, uiPort, startTimeoutMs: 60_000 });
  expect(server.pid).not.toBe(firstPid);
  expect(server.uiUrl).toBe(`http://127.0.0.1:${uiPort}`);
  expect(await portAnswers('127.0.0.1', uiPort)).toBe(true);
  expect(new Set(listeningAddresses(server.pid))).toEqual(new Set(['0100007F'])); // the UI too
  await withClient(server.address, async (client, connection) => {
    await expect(missingSearchAttributes(connection, 'default', RECORDING_SEARCH_ATTRIBUTES)).resolves.toEqual({
      missing: [],
      wrongType: [],
    });
    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    const listed: string[] = [];
    for await (const execution of client.workflow.list({
      query: `RecordId = "rec-42" AND RecordingProduct = "trtc-cloud"`,
    })) {
      listed.push(execution.workflowId);
    }
    expect(listed).toEqual([workflowId]);
  });
  await server.stop();
  server = undefined;
});

test('fails clearly when the binary is missing', async () => {
  expect(() => resolveTemporalCli(join(dir, 'no-such-temporal'), dir)).toThrow(
    /Temporal CLI not found at .*no-such-temporal: run "npm run provision" or set TEMPORAL_CLI_PATH/,
  );
  await expect(
    startDevServer({ cliPath: join(dir, 'no-such-temporal'), dbFile: join(dir, 'x.sqlite'), startTimeoutMs: 5_000 }),
  ).rejects.toThrow(/Temporal dev server did not start on 127\.0\.0\.1:\d+: .*ENOENT/);
});
