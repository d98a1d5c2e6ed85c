/** Library errors as HTTP answers: 400 names the field and rule, 404 unknown id, 409 refused, 413 too large. */
import { BodyTooLargeError } from '../http/read-body';
import { type Reply } from '../http/router';
import {
  RecordingInputError,
  RecordingNotFoundError,
  RecordingOperationRejected,
  ScheduleExistsError,
} from '../../recordings/errors';

/** A problem with the HTTP request itself (not JSON, unknown query parameter), shaped like a field error. */
export class RequestInputError extends Error {
  override readonly name = 'RequestInputError';

  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
  }
}

/** `400 {error:{field, rule, message, issues}}` from field issues. */
export function badRequest(issues: readonly { field: string; rule: string }[]): Reply {
  const [first] = issues;
  return {
    status: 400,
    body: {
      error: {
        field: first?.field ?? '(body)',
        rule: first?.rule ?? 'invalid',
        message: issues.map((i) => `${i.field}: ${i.rule}`).join('; '),
        issues,
      },
    },
  };
}

/** The reply for a known error, or `undefined` for an unexpected one (the server answers 500 and logs it). */
export function errorReply(error: unknown): Reply | undefined {
  if (error instanceof RecordingInputError) return badRequest(error.issues);
  if (error instanceof RequestInputError) return badRequest([{ field: error.field, rule: error.rule }]);
  if (error instanceof RecordingNotFoundError) return { status: 404, body: { error: { message: error.message } } };
  if (error instanceof RecordingOperationRejected) {
    return {
      status: 409,
      body: { error: { message: error.message, ...(error.type === undefined ? {} : { type: error.type }) } },
    };
  }
  if (error instanceof ScheduleExistsError)
    return { status: 409, body: { error: { message: error.message, type: 'ScheduleExists' } } };
  if (error instanceof BodyTooLargeError) {
    return {
      status: 413,
      body: { error: { field: '(body)', rule: `must be at most ${error.limitBytes} bytes`, message: error.message } },
    };
  }
  return undefined;
}
