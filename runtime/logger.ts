/**
 * The one structured logger: pino JSON lines, levels, secrets redacted in every field, and the
 * recording's ids (recordId, TaskId, RequestId) lifted to the top of each line where known.
 */
import { type LogLevel, type LogMetadata, type Logger } from '@temporalio/common';
import pino, { type Logger as PinoLogger } from 'pino';
import { redact } from './redact';

export type { LogLevel } from '@temporalio/common';

/** Levels from most to least verbose; a logger prints its own level and those after it. */
export const LOG_LEVELS: readonly LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

export interface LoggerOptions {
  /** Lowest level printed. */
  readonly level: LogLevel;
  /** Where each JSON line goes; stdout by default. Tests pass a collector. */
  readonly sink?: (line: string) => void;
  /** Fields added to every line (e.g. `{ service: 'worker' }`). */
  readonly fields?: LogMetadata;
  readonly clock?: () => Date;
}

/**
 * Paths pino censors by itself, before our deep redactor runs: the HTTP request headers of a
 * Fastify request log (`req.headers.authorization`), wherever pino is used without our metadata
 * hook. The deep redactor (redact.ts) still catches every secret-named key at any depth, which
 * pino's fixed paths cannot (a SecretKey inside `params.StorageParams.CloudStorage`).
 */
export const PINO_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-tc-token"]',
  'req.headers.sign',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.Authorization',
];

/** Keys pino writes itself; metadata may not overwrite them. */
const FIXED_KEYS = new Set(['level', 'time', 'msg']);

/** The recording workflow's id prefix (workflows/messages.ts `recordingWorkflowId`): `recording:<recordId>`. */
const RECORDING_WORKFLOW_PREFIX = 'recording:';

/**
 * recordId, taskId and requestId at the top of the line when the metadata knows them: from the
 * activity or workflow context the SDK adds (`workflowId`), or from a provider error's fields.
 */
function liftIds(fields: Record<string, unknown>): Record<string, unknown> {
  const out = { ...fields };
  const workflowId = out.workflowId;
  if (out.recordId === undefined && typeof workflowId === 'string' && workflowId.startsWith(RECORDING_WORKFLOW_PREFIX))
    out.recordId = workflowId.slice(RECORDING_WORKFLOW_PREFIX.length);
  const error = out.error;
  if (error !== null && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    if (out.requestId === undefined && typeof e.requestId === 'string') out.requestId = e.requestId;
    if (out.taskId === undefined && typeof e.taskId === 'string') out.taskId = e.taskId;
  }
  return out;
}

/** Metadata as it is printed: string keys only, secrets redacted, ids lifted, fixed keys left to pino. */
function printable(meta: Record<string, unknown>): Record<string, unknown> {
  const redacted = redact(liftIds(meta)) as Record<string, unknown>;
  for (const key of FIXED_KEYS) delete redacted[key];
  return redacted;
}

/** The pino instance behind a logger; exported so an HTTP framework (Fastify `loggerInstance`) shares it. */
export function createPino(options: LoggerOptions): PinoLogger {
  const clock = options.clock ?? (() => new Date());
  const sink = options.sink;
  const stream =
    sink === undefined
      ? pino.destination({ dest: 1, sync: true })
      : { write: (line: string) => sink(line.replace(/\n$/, '')) };
  return pino(
    {
      level: options.level.toLowerCase(),
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"time":"${clock().toISOString()}"`,
      redact: { paths: PINO_REDACT_PATHS, censor: '[redacted]' },
      formatters: {
        level: (label) => ({ level: label.toUpperCase() }),
        bindings: (bindings) => printable(bindings),
        log: (object) => printable(object),
      },
    },
    stream,
  );
}

/**
 * A logger that is also the Temporal Runtime logger (`Runtime.install({ logger })`), so SDK
 * and Core messages share one format with ours. Every line is one JSON object:
 * `{ level, time, msg, ...fields }`; metadata is redacted (see redact.ts) before printing.
 */
export class JsonLogger implements Logger {
  private constructor(
    private readonly levelIndex: number,
    /** The pino logger lines go through (Fastify can take it as `loggerInstance`). */
    readonly pino: PinoLogger,
  ) {}

  static create(options: LoggerOptions): JsonLogger {
    const root = createPino(options);
    const pinoLogger = options.fields === undefined ? root : root.child(stringKeyed(options.fields));
    return new JsonLogger(LOG_LEVELS.indexOf(options.level), pinoLogger);
  }

  /** A logger that adds `fields` (e.g. recordId, taskId) to every line it prints. */
  child(fields: LogMetadata): JsonLogger {
    return new JsonLogger(this.levelIndex, this.pino.child(stringKeyed(fields)));
  }

  isEnabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) >= this.levelIndex;
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (!this.isEnabled(level)) return;
    this.pino[PINO_METHOD[level]](stringKeyed(meta), message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

const PINO_METHOD = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** Temporal metadata may use symbol keys; JSON has no place for them. */
function stringKeyed(meta: LogMetadata | undefined): Record<string, unknown> {
  if (meta === undefined) return {};
  return Object.fromEntries(Object.entries(meta));
}

/** The process logger; create it once in the entrypoint and pass it down. */
export function createLogger(options: LoggerOptions): JsonLogger {
  return JsonLogger.create(options);
}
