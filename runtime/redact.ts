/** Keeps secrets out of logs, errors and inspection: a redacting holder and a deep redactor. */
import { inspect } from 'node:util';

/** What every redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Holds a secret value so that JSON.stringify, String(), template literals and
 * util.inspect (console.log) all print `[redacted]`; only `reveal()` gives the value back.
 * The value lives in a private field, which neither JSON nor inspect can see.
 */
export class Secret<T = string> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  /** The secret itself; call it only where the value is used (signing, encryption). */
  reveal(): T {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

/**
 * Key fragments (lower-case, punctuation removed) whose values are secret wherever they
 * appear: Tencent field names (SecretKey, UserSig, RecordUserSig, PrivateMapKey), storage
 * keys (AccessKey), tokens and headers, and our own config names. SecretId is not secret
 * on its own but is redacted too, so a credential pair is never half-printed.
 */
const SECRET_KEY_FRAGMENTS = [
  'secret',
  'usersig',
  'accesskey',
  'privatemapkey',
  'token',
  'authorization',
  'password',
  'passwd',
  'apikey',
  'callbackkey',
  'signkey',
  'encryptionkey',
  'privatekey',
  'credential',
  'cookie',
] as const;

/** True when a field name says its value is secret (case and punctuation ignored). */
export function isSecretKeyName(name: string): boolean {
  const normalised = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEY_FRAGMENTS.some((fragment) => normalised.includes(fragment));
}

const MAX_DEPTH = 8;

/**
 * A JSON-safe deep copy of `value` with every secret-named field replaced by `[redacted]`.
 * Also flattens Errors (name, message, stack, cause), bytes, bigints and Secret holders,
 * and cuts cycles and over-deep nesting instead of throwing: logging must never fail.
 */
export function redact(value: unknown): unknown {
  return redactAt(value, 0, new WeakSet<object>());
}

function redactAt(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Secret) return REDACTED;
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactAt(item, depth + 1, seen));
    if (value instanceof Error) return redactError(value, depth, seen);
    if (value instanceof Map)
      return redactEntries(
        [...value.entries()].map(([k, v]) => [String(k), v]),
        depth,
        seen,
      );
    if (value instanceof Set) return [...value].map((item) => redactAt(item, depth + 1, seen));
    return redactEntries(Object.entries(value), depth, seen);
  } finally {
    seen.delete(value);
  }
}

function redactEntries(entries: [string, unknown][], depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries) {
    out[key] = isSecretKeyName(key) && item !== undefined && item !== null ? REDACTED : redactAt(item, depth + 1, seen);
  }
  return out;
}

function redactError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  // Own enumerable fields too: SDK and provider errors carry `code`, `requestId`, `type`.
  const fields = redactEntries(Object.entries(error), depth, seen);
  const out: Record<string, unknown> = { name: error.name, message: error.message, ...fields };
  if (error.stack !== undefined) out.stack = error.stack;
  if (error.cause !== undefined) out.cause = redactAt(error.cause, depth + 1, seen);
  return out;
}
