/**
 * The command line as a typed command: commander reads the words and writes `--help`, zod checks
 * the values. Pure apart from the injected file reader and output, so every mistake is reported
 * (naming the flag or argument and its rule) before anything connects.
 */
import { Command as Program, CommanderError, type OptionValues } from 'commander';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { EXIT_CODES_HELP } from './exit-codes';
import { packageVersion } from '../package-version';

/** A bad command line; `flag` is `--params`, `<recordId>`, `(command)`. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';

  constructor(
    readonly flag: string,
    readonly rule: string,
  ) {
    super(`${flag}: ${rule}`);
  }
}

export type Command =
  | {
      readonly name: 'start';
      readonly spec: Record<string, unknown>;
      readonly fromFile: boolean;
      readonly paramsFlag?: '--params' | '--params-file';
    }
  | { readonly name: 'stop'; readonly recordId: string; readonly wait: boolean; readonly requestedBy?: string }
  | { readonly name: 'status' | 'pause' | 'resume'; readonly recordId: string }
  | { readonly name: 'result'; readonly recordId: string; readonly wait: boolean }
  | { readonly name: 'extend'; readonly recordId: string; readonly change: Record<string, unknown> }
  | { readonly name: 'modify'; readonly recordId: string; readonly changes: unknown }
  | { readonly name: 'list'; readonly filter: Record<string, unknown> }
  | { readonly name: 'watch'; readonly recordId: string; readonly intervalMs: number }
  | { readonly name: 'schedule-create'; readonly input: Record<string, unknown>; readonly fromFile: boolean }
  | { readonly name: 'schedule-list'; readonly limit?: number }
  | { readonly name: 'schedule-pause' | 'schedule-unpause'; readonly scheduleId: string; readonly note?: string }
  | { readonly name: 'schedule-delete'; readonly scheduleId: string };

/** Flags that every command takes. */
export interface GlobalOptions {
  /** Machine-readable output: one JSON document (NDJSON for `watch`). */
  readonly json: boolean;
  /** Overrides TEMPORAL_ADDRESS. */
  readonly address?: string;
  /** Overrides TEMPORAL_NAMESPACE. */
  readonly namespace?: string;
  readonly connectTimeoutMs: number;
}

export type ParsedCommandLine =
  | { readonly kind: 'run'; readonly command: Command; readonly globals: GlobalOptions }
  /** Help was printed (0) or commander reported a usage error (2). */
  | { readonly kind: 'exit'; readonly code: number };

/** Reads a file named by a flag; injected so parsing stays pure. */
export type ReadText = (path: string) => string;

export interface CommandLineIo {
  readonly read: ReadText;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `90m`, `2h`, `45s`, `1d`, `500ms` or plain milliseconds. */
const durationMs = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)?$/, { error: 'must be a duration such as 90m, 2h, 45s or milliseconds' })
  .transform((text) => {
    const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text);
    return Number(match?.[1]) * (DURATION_UNITS[match?.[2] ?? 'ms'] ?? 1);
  });

const wholeNumber = z.string().regex(/^\d+$/, { error: 'must be a whole number' }).transform(Number);

function check<S extends z.ZodType>(flag: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliUsageError(flag, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

function json(flag: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliUsageError(flag, 'must be valid JSON');
  }
}

/** A file's content: YAML for `.yaml`/`.yml`, JSON otherwise. */
function readDocument(flag: string, path: string, read: ReadText): unknown {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    throw new CliUsageError(flag, `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!/\.ya?ml$/i.test(path)) return json(flag, text);
  try {
    return parseYaml(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new CliUsageError(flag, `must be valid YAML (${reason})`);
  }
}

const objectDocument = z.record(z.string(), z.unknown(), { error: 'must hold an object' });

function readObject(flag: string, path: string, read: ReadText): Record<string, unknown> {
  return check(flag, objectDocument, readDocument(flag, path, read));
}

function present<T>(key: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [key]: value };
}

const ENVIRONMENT_HELP = `
Connection (flags override the environment):
  TEMPORAL_ADDRESS         host:port of Temporal (default 127.0.0.1:TEMPORAL_DEV_PORT, the local dev server)
  TEMPORAL_NAMESPACE       default "default"
  TASK_QUEUE               the recording workflows' task queue, default "recordings"
  PAYLOAD_ENCRYPTION_KEY   base64 of the worker's 32-byte payload key (default: the local dev key file)

${EXIT_CODES_HELP}`;

/**
 * The command in `argv` (without `node script`). Help and commander's own errors are written
 * through `io` and come back as `{ kind: 'exit' }`; a value breaking a rule is a CliUsageError.
 */
export function parseCommandLine(argv: readonly string[], io: CommandLineIo): ParsedCommandLine {
  let parsed: Command | undefined;
  const set = (command: Command): void => {
    parsed = command;
  };
  const program = buildProgram(io, set);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // Help (asked for) is 0; every other commander exit (unknown flag, missing argument, no command) is usage.
    return { kind: 'exit', code: error.exitCode === 0 ? 0 : 2 };
  }
  if (parsed === undefined) throw new CliUsageError('(command)', 'give a command; run with --help for the list');
  const g = program.opts<OptionValues>();
  return {
    kind: 'run',
    command: parsed,
    globals: {
      json: g['json'] === true,
      ...present('address', g['address'] as string | undefined),
      ...present('namespace', g['namespace'] as string | undefined),
      connectTimeoutMs: check('--connect-timeout', durationMs, g['connectTimeout']),
    },
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function buildProgram(io: CommandLineIo, set: (command: Command) => void): Program {
  const program = new Program('recordings')
    .description('Start, follow and stop Tencent Cloud recordings through their Temporal workflows.')
    .version(packageVersion(), '-V, --version', 'print the version and exit')
    .option('--json', 'machine-readable output (one JSON document; NDJSON for watch)')
    .option('--address <host:port>', 'Temporal address (overrides TEMPORAL_ADDRESS)')
    .option('--namespace <name>', 'Temporal namespace (overrides TEMPORAL_NAMESPACE)')
    .option('--connect-timeout <duration>', 'give up on an unreachable Temporal after this long', '5s')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)')
    .helpCommand(false)
    .addHelpText('after', ENVIRONMENT_HELP);
  const { read } = io;

  program
    .command('start')
    .description('start a recording; a repeat with the same recordId returns the existing one')
    .option('-f, --spec-file <file>', 'a whole recording spec, JSON or YAML; flags override its fields')
    .option('--record-id <id>', 'your id for the recording (one recording per id, ever)')
    .option('--product <product>', 'trtc-cloud | trtc-web | tiw-online | css-live | trro-cloud')
    .option('--region <region>', 'e.g. ap-guangzhou')
    .option('--params <json>', "the provider's start parameters as JSON (prefer --params-file for secrets)")
    .option('--params-file <file>', "the provider's start parameters, JSON or YAML")
    .option('--start-at <iso>', 'start later, at this instant')
    .option('--end-at <iso>', 'stop at this instant')
    .option('--max-duration <duration>', 'stop after this long, e.g. 90m')
    .option('--expiry-policy <policy>', 'stop-before-expiry | detach (trtc-cloud)')
    .addHelpText('after', '\nCommand lines are visible to other users: keep UserSig and storage keys in files.')
    .action((o: OptionValues) => {
      const text = (key: string): string | undefined => o[key] as string | undefined;
      if (text('params') !== undefined && text('paramsFile') !== undefined)
        throw new CliUsageError('--params', 'give --params or --params-file, not both');
      const specFile = text('specFile');
      const base = specFile === undefined ? {} : readObject('--spec-file', specFile, read);
      const paramsFlag =
        text('params') !== undefined ? '--params' : text('paramsFile') !== undefined ? '--params-file' : undefined;
      const params =
        text('params') !== undefined
          ? json('--params', text('params') as string)
          : text('paramsFile') !== undefined
            ? readDocument('--params-file', text('paramsFile') as string, read)
            : undefined;
      const maxDuration = text('maxDuration');
      set({
        name: 'start',
        spec: {
          ...base,
          ...present('recordId', text('recordId')),
          ...present('product', text('product')),
          ...present('region', text('region')),
          ...present('params', params),
          ...present('startAt', text('startAt')),
          ...present('endAt', text('endAt')),
          ...present(
            'maxDurationMs',
            maxDuration === undefined ? undefined : check('--max-duration', durationMs, maxDuration),
          ),
          ...present('expiryPolicy', text('expiryPolicy')),
        },
        fromFile: specFile !== undefined,
        ...present('paramsFlag', paramsFlag),
      });
    });

  program
    .command('stop')
    .description('stop a recording: a durable signal by default (accepted even with no worker running)')
    .argument('<recordId>')
    .option('--wait', 'wait until the provider task has stopped, then show the status')
    .option('--by <name>', 'who asked (kept in the recording)')
    .action((recordId: string, o: OptionValues) =>
      set({ name: 'stop', recordId, wait: o['wait'] === true, ...present('requestedBy', o['by'] as string) }),
    );

  for (const [name, description] of [
    ['pause', 'pause a recording (tiw-online)'],
    ['resume', 'resume a paused recording (tiw-online)'],
    ['status', 'show where a recording is: state, times, files, warnings'],
  ] as const)
    program
      .command(name)
      .description(description)
      .argument('<recordId>')
      .action((recordId: string) => set({ name, recordId }));

  program
    .command('modify')
    .description('replace the mix layout and/or subscribed users (trtc-cloud)')
    .argument('<recordId>')
    .option('--changes <json>', 'MixLayoutParams and/or SubscribeStreamUserIds as JSON')
    .option('--changes-file <file>', 'the same, JSON or YAML')
    .action((recordId: string, o: OptionValues) => {
      const inline = o['changes'] as string | undefined;
      const file = o['changesFile'] as string | undefined;
      if ((inline === undefined) === (file === undefined))
        throw new CliUsageError('--changes', 'give exactly one of --changes or --changes-file');
      const changes = inline !== undefined ? json('--changes', inline) : readDocument('--changes-file', file!, read);
      set({ name: 'modify', recordId, changes });
    });

  program
    .command('extend')
    .description('move the scheduled end and/or the maximum duration')
    .argument('<recordId>')
    .option('--end-at <iso|none>', 'the new end instant, or none')
    .option('--max-duration <duration|none>', 'the new maximum duration (e.g. 2h), or none')
    .action((recordId: string, o: OptionValues) => {
      const endAt = o['endAt'] as string | undefined;
      const maxDuration = o['maxDuration'] as string | undefined;
      if (endAt === undefined && maxDuration === undefined)
        throw new CliUsageError('--end-at', 'give --end-at and/or --max-duration');
      set({
        name: 'extend',
        recordId,
        change: {
          ...present('endAt', endAt === undefined ? undefined : endAt === 'none' ? null : endAt),
          ...present(
            'maxDurationMs',
            maxDuration === undefined
              ? undefined
              : maxDuration === 'none'
                ? null
                : check('--max-duration', durationMs, maxDuration),
          ),
        },
      });
    });

  program
    .command('result')
    .description('show how a recording ended and its files')
    .argument('<recordId>')
    .option('--wait', 'wait for the end (otherwise a running recording shows "not finished")')
    .action((recordId: string, o: OptionValues) => set({ name: 'result', recordId, wait: o['wait'] === true }));

  program
    .command('list')
    .description('list recordings, newest first (visibility: may lag a moment)')
    .option('--product <product>', 'only this product')
    .option('--state <state>', 'only this state, e.g. Recording')
    .option('--limit <n>', 'at most this many (1-1000)')
    .action((o: OptionValues) => {
      const limit = o['limit'] as string | undefined;
      set({
        name: 'list',
        filter: {
          ...present('product', o['product'] as string | undefined),
          ...present('state', o['state'] as string | undefined),
          ...present('limit', limit === undefined ? undefined : check('--limit', wholeNumber, limit)),
        },
      });
    });

  program
    .command('watch')
    .description('follow a recording live (state, elapsed, files so far) until it ends')
    .argument('<recordId>')
    .option('--interval <duration>', 'how often to ask', '1s')
    .action((recordId: string, o: OptionValues) =>
      set({
        name: 'watch',
        recordId,
        intervalMs: check(
          '--interval',
          durationMs.pipe(z.number().min(100, { error: 'must be at least 100ms' })),
          o['interval'],
        ),
      }),
    );

  const schedule = program
    .command('schedule')
    .description('recurring recordings (Temporal Schedules): create, list, pause, unpause, delete')
    .helpCommand(false);

  schedule
    .command('create')
    .description('create a schedule; each run is its own recording')
    .argument('[scheduleId]', 'the schedule id (or scheduleId in --file)')
    .option('-f, --file <file>', 'the whole schedule (scheduleId, spec, recording, ...), JSON or YAML')
    .option('--cron <expr>', 'a cron expression, e.g. "0 9 * * MON-FRI" (repeatable)', collect)
    .option('--every <duration>', 'run every this long (at least 1m)')
    .option('--timezone <zone>', 'IANA time zone of the cron expressions, e.g. Asia/Shanghai')
    .option('--recording-file <file>', 'the recording each run starts (product, params, ...), JSON or YAML')
    .option('--overlap <policy>', 'SKIP | BUFFER_ONE | BUFFER_ALL | CANCEL_OTHER | ALLOW_ALL')
    .option('--paused', 'create it paused')
    .option('--note <text>', 'a note shown with the schedule')
    .action((scheduleId: string | undefined, o: OptionValues) => {
      const file = o['file'] as string | undefined;
      const base = file === undefined ? {} : readObject('--file', file, read);
      const baseSpec = check('--file', objectDocument.optional(), base['spec']) ?? {};
      const cron = (o['cron'] as string[] | undefined) ?? [];
      const every = o['every'] as string | undefined;
      const recordingFile = o['recordingFile'] as string | undefined;
      const spec = {
        ...baseSpec,
        ...present('cron', cron.length === 0 ? undefined : cron.length === 1 ? cron[0] : cron),
        ...present('intervals', every === undefined ? undefined : [{ everyMs: check('--every', durationMs, every) }]),
        ...present('timezone', o['timezone'] as string | undefined),
      };
      set({
        name: 'schedule-create',
        input: {
          ...base,
          ...present('scheduleId', scheduleId),
          spec,
          ...present(
            'recording',
            recordingFile === undefined ? undefined : readObject('--recording-file', recordingFile, read),
          ),
          ...present('overlap', o['overlap'] as string | undefined),
          ...present('paused', o['paused'] === true ? true : undefined),
          ...present('note', o['note'] as string | undefined),
        },
        fromFile: file !== undefined,
      });
    });

  schedule
    .command('list')
    .description('list schedules with their next and recent runs')
    .option('--limit <n>', 'at most this many')
    .action((o: OptionValues) => {
      const limit = o['limit'] as string | undefined;
      set({
        name: 'schedule-list',
        ...present('limit', limit === undefined ? undefined : check('--limit', wholeNumber, limit)),
      });
    });

  for (const [name, description] of [
    ['pause', 'pause a schedule (no new runs; running recordings go on)'],
    ['unpause', 'unpause a schedule'],
  ] as const)
    schedule
      .command(name)
      .description(description)
      .argument('<scheduleId>')
      .option('--note <text>', 'why')
      .action((scheduleId: string, o: OptionValues) =>
        set({ name: `schedule-${name}`, scheduleId, ...present('note', o['note'] as string | undefined) }),
      );

  schedule
    .command('delete')
    .description('delete a schedule (running recordings go on)')
    .argument('<scheduleId>')
    .action((scheduleId: string) => set({ name: 'schedule-delete', scheduleId }));

  return program;
}
