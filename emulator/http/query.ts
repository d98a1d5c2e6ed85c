/**
 * API 3.0 GET requests: the common parameters and the action's parameters taken from the query
 * string, as in the seeds' examples (seed 003: `?Action=StartOnlineRecord&Whiteboard.Width=1280&Extras.0=MIX_STREAM`,
 * seed 004: `?Action=CreateLiveRecord&StartTime=2018-09-11+12%3a04%3a01`).
 */
import { ApiError } from './envelope';

/** Common parameters a GET may carry in its query instead of the `X-TC-*` headers (seeds 003, 004 put `Action` there). */
export const QUERY_COMMON_PARAMETERS = ['Action', 'Version', 'Region'] as const;
export type QueryCommonParameter = (typeof QUERY_COMMON_PARAMETERS)[number];

/**
 * The query's name/value pairs, form-decoded (`+` is a space, `%3a` is `:`, as seed 004's
 * StartTime shows). Malformed escapes stay as they are, as URLSearchParams leaves them.
 */
export function queryPairs(rawQuery: string): [string, string][] {
  return [...new URLSearchParams(rawQuery)];
}

interface Branch {
  readonly kind: 'branch';
  readonly children: Map<string, Node>;
}
type Node = { readonly kind: 'leaf'; readonly value: string } | Branch;

const invalid = (message: string): ApiError => new ApiError('InvalidParameter', message);

/**
 * The action's parameters from a GET query, every value a string: the API 3.0 flattening is
 * undone, `Name.Field=v` → `{Name: {Field: v}}` and `Name.N=v` / `Name.N.Field=v` → arrays
 * indexed from 0 (seed 003's `Extras.0=MIX_STREAM`; the official SDK flattens the same way).
 * The common parameters are left out. Turning strings into the action's types is the
 * product's validation's job (products/validate.ts), since only the action's schema knows them.
 */
export function queryParams(pairs: readonly [string, string][]): Record<string, unknown> {
  const root: Branch = { kind: 'branch', children: new Map() };
  for (const [name, value] of pairs) {
    if ((QUERY_COMMON_PARAMETERS as readonly string[]).includes(name)) continue;
    const segments = name.split('.');
    const leaf = segments.pop() ?? '';
    if (leaf === '' || segments.some((s) => s === '')) {
      throw invalid(`The query parameter name \`${name}\` is malformed.`);
    }
    const conflict = (): ApiError => invalid(`The query parameter \`${name}\` conflicts with another parameter.`);
    let node = root;
    for (const segment of segments) {
      const existing = node.children.get(segment);
      if (existing?.kind === 'leaf') throw conflict();
      const next: Branch = existing ?? { kind: 'branch', children: new Map() };
      node.children.set(segment, next);
      node = next;
    }
    const existing = node.children.get(leaf);
    if (existing?.kind === 'leaf') throw invalid(`The query parameter \`${name}\` is given more than once.`);
    if (existing !== undefined) throw conflict();
    node.children.set(leaf, { kind: 'leaf', value });
  }
  return build(root, '') as Record<string, unknown>;
}

/** A branch whose keys are exactly 0..n-1 is an array; any other branch is an object. */
function build(node: Node, path: string): unknown {
  if (node.kind === 'leaf') return node.value;
  const keys = [...node.children.keys()];
  const child = (key: string): unknown => build(node.children.get(key) as Node, path === '' ? key : `${path}.${key}`);
  const numeric = keys.filter((k) => /^\d+$/.test(k));
  // The top level is always the parameter object (a name like `0` there is simply unknown).
  if (path === '' || numeric.length === 0) return Object.fromEntries(keys.map((key) => [key, child(key)]));
  if (numeric.length !== keys.length) throw invalid(`The parameter \`${path}\` mixes array indices and field names.`);
  const indices = keys.map(Number).sort((a, b) => a - b);
  if (keys.some((k) => String(Number(k)) !== k) || indices.some((n, i) => n !== i)) {
    throw invalid(`The array \`${path}\` must be indexed 0, 1, 2, … without gaps.`);
  }
  return indices.map((n) => child(String(n)));
}
