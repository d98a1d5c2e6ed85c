/**
 * Small zod helpers shared by the product schemas: documented ranges with messages that name
 * the rule, byte-length limits, and turning zod issues into `<field path>: <rule>` lines.
 */
import { z } from 'zod';
import type { CloudResponse } from '../cloud/types';
import type { Product } from '../domain/catalog';
import { InvalidRecordingParams, ProviderResponseInvalid } from './errors';
import { utf8Length } from '../domain/stable-hash';

type Issue = z.core.$ZodIssue;

function missingOr(rule: string): (issue: { input?: unknown }) => string {
  return (issue) => (issue.input === undefined ? `required (${rule})` : rule);
}

/** An integer in [min, max]; the message names the range and unit, never the value. */
export function intIn(min: number, max: number, unit?: string) {
  const rule = `must be an integer in [${min}, ${max}]${unit ? ` (${unit})` : ''}`;
  return z
    .int({ error: missingOr(rule) })
    .min(min, { error: rule })
    .max(max, { error: rule });
}

/** An integer of at least `min` (documented lower bound only, e.g. SdkAppId, Whiteboard.Width). */
export function intAtLeast(min: number, unit?: string) {
  const rule = `must be an integer >= ${min}${unit ? ` (${unit})` : ''}`;
  return z.int({ error: missingOr(rule) }).min(min, { error: rule });
}

/** One of a documented set of integer codes, e.g. RecordMode 1 | 2. */
export function intOneOf(values: readonly number[], meaning?: string) {
  const rule = `must be one of ${values.join(', ')}${meaning ? ` (${meaning})` : ''}`;
  return z.int({ error: missingOr(rule) }).refine((v) => values.includes(v), { error: rule });
}

/** A string of 1..maxBytes UTF-8 bytes, optionally restricted to a character class. */
export function str(maxBytes: number, pattern?: { re: RegExp; rule: string }) {
  const rule = `must be a non-empty string of at most ${maxBytes} bytes${pattern ? `, ${pattern.rule}` : ''}`;
  let schema = z
    .string({ error: missingOr(rule) })
    .min(1, { error: rule })
    .refine((v) => utf8Length(v) <= maxBytes, { error: rule });
  if (pattern) schema = schema.refine((v) => pattern.re.test(v), { error: rule });
  return schema;
}

/** A secret string (UserSig, SecretKey): only its presence is checked, and nothing of it is echoed. */
export function secret() {
  return z.string({ error: missingOr('must be a non-empty string') }).min(1, { error: 'must be a non-empty string' });
}

/** A value from a fixed set of words (RecordMode `REALTIME_MODE`, FileFormat `mp4`, ...). */
export function word<const T extends readonly [string, ...string[]]>(values: T) {
  const rule = `must be one of ${values.join(', ')}`;
  return z.enum(values, { error: missingOr(rule) });
}

/** `RecordParams.MaxIdleTime`, `MixLayoutParams.MixLayoutList[2].Top`, or `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(root)';
}

/** One `<field path>: <rule>` line per problem; unknown keys are named one by one. */
export function formatIssues(issues: readonly Issue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map(
        (key) => `${formatPath([...issue.path, key])}: unknown field (check the Tencent field name)`,
      );
    }
    return [`${formatPath(issue.path)}: ${issue.message}`];
  });
}

/** Validates a provider response's data; a mismatch becomes {@link ProviderResponseInvalid}. */
export function parseResponse<S extends z.ZodType>(
  action: string,
  schema: S,
  response: CloudResponse<unknown>,
): z.output<S> {
  const result = schema.safeParse(response.data);
  if (!result.success) throw new ProviderResponseInvalid(action, response.requestId, formatIssues(result.error.issues));
  return result.data;
}

/** Parses caller-supplied data for `product`; every problem at once as {@link InvalidRecordingParams}. */
export function validateWith<S extends z.ZodType>(
  product: Product,
  schema: S,
  value: unknown,
  subject?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidRecordingParams(product, formatIssues(result.error.issues), subject);
  return result.data;
}
