/**
 * The Python example (examples/python/) against the local stack: it starts, watches and stops a
 * recording through Temporal (the temporalio SDK, the same workflow type and the same payload
 * codec, whose format is first checked both ways against runtime/codec.ts) and through the HTTP
 * API. Python and its packages come from the project's own venv (scripts/provision-temporal.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Payload } from '@temporalio/common';
import { EncryptionCodec, encryptionKey } from '../../runtime/codec';
import { SCENARIOS } from '../../scripts/scenarios';
import { startTestStack, type TestStack } from '../support/stack';

const root = resolve(__dirname, '..', '..');
const exampleDir = join(root, 'examples', 'python');
const python = process.env['EXAMPLE_PYTHON'] || join(root, '.temporal', 'venv', 'bin', 'python');
const run = promisify(execFile);

/** Runs a Python snippet or script in examples/python; bounded, never a speed check. */
async function py(args: string[], input?: string): Promise<string> {
  const child = run(python, args, { cwd: exampleDir, timeout: 240_000, maxBuffer: 1 << 20 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  const { stdout } = await child.catch(
    (error: { stderr?: string; stdout?: string; code?: number | string; signal?: string; killed?: boolean }) => {
      const how = `exit ${String(error.code)}, signal ${String(error.signal)}${error.killed === true ? ' (killed)' : ''}`;
      throw new Error(
        `python ${args.slice(0, 2).join(' ')} failed (${how})\nstderr:\n${error.stderr ?? ''}\nstdout:\n${error.stdout ?? ''}`,
      );
    },
  );
  return stdout;
}

const KEY = Buffer.alloc(32, 9);
const b64 = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
const fromB64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'));
type WirePayload = { metadata: Record<string, string>; data: string };
const toWire = (p: Payload): WirePayload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
  data: b64(p.data ?? undefined),
});
const fromWire = (w: WirePayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(w.metadata).map(([k, v]) => [k, fromB64(v)])),
  data: fromB64(w.data),
});

const ROUND_TRIP = `
import asyncio, base64, json, sys
from temporalio.api.common.v1 import Payload
from codec import EncryptionCodec
wire = json.load(sys.stdin)
codec = EncryptionCodec(base64.b64decode(wire["key"]))
def payload(w): return Payload(metadata={k: base64.b64decode(v) for k, v in w["metadata"].items()}, data=base64.b64decode(w["data"]))
def out(p): return {"metadata": {k: base64.b64encode(v).decode() for k, v in p.metadata.items()}, "data": base64.b64encode(p.data).decode()}
opened = asyncio.run(codec.decode([payload(wire["sealed"])]))[0]
sealed = asyncio.run(codec.encode([opened]))[0]
print(json.dumps({"opened": out(opened), "sealed": out(sealed)}))
`;

test('the Python codec opens what runtime/codec.ts seals, and seals what it opens', async () => {
  const codec = new EncryptionCodec({ current: encryptionKey(KEY) });
  const plain: Payload = {
    metadata: { encoding: Buffer.from('json/plain'), messageType: Buffer.from('x') },
    data: Buffer.from(JSON.stringify({ UserSig: 'secret-sig', RoomId: 3560 })),
  };
  const [sealed] = await codec.encode([plain]);
  const answer = JSON.parse(
    await py(['-c', ROUND_TRIP], JSON.stringify({ key: KEY.toString('base64'), sealed: toWire(sealed!) })),
  ) as { opened: WirePayload; sealed: WirePayload };
  expect(answer.opened).toEqual(toWire(plain));
  const python = fromWire(answer.sealed);
  expect(Buffer.from(python.data ?? new Uint8Array()).includes(Buffer.from('secret-sig'))).toBe(false);
  const [back] = await codec.decode([python]);
  expect(toWire(back!)).toEqual(toWire(plain));
});

describe('on the local stack', () => {
  let t: TestStack;
  let dir: string;
  beforeAll(async () => {
    t = await startTestStack();
    dir = mkdtempSync(join(tmpdir(), 'python-example-'));
  }, 120_000);
  afterAll(async () => {
    await t?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** A trtc-web spec for the emulator (the example specs name real-looking accounts). */
  function specFile(recordId: string, seq: number): string {
    const spec = SCENARIOS['trtc-web'].spec(recordId, seq, Date.now(), { collectTimeoutMs: 30_000 });
    const file = join(dir, `${recordId}.json`);
    writeFileSync(file, JSON.stringify(spec));
    return file;
  }

  const outcomeOf = (stdout: string): Record<string, unknown> =>
    JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;

  test('through Temporal: start (twice, one workflow), watch, stop, result', async () => {
    const { temporal, payloadKeys } = t.stack.config;
    const recordId = `py-temporal-${Date.now().toString(36)}`;
    const stdout = await py([
      'demo.py',
      'temporal',
      '--address',
      t.stack.temporal.address,
      '--namespace',
      temporal.namespace,
      '--task-queue',
      temporal.taskQueue,
      '--activity-queue-prefix',
      temporal.activityQueuePrefix,
      '--key-base64',
      payloadKeys.current.key.reveal().toString('base64'),
      '--key-id',
      payloadKeys.current.id,
      '--spec',
      specFile(recordId, 61),
      '--record-id',
      recordId,
    ]);
    const outcome = outcomeOf(stdout);
    expect(outcome).toMatchObject({
      via: 'temporal',
      recordId,
      started: { sameRunOnRepeat: true },
      // The stop update answers once the task is stopped; files may still be collecting.
      stopped: { state: expect.stringMatching(/^(Stopping|Completed)$/) as string },
      state: 'Completed',
      endReason: 'stopped-by-request',
    });
    // The TypeScript library reads the recording Python started: same workflow, same codec.
    const result = await t.stack.client.recordings.result(recordId);
    expect(result).toMatchObject({ state: 'Completed', taskId: outcome['taskId'] });
    expect(t.emulator.control.runningTasks()).toEqual([]);
  }, 300_000);

  test('through the HTTP API: start, watch, stop with wait, result', async () => {
    const recordId = `py-http-${Date.now().toString(36)}`;
    // The API under /v1 with the stack's write token (printed by `npm start` the same way).
    const stdout = await py([
      'demo.py',
      'http',
      '--base-url',
      t.stack.gateway.url,
      '--base-path',
      '/v1',
      '--token',
      t.stack.gateway.localToken ?? '',
      '--spec',
      specFile(recordId, 62),
      '--record-id',
      recordId,
    ]);
    expect(outcomeOf(stdout)).toMatchObject({
      via: 'http',
      recordId,
      started: { recordId },
      stopped: { state: expect.stringMatching(/^(Stopping|Completed)$/) as string },
      state: 'Completed',
      endReason: 'stopped-by-request',
    });
    expect(t.emulator.control.runningTasks()).toEqual([]);
  }, 300_000);
});
