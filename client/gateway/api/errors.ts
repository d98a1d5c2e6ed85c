/**
 * The one error body of the HTTP API, `{"error": {"code", "field", "rule", "message"}}`, and the
 * mapping from library, framework and Temporal errors to it. Messages name the field and the
 * rule, never a value (a secret in the wrong field must not come back in an answer or a log).
 */
import { z } from 'zod';
import {
  type FieldIssue,
  RecordingConflictError,
  RecordingInputError,
  RecordingNotFoundError,
  RecordingOperationRejected,
  ScheduleExistsError,
} from '../../recordings/errors';

/** The error body's schema (OpenAPI documents it for every non-2xx answer). */
export const errorBodySchema = z
  .strictObject({
    error: z.strictObject({
      /** Stable, machine-readable: `invalid-input`, `unauthorized`, `no-worker`, ... */
      code: z.string(),
      /** The field at fault (`params.RecordParams.MaxIdleTime`), or what the rule is about (`authorization`). */
      field: z.string(),
      rule: z.string(),
      message: z.string(),
      /** Every field at fault, when more than one. */
      issues: z.array(z.strictObject({ field: z.string(), rule: z.string() })).optional(),
    }),
  })
  .meta({ id: 'Error' });

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** An answer other than 2xx: status, body and extra headers. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly field: string,
    readonly rule: string,
    message?: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message ?? `${field}: ${rule}`);
  }

  get body(): ErrorBody {
    return {
      error: {
        code: this.code,
        field: this.field,
        rule: this.rule,
        message: this.message,
        ...(this.issues === undefined || this.issues.length < 2 ? {} : { issues: [...this.issues] }),
      },
    };
  }
}

/** 400 from field issues (the first one is `field`/`rule`). */
export function invalidInput(issues: readonly [FieldIssue, ...FieldIssue[]]): ApiError {
  const [first] = issues;
  return new ApiError(
    400,
    'invalid-input',
    first.field,
    first.rule,
    issues.map((i) => `${i.field}: ${i.rule}`).join('; '),
    {},
    issues,
  );
}

/** Fastify's own errors (FST_ERR_*) that are the client's fault, as API errors. */
function frameworkError(error: { code?: unknown; statusCode?: unknown }): ApiError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'payload-too-large', '(body)', 'must be at most the body size limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ApiError(415, 'unsupported-media-type', 'content-type', 'must be application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'invalid-input', '(body)', 'must be a JSON value (the body is empty)');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'invalid-input', '(body)', 'must be valid UTF-8 JSON');
    default:
      break;
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new ApiError(error.statusCode, 'bad-request', '(request)', 'must be a well-formed HTTP request');
  }
  return undefined;
}

/** The API error for `error`, or `undefined` for an unexpected one (answered 500, logged). */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof RecordingInputError) return invalidInput(error.issues);
  if (error instanceof RecordingNotFoundError) {
    return new ApiError(
      404,
      'not-found',
      error.message.includes('schedule') ? 'scheduleId' : 'recordId',
      'must name an existing one',
      error.message,
    );
  }
  if (error instanceof RecordingConflictError) {
    return new ApiError(
      409,
      'spec-conflict',
      error.field,
      'must equal the spec this recordId was first started with (a recordId names one recording forever)',
      error.message,
    );
  }
  if (error instanceof RecordingOperationRejected) {
    return new ApiError(409, 'rejected', '(operation)', error.type ?? 'not allowed in this state', error.message);
  }
  if (error instanceof ScheduleExistsError) {
    return new ApiError(409, 'schedule-exists', 'scheduleId', 'must be unused', error.message);
  }
  if (typeof error === 'object' && error !== null && 'code' in error) return frameworkError(error);
  return undefined;
}

/** 500: nothing of the cause is shown (it is logged). */
export const internalError = (): ApiError =>
  new ApiError(500, 'internal', '(server)', 'an unexpected error; see the gateway log', 'internal error');
