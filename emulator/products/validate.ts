/**
 * Request validation with zod, answered with the product's documented error codes: zod finds
 * the problem, this module names it the way the provider does (one error per call, as the
 * provider answers: unknown parameter, then missing, then wrong type, then bad value).
 */
import { type z } from 'zod';
import { ApiError } from '../http/envelope';

/** How one product spells each kind of validation failure. */
export interface ValidationCodes {
  /** Code for a missing required field, given its path (e.g. `MissingParameter.RoomId`). */
  missing(path: readonly string[]): string;
  /** Wrong JSON type. */
  readonly type: string;
  /** Out of range, bad format, bad enum value. */
  readonly value: string;
}

/** `MissingParameter.<Field>` when the product documents that code, else plain `MissingParameter`. */
export function missingFrom(documented: readonly string[]): (path: readonly string[]) => string {
  return (path) => {
    const field = path[path.length - 1] ?? '';
    return documented.includes(field) ? `MissingParameter.${field}` : 'MissingParameter';
  };
}

type Issue = z.core.$ZodIssue;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function rank(issue: Issue, input: unknown): number {
  if (issue.code === 'unrecognized_keys') return 0;
  const value = valueAt(input, issue.path);
  // An empty required string is "missing" to the provider, not "too short".
  if ((issue.code === 'invalid_type' && value === undefined) || (issue.code === 'too_small' && value === '')) return 1;
  if (issue.code === 'invalid_type') return 2;
  return 3;
}

/** Parses `params` or throws the one `ApiError` the provider would answer. */
export function validateParams<S extends z.ZodType>(schema: S, params: unknown, codes: ValidationCodes): z.output<S> {
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const issues = [...result.error.issues].sort((a, b) => rank(a, params) - rank(b, params));
  const issue = issues[0];
  if (issue === undefined) throw new ApiError(codes.value, 'The request parameters are invalid.');
  const path = issue.path.map(String);
  const name = path.join('.');
  switch (rank(issue, params)) {
    case 0: {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : name;
      const where = name === '' ? '' : ` in \`${name}\``;
      throw new ApiError('UnknownParameter', `The parameter \`${key ?? ''}\`${where} is not recognized.`);
    }
    case 1:
      throw new ApiError(codes.missing(path), `The request is missing a required parameter \`${name}\`.`);
    case 2:
      throw new ApiError(codes.type, `The parameter \`${name}\` has the wrong type: ${issue.message}.`);
    default: {
      const custom = issue.code === 'custom' ? (issue.params as { code?: unknown } | undefined)?.code : undefined;
      const code = typeof custom === 'string' ? custom : codes.value;
      throw new ApiError(code, `The value of \`${name}\` is invalid: ${issue.message}.`);
    }
  }
}

/** Byte length of a string in UTF-8 (the provider counts bytes, not characters). */
export function utf8Bytes(value: string): number {
  return Buffer.byteLength(value, 'utf8');
}
