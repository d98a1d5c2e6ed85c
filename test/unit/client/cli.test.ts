// CLI argument parsing and error reporting: every mistake names the flag (or argument) and the rule.
import { CliUsageError, parseCommand } from '../../../client/cli/args';
import { describeInputError, runCommand } from '../../../client/cli/run';
import { createRecordingsClient } from '../../../client/recordings/client';
import { RecordingInputError } from '../../../client/recordings/errors';
import { VALID_PARAMS, withField } from '../recorders/fixtures';
import { stubTemporal } from './stub-temporal';

const files: Record<string, string> = {
  'params.json': JSON.stringify(VALID_PARAMS['trtc-cloud']),
  'bad-params.json': JSON.stringify(withField(VALID_PARAMS['trtc-cloud'], ['RecordParams', 'MaxIdleTime'], 3)),
  'spec.json': JSON.stringify({
    recordId: 'from-file',
    product: 'css-live',
    params: VALID_PARAMS['css-live'],
    colour: 'red',
  }),
  'broken.json': '{',
};
const read = (path: string): string => {
  const text = files[path];
  if (text === undefined) throw new Error('ENOENT');
  return text;
};

function usageError(argv: string[]): CliUsageError {
  try {
    parseCommand(argv, read);
  } catch (error) {
    if (error instanceof CliUsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(' ')}`);
}

describe('parseCommand', () => {
  it('builds a start spec from flags, durations in ms', () => {
    expect(
      parseCommand(
        [
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
        ],
        read,
      ),
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

  it('reads stop/status/result/extend/list', () => {
    expect(parseCommand(['stop', 'r1', '--wait', '--by', 'ops'], read)).toEqual({
      name: 'stop',
      recordId: 'r1',
      wait: true,
      requestedBy: 'ops',
    });
    expect(parseCommand(['status', 'r1'], read)).toEqual({ name: 'status', recordId: 'r1' });
    expect(parseCommand(['result', 'r1'], read)).toEqual({ name: 'result', recordId: 'r1', wait: false });
    expect(parseCommand(['extend', 'r1', '--end-at', 'none', '--max-duration', '2h'], read)).toEqual({
      name: 'extend',
      recordId: 'r1',
      change: { endAt: null, maxDurationMs: 7_200_000 },
    });
    expect(parseCommand(['list', '--product', 'css-live', '--limit', '5'], read)).toEqual({
      name: 'list',
      filter: { product: 'css-live', limit: 5 },
    });
    expect(parseCommand([], read)).toEqual({ name: 'help' });
  });

  it.each([
    [['record'], '(command)'],
    [['start', '--record-id', 'r1', '--colour', 'red'], '(flags)'],
    [['start', '--params', '{x'], '--params'],
    [['start', '--params', '{}', '--params-file', 'params.json'], '--params'],
    [['start', '--params-file', 'missing.json'], '--params-file'],
    [['start', '--spec-file', 'broken.json'], '--spec-file'],
    [['start', '--max-duration', 'forever'], '--max-duration'],
    [['stop'], '<recordId>'],
    [['stop', 'a', 'b'], '<recordId>'],
    [['list', '--limit', 'ten'], '--limit'],
    [['modify', 'r1'], '--changes'],
  ])('%j → usage error naming %s', (argv, flag) => {
    expect(usageError(argv).flag).toBe(flag);
  });
});

describe('library errors reported as flags', () => {
  async function startError(argv: string[]): Promise<string[]> {
    const { client, calls } = stubTemporal();
    const recordings = createRecordingsClient({ client, taskQueue: 'recordings' });
    const command = parseCommand(argv, read);
    const error = await runCommand(command, recordings).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RecordingInputError);
    expect(calls).toHaveLength(0);
    return describeInputError(error as RecordingInputError, command);
  }

  it('names --params and the field path inside it', async () => {
    const lines = await startError([
      'start',
      '--record-id',
      'r1',
      '--product',
      'trtc-cloud',
      '--params-file',
      'bad-params.json',
    ]);
    expect(lines).toEqual([
      expect.stringMatching(/^--params-file: RecordParams\.MaxIdleTime: must be an integer in \[5, 86400\]/),
    ]);
  });

  it('names --record-id, --product and --end-at', async () => {
    expect(
      await startError(['start', '--record-id', 'bad id', '--product', 'trtc-cloud', '--params-file', 'params.json']),
    ).toEqual([expect.stringMatching(/^--record-id: /)]);
    expect(await startError(['start', '--record-id', 'r1', '--product', 'zoom', '--params', '{}'])).toEqual([
      expect.stringMatching(/^--product: must be one of/),
    ]);
    expect(
      await startError([
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

  it('names the field inside --spec-file when no flag sets it', async () => {
    expect(await startError(['start', '--spec-file', 'spec.json'])).toEqual(['--spec-file: colour: unknown field']);
    files['bad-spec.json'] = JSON.stringify({
      recordId: 'f',
      product: 'trtc-cloud',
      params: JSON.parse(files['bad-params.json'] as string) as unknown,
    });
    expect(await startError(['start', '--spec-file', 'bad-spec.json'])).toEqual([
      expect.stringMatching(/^--spec-file: params\.RecordParams\.MaxIdleTime: /),
    ]);
    expect(await startError(['start', '--spec-file', 'bad-spec.json', '--params-file', 'bad-params.json'])).toEqual([
      expect.stringMatching(/^--params-file: RecordParams\.MaxIdleTime: /),
    ]);
  });

  it('runs stop as a durable signal by default', async () => {
    const { client, calls } = stubTemporal();
    const recordings = createRecordingsClient({ client, taskQueue: 'recordings' });
    expect(await runCommand(parseCommand(['stop', 'r1'], read), recordings)).toEqual({ accepted: true });
    expect(calls.map((c) => [c.op, c.name, c.workflowId])).toEqual([['signal', 'stopSignal', 'recording:r1']]);
  });
});
