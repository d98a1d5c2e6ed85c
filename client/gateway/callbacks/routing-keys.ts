/** The `RecordingKeys` values a provider event can be found by, most specific first. */
import { type ProviderEvent } from '../../../domain/contract';
import { QUERY_SAFE_KEY, routingKey } from '../../../domain/search-attributes';

/** A key that is not {@link QUERY_SAFE_KEY} is dropped rather than escaped, so a callback can never shape the query. */
const safe = (keys: readonly (string | undefined)[]): string[] =>
  keys.filter((key): key is string => key !== undefined && QUERY_SAFE_KEY.test(key));

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
