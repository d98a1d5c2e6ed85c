/**
 * API conformance: schemathesis (pinned, installed into .temporal/venv by
 * scripts/provision-schemathesis.mjs) generates requests from /v1/openapi.json against the live
 * gateway (dev server, emulator, worker) and checks that no answer is a server error and that
 * every answer's status, content type and body match the document. Bounded: a few examples per
 * operation, a time budget, a hard timeout on the process.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SCENARIOS } from '../../scripts/scenarios';
import { startTestStack, type TestStack } from '../support/stack';

jest.setTimeout(400_000);

const SCHEMATHESIS = resolve(__dirname, '..', '..', '.temporal', 'venv', 'bin', 'schemathesis');

let t: TestStack;

beforeAll(async () => {
  t = await startTestStack();
});

afterAll(async () => {
  await t?.stop();
});

function run(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      SCHEMATHESIS,
      [...args],
      { timeout: 300_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        done({ code, output: `${stdout}\n${stderr}` });
      },
    );
  });
}

test('schemathesis finds no server error and no answer off its schema', async () => {
  expect(existsSync(SCHEMATHESIS)).toBe(true); // npm install provisions it (scripts/provision-schemathesis.mjs)
  const { url, localToken } = t.stack.gateway;
  // One real recording, so the status, stop and result routes answer 200 as well as 404.
  const recordId = `conformance-${Date.now().toString(36)}`;
  const started = await fetch(`${url}/v1/recordings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${localToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(SCENARIOS['trtc-cloud'].spec(recordId, 71, Date.now())),
  });
  expect(started.status).toBe(202);
  const { code, output } = await run([
    'run',
    `${url}/v1/openapi.json`,
    '--url',
    url,
    '--header',
    `Authorization: Bearer ${localToken}`,
    '--checks',
    'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance',
    '--max-examples',
    '10',
    '--max-time',
    '120',
    '--request-timeout',
    '20',
    '--workers',
    '1',
    '--seed',
    '20261202',
  ]);
  if (code !== 0) throw new Error(`schemathesis failed (exit ${code}):\n${output.slice(-20_000)}`);
  expect(output).toMatch(/\d+ generated, \d+ passed/);
  expect(output).not.toMatch(/\d+ failed/);
});
