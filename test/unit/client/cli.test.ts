// The CLI without a server: parsing (every mistake names the flag), error reporting, rendering and watch.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from '../../../client/package-version';
import { CliUsageError, parseCommandLine, type ParsedCommandLine } from '../../../client/cli/args';
import { EXIT } from '../../../client/cli/exit-codes';
import { formatElapsed, instantOf, progressLine, recordingView, table } from '../../../client/cli/render';
import { classifyError, describeInputError, precheck, runCommand } from '../../../client/cli/run';
import { watchRecording } from '../../../client/cli/watch';
import { createRecordingsClient, type RecordingsClient } from '../../../client/recordings/client';
import {
  RecordingInputError,
  RecordingNotFoundError,
  RecordingOperationRejected,
  TemporalUnreachableError,
} from '../../../client/recordings/errors';
import { VALID_PARAMS, withField } from '../recorders/fixtures';
import { stubTemporal } from './stub-temporal';

const files: Record<string, string> = {
  'params.json': JSON.stringify(VALID_PARAMS['trtc-cloud']),
  'params.yaml': 'SdkAppId: 1400188366\nRoomId: "3560"\nUserSig: usersig-secret-value\n',
  'bad-params.json': JSON.stringify(withField(VALID_PARAMS['trtc-cloud'], ['RecordParams', 'MaxIdleTime'], 3)),
  'spec.json': JSON.stringify({
    recordId: 'from-file',
    product: 'css-live',
    params: VALID_PARAMS['css-live'],
    colour: 'red',
  }),
  'spec.yml': 'recordId: from-yaml\nproduct: css-live\nparams:\n  StreamName: livetest\n',
  'schedule.yaml': 'scheduleId: daily\nspec:\n  cron: "0 9 * * *"\nrecording:\n  product: css-live\n',
  'broken.json': '{',
  'broken.yaml': 'a: [1,\n',
};
const read = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT');
  return text;
};

function parse(argv: string[]): ParsedCommandLine & { out: string; err: string } {
  let out = '';
  let err = '';
  const parsed = parseCommandLine(argv, {
    read,
    out: (text) => void (out += text),
    err: (text) => void (err += text),
  });
  return { ...parsed, out, err };
}

function command(argv: string[]) {
  const parsed = parse(argv);
  if (parsed.kind !== 'run') throw new Error(`expected a command for ${argv.join(' ')}: ${parsed.err}`);
  return parsed.command;
}

function usageError(argv: string[]): CliUsageError {
  try {
    parse(argv);
  } catch (error) {
    if (error instanceof CliUsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCommandLine', () => {
  it('builds a start spec from flags, durations in ms', () => {
    expect(
      command([
        'start',
        '--record-id',
        'r1',
        '--product',
        'trtc-cloud',
        '--params-file',
        'params.json',
        '--max-duration',
        '90m',
        '--end-at',
        '2030-01-01T00:00:00Z',
      ]),
    ).toEqual({
      name: 'start',
      fromFile: false,
      paramsFlag: '--params-file',
      spec: {
        recordId: 'r1',
        product: 'trtc-cloud',
        params: VALID_PARAMS['trtc-cloud'],
        maxDurationMs: 5_400_000,
        endAt: '2030-01-01T00:00:00Z',
      },
    });
  });

  it('reads specs and parameters from YAML files too', () => {
    expect(command(['start', '-f', 'spec.yml', '--params-file', 'params.yaml'])).toEqual({
      name: 'start',
      fromFile: true,
      paramsFlag: '--params-file',
      spec: {
        recordId: 'from-yaml',
        product: 'css-live',
        params: { SdkAppId: 1400188366, RoomId: '3560', UserSig: 'usersig-secret-value' },
      },
    });
    expect(command(['schedule', 'create', '-f', 'schedule.yaml', '--every', '1h', '--paused'])).toEqual({
      name: 'schedule-create',
      fromFile: true,
      input: {
        scheduleId: 'daily',
        spec: { cron: '0 9 * * *', intervals: [{ everyMs: 3_600_000 }] },
        recording: { product: 'css-live' },
        paused: true,
      },
    });
  });

  it('reads every other command and the global flags wherever they stand', () => {
    expect(command(['stop', 'r1', '--wait', '--by', 'ops'])).toEqual({
      name: 'stop',
      recordId: 'r1',
      wait: true,
      requestedBy: 'ops',
    });
    expect(command(['status', 'r1'])).toEqual({ name: 'status', recordId: 'r1' });
    expect(command(['result', 'r1'])).toEqual({ name: 'result', recordId: 'r1', wait: false });
    expect(command(['extend', 'r1', '--end-at', 'none', '--max-duration', '2h'])).toEqual({
      name: 'extend',
      recordId: 'r1',
      change: { endAt: null, maxDurationMs: 7_200_000 },
    });
    expect(command(['list', '--product', 'css-live', '--limit', '5'])).toEqual({
      name: 'list',
      filter: { product: 'css-live', limit: 5 },
    });
    expect(command(['watch', 'r1', '--interval', '2s'])).toEqual({ name: 'watch', recordId: 'r1', intervalMs: 2000 });
    expect(command(['schedule', 'pause', 's1', '--note', 'holiday'])).toEqual({
      name: 'schedule-pause',
      scheduleId: 's1',
      note: 'holiday',
    });
    expect(command(['schedule', 'delete', 's1'])).toEqual({ name: 'schedule-delete', scheduleId: 's1' });
    const parsed = parse(['status', 'r1', '--json', '--address', '10.0.0.1:7233', '--connect-timeout', '3s']);
    expect(parsed.kind === 'run' && parsed.globals).toEqual({
      json: true,
      address: '10.0.0.1:7233',
      connectTimeoutMs: 3000,
    });
  });

  it.each([[['--help']], [['start', '--help']], [['schedule', 'create', '--help']], [['watch', '-h']]])(
    '%j prints help and exits 0',
    (argv) => {
      const parsed = parse(argv);
      expect(parsed).toMatchObject({ kind: 'exit', code: 0 });
      expect(parsed.out).toMatch(/^Usage: recordings/);
    },
  );

  it.each([[['--version']], [['-V']]])('%j prints the package version and exits 0', (argv) => {
    const parsed = parse(argv);
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(parsed).toMatchObject({ kind: 'exit', code: 0 });
    expect(parsed.out).toBe(`${manifest.version}\n`);
  });

  it('the version is found from the built package one folder deeper, and "unknown" outside any package', () => {
    expect(packageVersion(join(__dirname, '../../../dist/client/cli'))).toBe(packageVersion());
    expect(packageVersion(tmpdir())).toBe('unknown');
  });

  it.each([[['record']], [['start', '--colour', 'red']], [['stop']], [['stop', 'a', 'b']], [[]]])(
    '%j is a usage error from commander (exit 2)',
    (argv) => {
      const parsed = parse(argv);
      expect(parsed).toMatchObject({ kind: 'exit', code: EXIT.usage });
      expect(parsed.err).not.toBe('');
    },
  );

  it.each([
    [['start', '--params', '{x'], '--params'],
    [['start', '--params', '{}', '--params-file', 'params.json'], '--params'],
    [['start', '--params-file', 'missing.json'], '--params-file'],
    [['start', '--spec-file', 'broken.json'], '--spec-file'],
    [['start', '--spec-file', 'broken.yaml'], '--spec-file'],
    [['start', '--max-duration', 'forever'], '--max-duration'],
    [['list', '--limit', 'ten'], '--limit'],
    [['modify', 'r1'], '--changes'],
    [['extend', 'r1'], '--end-at'],
    [['watch', 'r1', '--interval', '5ms'], '--interval'],
    [['status', 'r1', '--connect-timeout', 'soon'], '--connect-timeout'],
  ])('%j → usage error naming %s', (argv, flag) => {
    expect(usageError(argv).flag).toBe(flag);
  });
});

describe('library errors reported as flags, before connecting', () => {
  function startError(argv: string[]): string[] {
    const parsed = command(argv);
    let error: unknown;
    try {
      precheck(parsed, Date.now());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordingInputError);
    return describeInputError(error as RecordingInputError, parsed);
  }

  it('names --params-file and the field path inside it', () => {
    expect(
      startError(['start', '--record-id', 'r1', '--product', 'trtc-cloud', '--params-file', 'bad-params.json']),
    ).toEqual([expect.stringMatching(/^--params-file: RecordParams\.MaxIdleTime: must be an integer in \[5, 86400\]/)]);
  });

  it('names --record-id, --product and --end-at', () => {
    expect(
      startError(['start', '--record-id', 'bad id', '--product', 'trtc-cloud', '--params-file', 'params.json']),
    ).toEqual([expect.stringMatching(/^--record-id: /)]);
    expect(startError(['start', '--record-id', 'r1', '--product', 'zoom', '--params', '{}'])).toEqual([
      expect.stringMatching(/^--product: must be one of/),
    ]);
    expect(
      startError([
        'start',
        '--record-id',
        'r1',
        '--product',
        'trtc-cloud',
        '--params-file',
        'params.json',
        '--end-at',
        'soon',
      ]),
    ).toEqual([expect.stringMatching(/^--end-at: /)]);
  });

  it('names the field inside --spec-file when no flag sets it', () => {
    expect(startError(['start', '--spec-file', 'spec.json'])).toEqual(['--spec-file: colour: unknown field']);
  });

  it('checks a recordId argument', () => {
    const parsed = command(['status', 'bad id']);
    expect(() => precheck(parsed, Date.now())).toThrow(RecordingInputError);
  });

  it('names schedule flags', () => {
    const parsed = command(['schedule', 'create', 's1', '--cron', 'sometimes']);
    const error = new RecordingInputError([
      { field: 'spec.cron', rule: 'must be a cron expression' },
      { field: 'recording.params.StreamName', rule: 'required' },
    ]);
    expect(describeInputError(error, parsed)).toEqual([
      '--cron: must be a cron expression',
      '--recording-file: params.StreamName: required',
    ]);
  });
});

describe('exit codes', () => {
  const status = command(['status', 'r1']);
  it.each([
    { error: new RecordingInputError([{ field: 'recordId', rule: 'bad' }]), code: EXIT.usage },
    { error: new RecordingNotFoundError('r1'), code: EXIT.notFound },
    { error: new RecordingOperationRejected('pause', 'tiw-online only'), code: EXIT.rejected },
    { error: new TemporalUnreachableError('127.0.0.1:1', 5000), code: EXIT.unreachable },
    { error: new Error('boom'), code: EXIT.failure },
  ])('$error.name → exit $code', ({ error, code }) => {
    expect(classifyError(error, status, '127.0.0.1:1').code).toBe(code);
  });

  it('an unreachable Temporal is named by its address', () => {
    expect(classifyError(new TemporalUnreachableError('10.1.2.3:7233', 5000), status, '10.1.2.3:7233').lines).toEqual([
      expect.stringContaining('10.1.2.3:7233'),
    ]);
  });
});

describe('runCommand', () => {
  it('runs stop as a durable signal by default', async () => {
    const { client, calls } = stubTemporal();
    const recordings = createRecordingsClient({ client, taskQueue: 'recordings' });
    expect(await runCommand(command(['stop', 'r1']) as never, recordings)).toEqual({ accepted: true });
    expect(calls.map((c) => [c.op, c.name, c.workflowId])).toEqual([['signal', 'stopSignal', 'recording:r1']]);
  });
});

describe('rendering', () => {
  it('takes times as epoch ms or ISO strings', () => {
    expect(instantOf({ startedAtMs: 1000 }, 'startedAt')).toBe(1000);
    expect(instantOf({ startedAt: '1970-01-01T00:00:02.000Z' }, 'startedAt')).toBe(2000);
    expect(instantOf({ startedAt: 3000 }, 'startedAt')).toBe(3000);
    expect(instantOf({}, 'startedAt')).toBeUndefined();
  });

  it('formats elapsed time and the progress line', () => {
    expect([formatElapsed(45_000), formatElapsed(125_000), formatElapsed(3_723_000)]).toEqual([
      '45s',
      '2m05s',
      '1h02m03s',
    ]);
    const status = { recordId: 'r1', state: 'Recording', startedAt: '1970-01-01T00:00:00Z', files: [{}, {}] };
    expect(progressLine(status, 125_000)).toBe('r1  Recording  elapsed 2m05s  files 2');
  });

  it('aligns table columns', () => {
    expect(
      table(
        ['id', 'state'],
        [
          ['a', 'Recording'],
          ['longer', 'Completed'],
        ],
      ),
    ).toBe('ID      STATE\na       Recording\nlonger  Completed');
  });

  it('shows a status with its files and warnings', () => {
    const view = recordingView(
      {
        recordId: 'r1',
        product: 'css-live',
        state: 'Completed',
        endReason: 'scheduled-end',
        requestedAtMs: 0,
        startedAtMs: 1000,
        endedAtMs: 61_000,
        files: [{ name: 'a.mp4', url: 'https://example.com/a.mp4', sizeBytes: 10 }],
        filesComplete: false,
        warnings: [{ code: 'files-incomplete', detail: 'no upload callback', count: 1 }],
      },
      0,
    );
    expect(view).toContain('elapsed    1m00s');
    expect(view).toContain('files      1 (incomplete)');
    expect(view).toMatch(/a\.mp4\s+https:\/\/example\.com\/a\.mp4\s+10 B/);
    expect(view).toMatch(/files-incomplete\s+1\s+no upload callback/);
  });
});

describe('watchRecording', () => {
  function scripted(states: readonly Record<string, unknown>[]): RecordingsClient {
    let i = 0;
    return {
      status: () => Promise.resolve(states[Math.min(i++, states.length - 1)]),
    } as unknown as RecordingsClient;
  }
  const run = [
    { recordId: 'r1', state: 'Starting', requestedAtMs: 0, files: [] },
    { recordId: 'r1', state: 'Recording', requestedAtMs: 0, startedAtMs: 0, files: [] },
    { recordId: 'r1', state: 'Recording', requestedAtMs: 0, startedAtMs: 0, files: [] },
    { recordId: 'r1', state: 'Recording', requestedAtMs: 0, startedAtMs: 0, files: [{ name: 'a' }] },
    {
      recordId: 'r1',
      state: 'Completed',
      endReason: 'stopped-by-request',
      startedAtMs: 0,
      endedAtMs: 5000,
      files: [{ name: 'a' }],
    },
  ];

  async function watched(options: { tty: boolean; json: boolean }): Promise<string> {
    let out = '';
    let clock = 0;
    await watchRecording(scripted(run), 'r1', {
      intervalMs: 1000,
      ...options,
      write: (text) => void (out += text),
      now: () => clock,
      sleep: () => {
        clock += 1000;
        return Promise.resolve();
      },
    });
    return out;
  }

  it('prints one line per change when not on a terminal, then how it ended', async () => {
    expect((await watched({ tty: false, json: false })).split('\n')).toEqual([
      'r1  Starting  elapsed 0s  files 0',
      'r1  Recording  elapsed 1s  files 0',
      'r1  Recording  elapsed 3s  files 1',
      'r1  Completed  elapsed 5s  files 1',
      'ended: Completed (stopped-by-request), 1 file',
      '',
    ]);
  });

  it('rewrites one line in place on a terminal', async () => {
    const out = await watched({ tty: true, json: false });
    expect(out.split('\r\u001b[2K')).toHaveLength(run.length + 1);
    expect(out.trimEnd().split('\n')).toHaveLength(2);
  });

  it('emits one JSON document per change with --json', async () => {
    const lines = (await watched({ tty: false, json: true })).trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { state: string }).state)).toEqual([
      'Starting',
      'Recording',
      'Recording',
      'Completed',
    ]);
  });
});
