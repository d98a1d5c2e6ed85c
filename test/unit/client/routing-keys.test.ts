// Both sides of callback routing agree: the keys a recording publishes before its start call, and the keys the gateway reads from each product's callbacks.
import { routingKeysOf, routingTiersOf } from '../../../client/gateway/callbacks/routing-keys';
import type { Product } from '../../../domain/catalog';
import { deriveIdentity } from '../../../domain/identity';
import { recordingKeys } from '../../../domain/search-attributes';
import { interpretCallback } from '../../../recorders/registry';
import { VALID_PARAMS } from '../recorders/fixtures';

const RECORD_ID = 'lesson-42';
const TASK_ID = 'provider-task-1';

/** The keys the workflow publishes before its first start call (no TaskId yet). */
function keysBeforeStart(product: Product): string[] {
  const params = VALID_PARAMS[product];
  return recordingKeys(params, [deriveIdentity(product, RECORD_ID, 0, params)], []);
}

/** The keys the gateway reads from the product's first callback, shaped as reference §10 documents it. */
function keysOfFirstCallback(product: Product): string[] {
  const identity = deriveIdentity(product, RECORD_ID, 0, VALID_PARAMS[product]);
  const trtcFamily = (group: number, type: number, info: Record<string, unknown>) => ({
    EventGroupId: group,
    EventType: type,
    CallbackTs: 1700000000123,
    EventInfo: { EventTs: 1700000000, EventMsTs: 1700000000100, TaskId: TASK_ID, Payload: { Status: 0 }, ...info },
  });
  const bodies: Record<Product, unknown> = {
    // 301: RoomId, the bot's UserId and the TaskId (reference §8: every event carries all three).
    'trtc-cloud': trtcFamily(3, 301, { RoomId: '3560', UserId: identity.botUserId }),
    // 801: TaskId only; the RecordId (`web:` key) is never in a callback.
    'trtc-web': trtcFamily(8, 801, { Payload: { Status: 1 } }),
    // TRRO follows the TRTC format; its task has no room or bot, so it names the device stream
    // (reference open question 4: the emulator sends ProjectId, DeviceId, VideoStreamId).
    'trro-cloud': trtcFamily(3, 301, {
      ProjectId: VALID_PARAMS['trro-cloud']['ProjectId'],
      DeviceId: VALID_PARAMS['trro-cloud']['DeviceId'],
      VideoStreamId: VALID_PARAMS['trro-cloud']['VideoStreamId'],
    }),
    'tiw-online': {
      EventType: 'OnlineRecordStarted',
      EventData: { TaskId: TASK_ID, RoomId: 1203, RecordUserId: identity.recordUserId },
      ExpireTime: 1700000600,
      Sign: 'not checked here',
      Timestamp: 1700000000,
    },
    'css-live': {
      event_type: 332,
      stream_id: 'livetest',
      record_event: 'record_start_succeeded',
      session_id: 's1',
      t: 1700000600,
      sign: 'not checked here',
    },
  };
  const event = interpretCallback(product, bodies[product]);
  if (event === undefined) throw new Error(`${product}: the sample callback is not a recording event`);
  return routingKeysOf(event);
}

const shared = (product: Product): string[] => {
  const published = new Set(keysBeforeStart(product));
  return keysOfFirstCallback(product).filter((key) => published.has(key));
};

test('the gateway reads the TaskId first, then every identity key the callback carries', () => {
  expect(keysOfFirstCallback('trtc-cloud')).toEqual([`task:${TASK_ID}`, expect.stringMatching(/^bot:recbot_/)]);
  expect(keysOfFirstCallback('tiw-online')).toEqual([
    `task:${TASK_ID}`,
    expect.stringMatching(/^ruser:tic_record_user_1203_/),
  ]);
  expect(keysOfFirstCallback('css-live')).toEqual(['stream:livetest']);
  expect(keysOfFirstCallback('trro-cloud')).toEqual([`task:${TASK_ID}`, expect.stringMatching(/^device:/)]);
});

test('the TaskId is a tier of its own: the recording that adopted a task gets its events alone', () => {
  const event = interpretCallback('trro-cloud', {
    EventGroupId: 3,
    EventType: 301,
    EventInfo: { EventMsTs: 1, TaskId: TASK_ID, ProjectId: 'p', DeviceId: 'd', Payload: { Status: 0 } },
  });
  expect(routingTiersOf(event!)).toEqual([[`task:${TASK_ID}`], ['device:p/d']]);
});

test.each([
  ['trtc-cloud', /^bot:/],
  ['tiw-online', /^ruser:/],
  ['css-live', /^stream:/],
  ['trro-cloud', /^device:/],
] as const)('%s: a callback racing the start response already finds its recording', (product, key) => {
  expect(shared(product)).toEqual([expect.stringMatching(key)]);
});

test.each(['trtc-web'] as const)(
  '%s: only the TaskId routes, so a callback before the start response (or of a task never adopted) is answered 503',
  (product) => {
    expect(shared(product)).toEqual([]);
    expect(keysOfFirstCallback(product)).toEqual([`task:${TASK_ID}`]);
    // Once the recording has adopted the task, the TaskId is the key both sides share.
    const params = VALID_PARAMS[product];
    const adopted = recordingKeys(params, [deriveIdentity(product, RECORD_ID, 0, params)], [TASK_ID]);
    expect(adopted).toContain(`task:${TASK_ID}`);
  },
);
