/** Reading API requests: a bounded JSON body and zod-checked query parameters, errors naming the field. */
import { type IncomingMessage } from 'node:http';
import { type z } from 'zod';
import { parseFields } from '../../recordings/errors';
import { readRawBody } from '../http/read-body';
import { RequestInputError } from './errors';

/** The JSON body (`{}` when empty), or a RequestInputError. */
export async function readJsonBody(request: IncomingMessage, limitBytes: number): Promise<unknown> {
  const raw = await readRawBody(request, limitBytes);
  if (raw.length === 0) return {};
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new RequestInputError('(content-type)', 'must be application/json');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw)) as unknown;
  } catch {
    throw new RequestInputError('(body)', 'must be valid UTF-8 JSON');
  }
}

/** Query parameters as a plain object (each name at most once), validated by `schema`. */
export function parseQuery<S extends z.ZodType>(query: URLSearchParams, schema: S): z.output<S> {
  const values: Record<string, string> = {};
  for (const [name, value] of query) {
    if (name in values) throw new RequestInputError(name, 'must be given at most once');
    values[name] = value;
  }
  return parseFields(schema, values);
}
