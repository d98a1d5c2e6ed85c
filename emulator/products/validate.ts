/**
 * Request validation with zod, answered with the product's documented error codes: zod finds
 * the problem, this module names it the way the provider does (one error per call, as the
 * provider answers: unknown parameter, then missing, then wrong type, then bad value).
 * Parameters from a GET query are strings; they are first read as the types the schema expects.
 */
import { z } from 'zod';
import { ApiError } from '../http/envelope';

/** Where an action's parameters came from: a JSON body (typed) or a GET query string (every value a string). */
export type ParamsEncoding = 'json' | 'query';

/** The parameters of one call and how they were sent (an `ActionContext` is one). */
export interface ParamsInput {
  readonly params: Readonly<Record<string, unknown>>;
  readonly encoding: ParamsEncoding;
}

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

/** A decimal number as a query string spells it (`1280`, `-1`, `0.5`, `1e3`). */
const DECIMAL = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** The parts of a zod definition the query reading looks at (zod 4 core `def`). */
interface SchemaDef {
  readonly type: string;
  readonly innerType?: z.core.$ZodType;
  readonly in?: z.core.$ZodType;
  readonly shape?: Readonly<Record<string, z.core.$ZodType>>;
  readonly catchall?: z.core.$ZodType;
  readonly element?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
  readonly values?: readonly unknown[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads GET query strings as the types `schema` expects: numbers and booleans (`true`/`false`,
 * as the official SDK writes them) where the schema wants them, strings elsewhere. A string that
 * is not a number where one is expected stays a string, so validation reports the wrong type,
 * as it would for the same mistake in JSON.
 */
export function fromQueryStrings(schema: z.core.$ZodType, value: unknown): unknown {
  const def = schema._zod.def as unknown as SchemaDef;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return def.innerType ? fromQueryStrings(def.innerType, value) : value;
    case 'pipe':
      return def.in ? fromQueryStrings(def.in, value) : value;
    case 'object': {
      if (!isRecord(value)) return value;
      const shape = def.shape ?? {};
      return Object.fromEntries(
        Object.entries(value).map(([key, v]) => {
          const field = Object.hasOwn(shape, key) ? shape[key] : def.catchall;
          return [key, field ? fromQueryStrings(field, v) : v];
        }),
      );
    }
    case 'array':
      return Array.isArray(value) && def.element
        ? value.map((v) => fromQueryStrings(def.element as z.core.$ZodType, v))
        : value;
    case 'number':
      return typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'literal':
      return typeof value === 'string' ? ((def.values ?? []).find((v) => String(v) === value) ?? value) : value;
    case 'union': {
      const options = def.options ?? [];
      // The first option that accepts the value as read for it, else the value unread.
      for (const option of options) {
        const read = fromQueryStrings(option, value);
        if (z.safeParse(option, read).success) return read;
      }
      return value;
    }
    default:
      return value;
  }
}

/** Parses the parameters or throws the one `ApiError` the provider would answer. */
export function validateParams<S extends z.ZodType>(
  schema: S,
  input: ParamsInput,
  codes: ValidationCodes,
): z.output<S> {
  const params = input.encoding === 'query' ? fromQueryStrings(schema, input.params) : input.params;
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
