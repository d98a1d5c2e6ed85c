/**
 * The API's one body parser: UTF-8 JSON, bounded in depth, with `__proto__`, `constructor` and
 * `prototype` keys reported as unknown fields. Fastify's default (secure-json-parse) would throw
 * a bare 400 or strip them silently; JSON.parse keeps them as own keys, and this walk then names
 * the field, so a body is never changed behind the caller's back.
 */
import { formatPath } from '../../../recorders/schema-kit';
import { ApiError, invalidInput } from './errors';

/** Nesting allowed in a body: the deepest Tencent start parameters are 5 levels below `params`. */
export const MAX_JSON_DEPTH = 16;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Walks `value` iteratively (a deep body must not exhaust the stack); throws on the first problem. */
function check(value: unknown): void {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: node, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    if (node === null || typeof node !== 'object') continue;
    if (path.length >= MAX_JSON_DEPTH) {
      throw invalidInput([{ field: formatPath(path), rule: `must nest at most ${MAX_JSON_DEPTH} levels deep` }]);
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => stack.push({ value: item, path: [...path, index] }));
      continue;
    }
    for (const key of Object.keys(node)) {
      if (FORBIDDEN_KEYS.has(key)) throw invalidInput([{ field: formatPath([...path, key]), rule: 'unknown field' }]);
      stack.push({ value: (node as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

/** The parsed body, or an ApiError naming the problem (400). */
export function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) throw new ApiError(400, 'invalid-input', '(body)', 'must be a JSON value (the body is empty)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) as unknown;
  } catch {
    throw new ApiError(400, 'invalid-input', '(body)', 'must be valid UTF-8 JSON');
  }
  check(parsed);
  return parsed;
}
