/**
 * Serializes a request payload once, to the exact bytes that are hashed and sent.
 * Matches the SDK's `JSONbig.stringify(deepRemoveNull(payload))`: `null` object members are
 * dropped recursively (array elements are kept), and `bigint` prints as its digits so
 * 64-bit IDs survive. Values JSON cannot carry are refused with the field's path.
 */

function fail(path: string, rule: string): never {
  throw new TypeError(`payload${path}: ${rule}`);
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Returns undefined for members JSON omits (`undefined`). */
function write(value: unknown, path: string): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : fail(path, 'must be a finite number');
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${Array.from(value, (item: unknown, i) => write(item, `${path}[${i}]`) ?? 'null').join(',')}]`;
      }
      if (!isPlainObject(value)) return fail(path, 'must be plain JSON data (no Date, Map or class instance)');
      return writeObject(value as Record<string, unknown>, path);
    default:
      return fail(path, `cannot be a ${typeof value}`);
  }
}

function writeObject(value: Record<string, unknown>, path: string): string {
  const members: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (member === null) continue; // the SDK strips null members before sending
    const text = write(member, `${path}.${key}`);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}

/** The request body text for a payload; throws a `TypeError` naming the bad field. */
export function serializeJsonBody(payload: Readonly<Record<string, unknown>>): string {
  return write(payload, '') ?? fail('', 'must be an object');
}
