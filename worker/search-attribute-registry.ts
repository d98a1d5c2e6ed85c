/** Checks and registers custom search attributes on a namespace through the operator API. */
import { type Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { type AnySearchAttributeKey } from './search-attributes';

function indexedType(key: AnySearchAttributeKey) {
  const encoded = encodeSearchAttributeIndexedValueType(key.type);
  if (encoded === undefined) throw new Error(`search attribute ${key.name} has an unknown type ${key.type}`);
  return encoded;
}

/** The keys the namespace lacks (by name; a same-named attribute of another type counts as present but wrong). */
export async function missingSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly AnySearchAttributeKey[],
): Promise<{ missing: AnySearchAttributeKey[]; wrongType: string[] }> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  const custom = listed.customAttributes ?? {};
  const missing: AnySearchAttributeKey[] = [];
  const wrongType: string[] = [];
  for (const key of keys) {
    const present = custom[key.name];
    if (present === undefined) missing.push(key);
    else if (present !== encodeSearchAttributeIndexedValueType(key.type)) wrongType.push(key.name);
  }
  return { missing, wrongType };
}

/**
 * Registers whichever keys are missing. Needed beyond the dev server's start flags because
 * those apply only when the SQLite file is new: an attribute added later would never appear.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly AnySearchAttributeKey[],
): Promise<void> {
  const { missing, wrongType } = await missingSearchAttributes(connection, namespace, keys);
  if (wrongType.length > 0) {
    throw new Error(`search attributes exist with another type in namespace ${namespace}: ${wrongType.join(', ')}`);
  }
  if (missing.length === 0) return;
  const searchAttributes = Object.fromEntries(missing.map((key) => [key.name, indexedType(key)]));
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
}
