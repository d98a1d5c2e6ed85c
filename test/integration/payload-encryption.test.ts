/**
 * Invariant 5 against a real server: with the project's data converter, no secret from a
 * workflow's input, activity input, result or failure appears in fetchHistory(); the same
 * run without it does show them, so the check can fail.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { type DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH, dataConverter, encryptionKey } from '../../runtime/codec';
import { type DevServer, resolveTemporalCli, startDevServer } from '../../worker/dev-server';
import * as activities from './fixtures/secret-activities';
import { carriesSecrets, type SecretInput } from './fixtures/secret-workflow';

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

let dir: string;
let server: DevServer;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'payload-encryption-'));
  [server, bundle] = await Promise.all([
    startDevServer({
      cliPath: resolveTemporalCli(undefined, resolve(__dirname, '..', '..')),
      dbFile: join(dir, 'temporal.sqlite'),
      startTimeoutMs: 60_000,
    }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/secret-workflow'),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: quiet,
    }),
  ]);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * History as text with every byte field also spelled out byte for byte (latin1), so any
 * plaintext shows: fetchHistory() gives bytes as base64 strings (or Uint8Array).
 */
function historyText(events: unknown): string {
  return JSON.stringify(events, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
    if (typeof value === 'string' && value.length % 4 === 0 && /^[A-Za-z0-9+/]+=*$/.test(value)) {
      return `${value} ${Buffer.from(value, 'base64').toString('latin1')}`;
    }
    return value;
  });
}

async function runOnce(
  converter: DataConverter | undefined,
): Promise<{ result: string; history: string; input: SecretInput }> {
  const input: SecretInput = {
    recordId: `rec-${randomUUID()}`,
    userSig: `UserSig-${randomUUID()}`,
    storageSecretKey: `SecretKey-${randomUUID()}`,
  };
  const taskQueue = `secrets-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  try {
    const worker = await Worker.create({
      connection: nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
      dataConverter: converter,
    });
    const client = new Client({ connection, dataConverter: converter });
    const handle = await client.workflow.start(carriesSecrets, {
      taskQueue,
      workflowId: input.recordId,
      args: [input],
    });
    const result = await worker.runUntil(handle.result());
    const history = historyText((await handle.fetchHistory()).events);
    return { result, history, input };
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}

test('with the project data converter, history holds no secret in plain text', async () => {
  const keys = { current: encryptionKey(Buffer.alloc(32, 0x5a)) };
  const { result, history, input } = await runOnce(dataConverter(keys));
  // The caller still sees everything, decoded: the secret went through and came back.
  expect(result).toBe(
    `signed ${input.recordId} with ${input.userSig}|failed:provider rejected UserSig ${input.userSig}`,
  );
  expect(history).toContain('binary/encrypted');
  for (const secret of [input.userSig, input.storageSecretKey]) {
    expect(history).not.toContain(secret);
    expect(history).not.toContain(Buffer.from(secret).toString('base64').slice(0, 24));
  }
  expect(history).not.toContain('provider rejected');
});

test('control: the same run without the converter does show the secrets', async () => {
  const { history, input } = await runOnce(undefined);
  expect(history).toContain(input.userSig);
  expect(history).toContain(input.storageSecretKey);
});
