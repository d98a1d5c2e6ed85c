/**
 * The errors the recordings library raises, each saying what the caller can do about it:
 * bad input (names the field and the rule), an unknown recording, a refused operation.
 */
import { type InvalidRecordingParams } from '../../recorders/errors';
import { formatPath } from '../../recorders/schema-kit';
import type { z } from 'zod';

/** One broken rule: `field` is a dotted path such as `params.RecordParams.MaxIdleTime`. */
export interface FieldIssue {
  readonly field: string;
  readonly rule: string;
}

/**
 * Input broke a rule; nothing was sent to Temporal or the provider (invariant 4). Messages
 * name the field and the rule, never the value, so a secret in the wrong field cannot leak.
 */
export class RecordingInputError extends Error {
  override readonly name = 'RecordingInputError' as const;

  constructor(readonly issues: readonly [FieldIssue, ...FieldIssue[]]) {
    super(`invalid recording input:\n  ${issues.map((i) => `${i.field}: ${i.rule}`).join('\n  ')}`);
  }

  /** The first field at fault (all of them are in `issues`). */
  get field(): string {
    return this.issues[0].field;
  }

  get rule(): string {
    return this.issues[0].rule;
  }
}

/** No recording (or schedule) exists under this id. */
export class RecordingNotFoundError extends Error {
  override readonly name = 'RecordingNotFoundError' as const;

  constructor(
    readonly id: string,
    what: 'recording' | 'schedule' = 'recording',
  ) {
    super(`no ${what} with id ${id}`);
  }
}

/**
 * The recording refused the operation (wrong product, wrong state, already ended); the message
 * is the workflow's reason. `type` is the failure type when the workflow gave one.
 */
export class RecordingOperationRejected extends Error {
  override readonly name = 'RecordingOperationRejected' as const;

  constructor(
    readonly operation: string,
    message: string,
    readonly type?: string,
  ) {
    super(`${operation} rejected: ${message}`);
  }
}

/**
 * A recordId already names a recording started with another spec: nothing new starts. `field`
 * is the first field that differs (a path such as `params.RoomId`); values are never echoed.
 */
export class RecordingConflictError extends Error {
  override readonly name = 'RecordingConflictError' as const;

  constructor(
    readonly recordId: string,
    readonly field: string,
  ) {
    super(`recordId ${recordId} already names a recording with a different ${field}`);
  }
}

/** A schedule with this id already exists. */
export class ScheduleExistsError extends Error {
  override readonly name = 'ScheduleExistsError' as const;

  constructor(readonly scheduleId: string) {
    super(`a schedule with id ${scheduleId} already exists`);
  }
}

/** Temporal did not answer at `address` within the connect deadline (down, wrong address, or TLS mismatch). */
export class TemporalUnreachableError extends Error {
  override readonly name = 'TemporalUnreachableError' as const;

  constructor(
    readonly address: string,
    readonly timeoutMs: number,
    cause?: unknown,
  ) {
    super(
      `cannot reach Temporal at ${address} within ${timeoutMs / 1000} s` +
        (cause instanceof Error ? `: ${cause.message}` : ''),
      { cause },
    );
  }
}

function nonEmpty(issues: FieldIssue[], fallback: FieldIssue): [FieldIssue, ...FieldIssue[]] {
  const [first, ...rest] = issues;
  return first === undefined ? [fallback] : [first, ...rest];
}

/** zod issues as field issues, paths prefixed by `prefix` (e.g. `spec`). */
export function fromZodIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): RecordingInputError {
  const join = (path: readonly PropertyKey[]): string => {
    const inner = path.length === 0 ? '' : formatPath(path);
    if (prefix === undefined) return inner || '(root)';
    return inner === '' ? prefix : inner.startsWith('[') ? `${prefix}${inner}` : `${prefix}.${inner}`;
  };
  const list = issues.flatMap((issue): FieldIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: join([...issue.path, key]), rule: 'unknown field' }))
      : [{ field: join(issue.path), rule: issue.message }],
  );
  return new RecordingInputError(nonEmpty(list, { field: prefix ?? '(root)', rule: 'invalid' }));
}

/** `input` checked by `schema`, or a {@link RecordingInputError} naming every field at fault (under `prefix`). */
export function parseFields<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodIssues(parsed.error.issues, prefix);
  return parsed.data;
}

/** InvalidRecordingParams (`<path>: <rule>` lines from recorders/) as field issues under `params`. */
export function fromInvalidParams(error: InvalidRecordingParams, prefix = 'params'): RecordingInputError {
  const list = error.issues.map((line): FieldIssue => {
    const at = line.indexOf(': ');
    const path = at < 0 ? '(root)' : line.slice(0, at);
    const rule = at < 0 ? line : line.slice(at + 2);
    return { field: path === '(root)' ? prefix : `${prefix}.${path}`, rule };
  });
  return new RecordingInputError(nonEmpty(list, { field: prefix, rule: 'invalid' }));
}
