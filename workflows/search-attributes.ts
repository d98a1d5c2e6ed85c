/**
 * Search attributes of a recording: list by product and state in the Temporal UI, and let the
 * callback gateway find a workflow by TaskId, bot UserId, RecordUserId, web RecordId or stream.
 * The client sets them at start, servers register the keys, and the workflow keeps them
 * current (the publisher at the end, the one part that runs only inside a workflow).
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair, type SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { ProviderIdentity, TaskRef } from '../domain/contract';
import type { Product } from '../domain/catalog';
import type { RecordingLifecycle } from './lifecycle';
import type { RecordingRequest, RecordingState } from './types';

/** The product (trtc-cloud, trtc-web, tiw-online, css-live, trro-cloud). */
export const RecordingProductKey = defineSearchAttributeKey('RecordingProduct', SearchAttributeType.KEYWORD);
/** The lifecycle state (lifecycle.ts `RecordingState`). */
export const RecordingStateKey = defineSearchAttributeKey('RecordingState', SearchAttributeType.KEYWORD);
/** The room (TRTC, TIW), the stream (css-live) or the device (trro-cloud). */
export const RecordingRoomKey = defineSearchAttributeKey('RecordingRoom', SearchAttributeType.KEYWORD);
/** The caller's recordId. */
export const RecordIdKey = defineSearchAttributeKey('RecordId', SearchAttributeType.KEYWORD);
/** Routing keys: `task:<TaskId>`, `bot:<UserId>`, `ruser:<RecordUserId>`, `web:<RecordId>`, `stream:<StreamName>`. */
export const RecordingKeysKey = defineSearchAttributeKey('RecordingKeys', SearchAttributeType.KEYWORD_LIST);

/** Every key the workflow writes; register these with the server (dev server `searchAttributes`). */
export const RECORDING_SEARCH_ATTRIBUTES = [RecordingProductKey, RecordingStateKey, RecordingRoomKey, RecordIdKey, RecordingKeysKey];

/** Routing-key builders, shared with the callback gateway so both sides spell them alike. */
export const routingKey = {
  task: (taskId: string): string => `task:${taskId}`,
  bot: (userId: string): string => `bot:${userId}`,
  recordUser: (recordUserId: string): string => `ruser:${recordUserId}`,
  web: (recordId: string): string => `web:${recordId}`,
  stream: (streamName: string): string => `stream:${streamName}`,
} as const;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Room, stream or device named by the start parameters, for `RecordingRoom`. */
export function roomOf(product: Product, params: Readonly<Record<string, unknown>>): string | undefined {
  switch (product) {
    case 'trtc-cloud':
    case 'tiw-online':
      return text(params['RoomId']);
    case 'css-live':
      return text(params['StreamName']);
    case 'trro-cloud':
      return text(params['DeviceId']);
    case 'trtc-web':
      return undefined;
  }
}

/**
 * The routing keys known so far, sorted and unique. Identity keys exist before the start call
 * is sent, so a callback racing the start response can already be routed.
 */
export function recordingKeys(
  params: Readonly<Record<string, unknown>>,
  identities: readonly ProviderIdentity[],
  taskIds: readonly string[],
  task?: TaskRef,
): string[] {
  const keys = new Set<string>();
  for (const id of identities) {
    if (id.botUserId) keys.add(routingKey.bot(id.botUserId));
    if (id.recordUserId) keys.add(routingKey.recordUser(id.recordUserId));
    if (id.webRecordId) keys.add(routingKey.web(id.webRecordId));
  }
  for (const taskId of taskIds) keys.add(routingKey.task(taskId));
  const stream = task?.streamName ?? text(params['StreamName']);
  if (stream !== undefined) keys.add(routingKey.stream(stream));
  return [...keys].sort();
}

/** The attributes to set when starting a recording workflow (the workflow keeps them current). */
export function initialSearchAttributes(
  recordId: string,
  product: Product,
  params: Readonly<Record<string, unknown>>,
  state: RecordingState,
): SearchAttributePair[] {
  const room = roomOf(product, params);
  const keys = recordingKeys(params, [], []);
  return [
    { key: RecordIdKey, value: recordId },
    { key: RecordingProductKey, value: product },
    { key: RecordingStateKey, value: state },
    ...(room === undefined ? [] : [{ key: RecordingRoomKey, value: room }]),
    ...(keys.length === 0 ? [] : [{ key: RecordingKeysKey, value: keys }]),
  ];
}

// ---- keeping them current (workflow) ---------------------------------------------------

/** Returns `publish()`: call it after anything that may change state, identity or TaskIds. */
export function searchAttributePublisher(request: RecordingRequest, life: RecordingLifecycle): () => void {
  let last = '';
  return () => {
    const s = life.data;
    const room = roomOf(request.product, request.params);
    const pairs: SearchAttributeUpdatePair[] = [
      { key: RecordIdKey, value: request.recordId },
      { key: RecordingProductKey, value: request.product },
      { key: RecordingStateKey, value: s.state },
      { key: RecordingKeysKey, value: recordingKeys(request.params, s.identity === undefined ? [] : [s.identity], s.taskIds, s.task) },
      ...(room === undefined ? [] : [{ key: RecordingRoomKey, value: room }]),
    ];
    const signature = JSON.stringify(pairs.map((p) => p.value));
    if (signature === last) return;
    last = signature;
    upsertSearchAttributes(pairs);
  };
}
