/**
 * Command-line arguments to a typed command (pure: files are read through an injected reader).
 * Flags are checked with zod; every error names the flag or argument and its rule.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

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
  | { readonly name: 'help' };

export const COMMANDS = [
  'start',
  'stop',
  'status',
  'result',
  'pause',
  'resume',
  'extend',
  'modify',
  'list',
  'help',
] as const;

/** `90m`, `2h`, `45s`, `1d` or plain milliseconds. */
const durationMs = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)?$/, { error: 'must be a duration such as 90m, 2h, 45s or milliseconds' })
  .transform((text) => {
    const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text);
    const units: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    return Number(match?.[1]) * (units[match?.[2] ?? 'ms'] ?? 1);
  });

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

const STRING = { type: 'string' } as const;
const BOOL = { type: 'boolean' } as const;
const FLAGS = {
  start: {
    'record-id': STRING,
    product: STRING,
    region: STRING,
    params: STRING,
    'params-file': STRING,
    'spec-file': STRING,
    'start-at': STRING,
    'end-at': STRING,
    'max-duration': STRING,
    'expiry-policy': STRING,
  },
  stop: { wait: BOOL, by: STRING },
  status: {},
  pause: {},
  resume: {},
  result: { wait: BOOL },
  extend: { 'end-at': STRING, 'max-duration': STRING },
  modify: { changes: STRING, 'changes-file': STRING },
  list: { product: STRING, state: STRING, limit: STRING },
  help: {},
} as const;

function parseFlags(name: keyof typeof FLAGS, args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: FLAGS[name], strict: true, allowPositionals: true });
  } catch (error) {
    // node:util names the offending option in its message ("Unknown option '--x'").
    throw new CliUsageError('(flags)', error instanceof Error ? error.message : String(error));
  }
}

function onePositional(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new CliUsageError('<recordId>', 'give exactly one recordId');
  return positionals[0] as string;
}

/** Reads a file named by a flag; the reader is injected so parsing stays pure. */
export type ReadText = (path: string) => string;

function readFlagFile(flag: string, path: string, read: ReadText): string {
  try {
    return read(path);
  } catch (error) {
    throw new CliUsageError(flag, `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The command in `argv` (without `node script`), or a CliUsageError naming the flag. */
export function parseCommand(argv: readonly string[], read: ReadText): Command {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') return { name: 'help' };
  if (!(COMMANDS as readonly string[]).includes(name))
    throw new CliUsageError('(command)', `must be one of ${COMMANDS.join(', ')}`);
  const command = name as keyof typeof FLAGS;
  const { values: v, positionals } = parseFlags(command, rest);
  const values = v as Record<string, string | boolean | undefined>;
  const text = (flag: string): string | undefined => values[flag] as string | undefined;
  switch (command) {
    case 'start': {
      if (positionals.length > 0)
        throw new CliUsageError('(arguments)', 'start takes flags only (--record-id, --product, --params-file, ...)');
      const file = text('spec-file');
      const base =
        file === undefined
          ? {}
          : check(
              '--spec-file',
              z.record(z.string(), z.unknown(), { error: 'must hold a JSON object (a recording spec)' }),
              json('--spec-file', readFlagFile('--spec-file', file, read)),
            );
      if (text('params') !== undefined && text('params-file') !== undefined)
        throw new CliUsageError('--params', 'give --params or --params-file, not both');
      const paramsText =
        text('params') ??
        (text('params-file') === undefined
          ? undefined
          : readFlagFile('--params-file', text('params-file') as string, read));
      const paramsFlag =
        text('params') !== undefined ? '--params' : text('params-file') !== undefined ? '--params-file' : undefined;
      const maxDuration = text('max-duration');
      const spec: Record<string, unknown> = {
        ...base,
        ...(text('record-id') === undefined ? {} : { recordId: text('record-id') }),
        ...(text('product') === undefined ? {} : { product: text('product') }),
        ...(text('region') === undefined ? {} : { region: text('region') }),
        ...(paramsText === undefined || paramsFlag === undefined ? {} : { params: json(paramsFlag, paramsText) }),
        ...(text('start-at') === undefined ? {} : { startAt: text('start-at') }),
        ...(text('end-at') === undefined ? {} : { endAt: text('end-at') }),
        ...(maxDuration === undefined ? {} : { maxDurationMs: check('--max-duration', durationMs, maxDuration) }),
        ...(text('expiry-policy') === undefined ? {} : { expiryPolicy: text('expiry-policy') }),
      };
      return { name: 'start', spec, fromFile: file !== undefined, ...(paramsFlag === undefined ? {} : { paramsFlag }) };
    }
    case 'stop':
      return {
        name: 'stop',
        recordId: onePositional(positionals),
        wait: values['wait'] === true,
        ...(text('by') === undefined ? {} : { requestedBy: text('by') as string }),
      };
    case 'status':
    case 'pause':
    case 'resume':
      return { name: command, recordId: onePositional(positionals) };
    case 'result':
      return { name: 'result', recordId: onePositional(positionals), wait: values['wait'] === true };
    case 'extend': {
      const endAt = text('end-at');
      const maxDuration = text('max-duration');
      return {
        name: 'extend',
        recordId: onePositional(positionals),
        change: {
          ...(endAt === undefined ? {} : { endAt: endAt === 'none' ? null : endAt }),
          ...(maxDuration === undefined
            ? {}
            : { maxDurationMs: maxDuration === 'none' ? null : check('--max-duration', durationMs, maxDuration) }),
        },
      };
    }
    case 'modify': {
      const inline = text('changes');
      const file = text('changes-file');
      if ((inline === undefined) === (file === undefined))
        throw new CliUsageError('--changes', 'give exactly one of --changes or --changes-file');
      const changes =
        inline !== undefined
          ? json('--changes', inline)
          : json('--changes-file', readFlagFile('--changes-file', file as string, read));
      return { name: 'modify', recordId: onePositional(positionals), changes };
    }
    case 'list': {
      if (positionals.length > 0)
        throw new CliUsageError('(arguments)', 'list takes flags only (--product, --state, --limit)');
      const limit = text('limit');
      return {
        name: 'list',
        filter: {
          ...(text('product') === undefined ? {} : { product: text('product') }),
          ...(text('state') === undefined ? {} : { state: text('state') }),
          ...(limit === undefined
            ? {}
            : {
                limit: check(
                  '--limit',
                  z.string().regex(/^\d+$/, { error: 'must be a whole number' }).transform(Number),
                  limit,
                ),
              }),
        },
      };
    }
    case 'help':
      return { name: 'help' };
  }
}
