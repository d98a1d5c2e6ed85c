/** The `RecordingKeys` values a provider event can be found by, most specific first. */
import { type ProviderEvent } from '../../../domain/contract';
import { routingKey } from '../../../domain/search-attributes';

/**
 * Characters a routing key may hold to be put in a visibility query. Provider ids (TaskIds are
 * base64-like, UserIds are [A-Za-z0-9_-]) fit; anything else (quotes, spaces, backslashes) is
 * dropped rather than escaped, so a callback can never shape the query.
 */
const QUERY_SAFE = /^[A-Za-z0-9_.:@+/=-]{1,512}$/;

const safe = (keys: readonly (string | undefined)[]): string[] =>
  keys.filter((key): key is string => key !== undefined && QUERY_SAFE.test(key));

/**
 * The keys in the order they are tried: first the TaskId (unique per provider task: the
 * recording that adopted it, and only that one, gets the event), then the identities the
 * workflow publishes before its start call, tried together when no recording holds the TaskId:
 * bot UserId, RecordUserId, the device (trro-cloud: every recording of that device, each
 * deciding whether an unknown task is one of its own) and the stream (css-live).
 */
export function routingTiersOf(event: ProviderEvent): string[][] {
  const tiers = [
    safe([taskKeyOf(event.taskId)]),
    safe([
      event.botUserId === undefined ? undefined : routingKey.bot(event.botUserId),
      event.recordUserId === undefined ? undefined : routingKey.recordUser(event.recordUserId),
      event.projectId === undefined || event.deviceId === undefined
        ? undefined
        : routingKey.device(event.projectId, event.deviceId),
      event.streamName === undefined ? undefined : routingKey.stream(event.streamName),
    ]),
  ];
  return tiers.filter((tier) => tier.length > 0);
}

/** The `task:` key of a TaskId, when it is query-safe. */
export function taskKeyOf(taskId: string | undefined): string | undefined {
  return safe([taskId === undefined ? undefined : routingKey.task(taskId)])[0];
}

/** Every key of {@link routingTiersOf}, most specific first. */
export function routingKeysOf(event: ProviderEvent): string[] {
  return routingTiersOf(event).flat();
}

/**
 * Keys that several recordings hold (every recording of a device, every recording of a stream,
 * over time or at once). A lookup by one of them must not be cached: a recording that starts
 * later would never hear of the events the cached answer sends elsewhere.
 */
export function isSharedKey(key: string): boolean {
  return SHARED_PREFIXES.some((prefix) => key.startsWith(prefix));
}

const prefixOf = (key: string): string => key.slice(0, key.indexOf(':') + 1);
const SHARED_PREFIXES = [prefixOf(routingKey.device('p', 'd')), prefixOf(routingKey.stream('s'))];

/** `RecordingKeys IN ('task:…', 'bot:…')`: every key is {@link QUERY_SAFE}, so no quoting issue. */
export function recordingKeysQuery(keys: readonly string[]): string {
  return `RecordingKeys IN (${keys.map((key) => `'${key}'`).join(', ')})`;
}
