/** The one structured logger: JSON lines on stdout, levels, secrets redacted in every field. */
import { type LogLevel, type LogMetadata, type Logger } from '@temporalio/common';
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
 * A logger that is also the Temporal Runtime logger (`Runtime.install({ logger })`), so SDK
 * and Core messages share one format with ours. Every line is one JSON object:
 * `{ time, level, msg, ...fields }`; metadata is redacted (see redact.ts) before printing.
 */
export class JsonLogger implements Logger {
  private readonly threshold: number;
  private readonly sink: (line: string) => void;
  private readonly fields: LogMetadata;
  private readonly clock: () => Date;

  constructor(private readonly options: LoggerOptions) {
    this.threshold = LOG_LEVELS.indexOf(options.level);
    this.sink = options.sink ?? ((line) => process.stdout.write(`${line}\n`));
    this.fields = options.fields ?? {};
    this.clock = options.clock ?? (() => new Date());
  }

  /** A logger that adds `fields` (e.g. recordId, taskId) to every line it prints. */
  child(fields: LogMetadata): JsonLogger {
    return new JsonLogger({ ...this.options, fields: { ...this.fields, ...fields } });
  }

  isEnabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) >= this.threshold;
  }

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    if (!this.isEnabled(level)) return;
    const merged = redact({ ...this.fields, ...stringKeyed(meta) }) as Record<string, unknown>;
    // Fixed keys last so a metadata field named `level` or `msg` cannot forge them.
    const line = { ...merged, time: this.clock().toISOString(), level, msg: message };
    this.sink(JSON.stringify(line));
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

/** Temporal metadata may use symbol keys; JSON has no place for them. */
function stringKeyed(meta: LogMetadata | undefined): Record<string, unknown> {
  if (meta === undefined) return {};
  return Object.fromEntries(Object.entries(meta));
}

/** The process logger; create it once in the entrypoint and pass it down. */
export function createLogger(options: LoggerOptions): JsonLogger {
  return new JsonLogger(options);
}
