/** The `RecordingKeys` values a provider event can be found by, most specific first. */
import { type ProviderEvent } from '../../../domain/contract';
import { routingKey } from '../../../domain/search-attributes';

/**
 * Characters a routing key may hold to be put in a visibility query. Provider ids (TaskIds are
 * base64-like, UserIds are [A-Za-z0-9_-]) fit; anything else (quotes, spaces, backslashes) is
 * dropped rather than escaped, so a callback can never shape the query.
 */
const QUERY_SAFE = /^[A-Za-z0-9_.:@+/=-]{1,512}$/;

/**
 * TaskId first (unique per provider task), then the identities the workflow publishes before
 * its start call (bot UserId, RecordUserId), then the stream (css-live, shared across time).
 */
export function routingKeysOf(event: ProviderEvent): string[] {
  const keys = [
    event.taskId === undefined ? undefined : routingKey.task(event.taskId),
    event.botUserId === undefined ? undefined : routingKey.bot(event.botUserId),
    event.recordUserId === undefined ? undefined : routingKey.recordUser(event.recordUserId),
    event.streamName === undefined ? undefined : routingKey.stream(event.streamName),
  ];
  return keys.filter((key): key is string => key !== undefined && QUERY_SAFE.test(key));
}

/** `RecordingKeys IN ('task:…', 'bot:…')`: every key is {@link QUERY_SAFE}, so no quoting issue. */
export function recordingKeysQuery(keys: readonly string[]): string {
  return `RecordingKeys IN (${keys.map((key) => `'${key}'`).join(', ')})`;
}
