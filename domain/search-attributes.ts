/**
 * Search attributes of a recording: list by product and state in the Temporal UI, and let the
 * callback gateway find a workflow by TaskId, bot UserId, RecordUserId, web RecordId or stream.
 * Pure facts shared by every runtime: the client sets them at start, servers register the keys,
 * and the workflow keeps them current (workflows/search-attributes.ts).
 */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { ProviderIdentity, TaskRef } from './contract';
import type { Product } from './catalog';

/** The product (trtc-cloud, trtc-web, tiw-online, css-live, trro-cloud). */
export const RecordingProductKey = defineSearchAttributeKey('RecordingProduct', SearchAttributeType.KEYWORD);
/** The lifecycle state (workflows/lifecycle.ts `RecordingState`). */
export const RecordingStateKey = defineSearchAttributeKey('RecordingState', SearchAttributeType.KEYWORD);
/** The room (TRTC, TIW), the stream (css-live) or the device (trro-cloud). */
export const RecordingRoomKey = defineSearchAttributeKey('RecordingRoom', SearchAttributeType.KEYWORD);
/** The caller's recordId. */
export const RecordIdKey = defineSearchAttributeKey('RecordId', SearchAttributeType.KEYWORD);
/** Routing keys: `task:<TaskId>`, `bot:<UserId>`, `ruser:<RecordUserId>`, `web:<RecordId>`, `stream:<StreamName>`, `device:<ProjectId>/<DeviceId>`. */
export const RecordingKeysKey = defineSearchAttributeKey('RecordingKeys', SearchAttributeType.KEYWORD_LIST);

/**
 * TaskIds that may still bill and that a stop could still end (workflows/lifecycle.ts
 * `liveTaskIds`). A closed workflow that keeps some (terminated, timed out, a stop that failed)
 * is what the orphan sweep finds through visibility; a clean ending clears it.
 */
export const RecordingLiveTasksKey = defineSearchAttributeKey('RecordingLiveTasks', SearchAttributeType.KEYWORD_LIST);

/**
 * The quota key whose slot the recording holds (domain/admission.ts), from admission until it
 * releases; a lost admission workflow is rebuilt from the running recordings that hold it.
 */
export const RecordingAdmissionKey = defineSearchAttributeKey('RecordingAdmission', SearchAttributeType.KEYWORD_LIST);

/** Every key the workflow writes; register these with the server (dev server `searchAttributes`). */
export const RECORDING_SEARCH_ATTRIBUTES = [
  RecordingProductKey,
  RecordingStateKey,
  RecordingRoomKey,
  RecordIdKey,
  RecordingKeysKey,
  RecordingLiveTasksKey,
  RecordingAdmissionKey,
];

/** Routing-key builders, shared with the callback gateway so both sides spell them alike. */
export const routingKey = {
  task: (taskId: string): string => `task:${taskId}`,
  bot: (userId: string): string => `bot:${userId}`,
  recordUser: (recordUserId: string): string => `ruser:${recordUserId}`,
  web: (recordId: string): string => `web:${recordId}`,
  stream: (streamName: string): string => `stream:${streamName}`,
  /** trro-cloud: the device a task records; every recording of that device holds it (the TaskId tells them apart). */
  device: (projectId: string, deviceId: string): string => `device:${projectId}/${deviceId}`,
} as const;

/**
 * Characters a routing key may hold to be put in a visibility query. Provider ids (TaskIds are
 * base64-like, UserIds are [A-Za-z0-9_-]) fit; anything else (quotes, spaces, backslashes)
 * never goes into a query.
 */
export const QUERY_SAFE_KEY = /^[A-Za-z0-9_.:@+/=-]{1,512}$/;

/** `RecordingKeys IN ('task:…', 'bot:…')`; give it {@link QUERY_SAFE_KEY} keys only, so no quoting issue. */
export function recordingKeysQuery(keys: readonly string[]): string {
  return `RecordingKeys IN (${keys.map((key) => `'${key}'`).join(', ')})`;
}

/**
 * Keys that several recordings hold (every recording of a device, every recording of a stream,
 * over time or at once). A lookup by one of them must not be cached (a recording that starts
 * later would never hear of the events the cached answer sends elsewhere), and a match by one
 * alone does not say whose task it is.
 */
export function isSharedKey(key: string): boolean {
  return SHARED_PREFIXES.some((prefix) => key.startsWith(prefix));
}

const prefixOf = (key: string): string => key.slice(0, key.indexOf(':') + 1);
const SHARED_PREFIXES = [prefixOf(routingKey.device('p', 'd')), prefixOf(routingKey.stream('s'))];

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
  /** Publish `device:` (trro-cloud); false only for workflow code older than patch `stop-unadopted-tasks`. */
  withDevice = true,
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
  const project = text(params['ProjectId']);
  const device = text(params['DeviceId']);
  if (withDevice && project !== undefined && device !== undefined) keys.add(routingKey.device(project, device));
  return [...keys].sort();
}

/** The attributes to set when starting a recording workflow (the workflow keeps them current). */
export function initialSearchAttributes(
  recordId: string,
  product: Product,
  params: Readonly<Record<string, unknown>>,
  /** The workflow's RecordingState (workflows/lifecycle.ts) at start. */
  state: string,
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
