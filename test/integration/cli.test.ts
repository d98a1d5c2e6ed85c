/**
 * The CLI as a person or a script runs it: each command a real process (`tsx client/cli.ts`, what
 * `npm run cli --` runs) against the local stack (dev server, emulator, workers). Checks --help on
 * every command, tables and --json, exit codes (usage, rejected, not found, unreachable naming the
 * address), specs from YAML, watch following a recording until it ends, and the schedule commands.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { SCENARIOS } from '../../scripts/scenarios';
import { runProcess, startProcess, type ProcessResult } from '../support/process';
import { startTestStack, TEST_PAYLOAD_KEY, type TestStack } from '../support/stack';
import { until } from '../support/wait';

jest.setTimeout(240_000);

const root = resolve(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cliPath = join(root, 'client', 'cli.ts');

let t: TestStack;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  t = await startTestStack();
  dir = mkdtempSync(join(tmpdir(), 'recordings-cli-'));
  env = {
    TEMPORAL_ADDRESS: t.stack.temporal.address,
    PAYLOAD_ENCRYPTION_KEY: TEST_PAYLOAD_KEY,
    DATA_DIR: dir,
  };
}, 180_000);

afterAll(async () => {
  await t?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}, 60_000);

function cli(...args: string[]): Promise<ProcessResult> {
  return runProcess(tsx, [cliPath, ...args], { cwd: root, env });
}

function jsonOf(result: ProcessResult): Record<string, unknown> {
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

let seq = 40;
/** A trtc-cloud recording spec (emulator room with an anchor publishing), written as a YAML file. */
function specFile(recordId: string): string {
  seq += 1;
  const scenario = SCENARIOS['trtc-cloud'];
  scenario.setUp(t.emulator.control, seq);
  const path = join(dir, `${recordId}.yaml`);
  writeFileSync(path, toYaml(scenario.spec(recordId, seq, Date.now())));
  return path;
}

const COMMANDS = [
  [],
  ['start'],
  ['stop'],
  ['pause'],
  ['resume'],
  ['modify'],
  ['extend'],
  ['status'],
  ['result'],
  ['list'],
  ['watch'],
  ['schedule'],
  ['schedule', 'create'],
  ['schedule', 'list'],
  ['schedule', 'pause'],
  ['schedule', 'unpause'],
  ['schedule', 'delete'],
];

test('--help on every command prints its usage and exits 0', async () => {
  const results: [string[], ProcessResult][] = [];
  // Four at a time: a handful of processes, not seventeen at once on two cores.
  for (let i = 0; i < COMMANDS.length; i += 4)
    results.push(
      ...(await Promise.all(
        COMMANDS.slice(i, i + 4).map(
          async (words) => [words, await cli(...words, '--help')] as [string[], ProcessResult],
        ),
      )),
    );
  for (const [words, result] of results) {
    expect({ words, code: result.code }).toEqual({ words, code: 0 });
    expect(result.stdout).toContain(`Usage: recordings${words.length === 0 ? '' : ` ${words.join(' ')}`}`);
  }
  expect(results[0]?.[1].stdout).toContain('Exit status:');
});

test('a recording from a YAML spec: start, status, extend, modify, watch until stop ends it, result, list', async () => {
  const recordId = `cli-life-${Date.now().toString(36)}`;
  const spec = specFile(recordId);

  const started = await cli('start', '--spec-file', spec);
  expect({ code: started.code, stderr: started.stderr }).toEqual({ code: 0, stderr: '' });
  expect(started.stdout).toBe(`started ${recordId} (workflow recording:${recordId})\n`);
  // The same recordId again is the same recording (idempotent, said so), here as JSON for a script.
  expect(jsonOf(await cli('start', '--spec-file', spec, '--json'))).toEqual({
    recordId,
    workflowId: `recording:${recordId}`,
    existing: true,
  });

  await until(
    'the recording Recording in `status --json`',
    () => cli('status', recordId, '--json').then(jsonOf),
    (status) => status['state'] === 'Recording',
  );
  const table = await cli('status', recordId);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(new RegExp(`^recordId +${recordId}$`, 'm'));
  expect(table.stdout).toMatch(/^state +Recording$/m);
  expect(table.stdout).toMatch(/^product +trtc-cloud$/m);

  const extended = await cli('extend', recordId, '--max-duration', '2h', '--json');
  expect(jsonOf(extended)['maxDurationMs']).toBe(7_200_000);
  const modified = await cli(
    'modify',
    recordId,
    '--changes',
    JSON.stringify({ MixLayoutParams: { MixLayoutMode: 1 } }),
  );
  expect({ code: modified.code, stderr: modified.stderr }).toEqual({ code: 0, stderr: '' });
  expect(modified.stdout).toMatch(/^MixLayoutParams +\{"MixLayoutMode":1\}$/m);

  // Pause is a tiw-online operation: refused by the recording, exit 3.
  const paused = await cli('pause', recordId);
  expect(paused.code).toBe(3);
  expect(paused.stderr).toMatch(/^rejected: pause rejected: /);

  // Two watchers (a pipe, so one line per change; and NDJSON), then a stop ends the recording.
  const watch = startProcess(tsx, [cliPath, 'watch', recordId, '--interval', '500ms'], { cwd: root, env });
  const watchJson = startProcess(tsx, [cliPath, 'watch', recordId, '--json'], { cwd: root, env });
  await until(
    'both watches showing Recording',
    () => Promise.resolve(watch.stdout() + '|' + watchJson.stdout()),
    () => watch.stdout().includes('Recording') && watchJson.stdout().includes('"Recording"'),
  );
  expect(jsonOf(await cli('stop', recordId, '--by', 'cli-test', '--json'))).toEqual({ accepted: true });

  const watched = await watch.done;
  expect({ code: watched.code, stderr: watched.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = watched.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^${recordId}  (Starting|Recording)  elapsed \\S+  files \\d+`));
  expect(lines.at(-1)).toMatch(/^ended: Completed \(stopped-by-request\), \d+ files?$/);
  // One line per change: never the same state and file count twice in a row.
  const keys = lines.slice(0, -1).map((line) => line.replace(/ elapsed \S+/, ''));
  expect(keys.filter((key, i) => key === keys[i - 1])).toEqual([]);
  const watchedJson = await watchJson.done;
  expect(watchedJson.code).toBe(0);
  const states = watchedJson.stdout
    .trimEnd()
    .split('\n')
    .map((line) => (JSON.parse(line) as { state: string }).state);
  expect(states.at(-1)).toBe('Completed');

  const result = jsonOf(await cli('result', recordId, '--json'));
  expect(result['finished']).toBe(true);
  const final = result['result'] as { state: string; endReason: string; files: { name: string }[] };
  expect({ state: final.state, endReason: final.endReason }).toEqual({
    state: 'Completed',
    endReason: 'stopped-by-request',
  });
  const human = await cli('result', recordId);
  expect(human.stdout).toMatch(/^endReason +stopped-by-request$/m);
  expect(human.stdout).toMatch(/^FILE +URL +SIZE +DURATION$/m);
  for (const file of final.files) expect(human.stdout).toContain(file.name);

  // Stopping an ended recording is a no-op; its workflow shows in the list once visibility has it.
  expect((await cli('stop', recordId)).code).toBe(0);
  const listed = await until(
    'the recording in `list`',
    () => cli('list', '--product', 'trtc-cloud', '--json').then(jsonOf),
    (answer) => (answer['recordings'] as { recordId: string; state?: string }[]).some((r) => r.recordId === recordId),
  );
  expect((listed['recordings'] as { recordId: string }[]).some((r) => r.recordId === recordId)).toBe(true);
  const listTable = await cli('list', '--product', 'trtc-cloud');
  expect(listTable.stdout).toMatch(/^RECORD ID +PRODUCT +STATE +RUN +STARTED +CLOSED$/m);
  expect(listTable.stdout).toMatch(new RegExp(`^${recordId} +trtc-cloud `, 'm'));
});

test('exit codes: usage 2 naming the flag, not found 4, and nothing sent for bad input', async () => {
  const badParams = await cli(
    'start',
    '--record-id',
    'cli-bad',
    '--product',
    'trtc-cloud',
    '--params',
    '{"SdkAppId":0}',
  );
  expect(badParams.code).toBe(2);
  expect(badParams.stderr).toMatch(/^--params: SdkAppId: /m);
  expect(badParams.stdout).toBe('');
  const unknownFlag = await cli('status', 'x', '--colour', 'red');
  expect(unknownFlag.code).toBe(2);
  expect(unknownFlag.stderr).toContain("unknown option '--colour'");
  const noSuch = await cli('status', 'cli-no-such-recording');
  expect(noSuch.code).toBe(4);
  expect(noSuch.stderr).toBe('not found: no recording with id cli-no-such-recording\n');
  expect((await cli('stop', 'cli-no-such-recording')).code).toBe(4);
  const noSuchJson = await cli('status', 'cli-no-such-recording', '--json');
  expect({ code: noSuchJson.code, stderr: JSON.parse(noSuchJson.stderr) as unknown }).toEqual({
    code: 4,
    stderr: {
      error: { kind: 'notFound', exitCode: 4, messages: ['not found: no recording with id cli-no-such-recording'] },
    },
  });
  expect((await cli('schedule', 'delete', 'cli-no-such-schedule')).code).toBe(4);
});

test('unreachable: a closed port exits 5 at the connect deadline, naming the address', async () => {
  // A port that was free a moment ago and now has no listener.
  const port = await new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => done(free));
    });
  });
  const startedAt = Date.now();
  const result = await cli('status', 'anything', '--address', `127.0.0.1:${port}`);
  const tookMs = Date.now() - startedAt;
  expect(result.code).toBe(5);
  expect(result.stderr).toBe(
    `unreachable: cannot reach Temporal at 127.0.0.1:${port} within 5 s: Failed to connect before the deadline\n`,
  );
  // The deadline (5 s) is what ended it, not the SDK's retries (27 s before); the bound is generous for a loaded machine.
  expect(tookMs).toBeLessThan(25_000);
});

test('schedule create, list, pause, unpause, delete; a second create is rejected', async () => {
  const scheduleId = `cli-sched-${Date.now().toString(36)}`;
  const { recordId: _unused, ...template } = SCENARIOS['trtc-cloud'].spec('unused', 90, Date.now());
  void _unused;
  const recordingFile = join(dir, `${scheduleId}.json`);
  writeFileSync(recordingFile, JSON.stringify(template));
  const create = ['schedule', 'create', scheduleId, '--every', '1h', '--paused', '--recording-file', recordingFile];
  const created = await cli(...create, '--note', 'from the cli test');
  expect({ code: created.code, stderr: created.stderr, stdout: created.stdout }).toEqual({
    code: 0,
    stderr: '',
    stdout: `created schedule ${scheduleId}\n`,
  });
  const again = await cli(...create);
  expect(again.code).toBe(3);
  expect(again.stderr).toContain(`a schedule with id ${scheduleId} already exists`);

  const listedPaused = await until(
    'the schedule in `schedule list`',
    () => cli('schedule', 'list', '--json').then(jsonOf),
    (answer) => (answer['schedules'] as { scheduleId: string }[]).some((s) => s.scheduleId === scheduleId),
  );
  expect(
    (listedPaused['schedules'] as { scheduleId: string; paused: boolean }[]).find((s) => s.scheduleId === scheduleId)
      ?.paused,
  ).toBe(true);
  const table = await cli('schedule', 'list');
  expect(table.stdout).toMatch(new RegExp(`^${scheduleId} +yes `, 'm'));

  expect((await cli('schedule', 'unpause', scheduleId, '--note', 'go')).stdout).toBe(
    `unpaused schedule ${scheduleId}\n`,
  );
  expect(jsonOf(await cli('schedule', 'pause', scheduleId, '--json'))).toEqual({ scheduleId, paused: true });
  expect((await cli('schedule', 'delete', scheduleId)).stdout).toBe(`deleted schedule ${scheduleId}\n`);
  expect((await cli('schedule', 'delete', scheduleId)).code).toBe(4);

  const badCron = await cli(
    'schedule',
    'create',
    `${scheduleId}-bad`,
    '--cron',
    'now',
    '--recording-file',
    recordingFile,
  );
  expect(badCron.code).toBe(2);
  expect(badCron.stderr).toMatch(/^--cron: /m);
});
