/** Search attributes and routing keys, tested directly: what the gateway finds a recording by. */
import { PRODUCTS } from '../../../domain/catalog';
import {
  RECORDING_SEARCH_ATTRIBUTES,
  RecordIdKey,
  RecordingKeysKey,
  RecordingRoomKey,
  initialSearchAttributes,
  recordingKeys,
  roomOf,
  routingKey,
} from '../../../domain/search-attributes';

test('routing keys name identity, tasks and stream; room per product', () => {
  expect(recordingKeys({}, [{ botUserId: 'b', webRecordId: 'w', recordUserId: 'r' }], ['t2', 't1'])).toEqual([
    'bot:b',
    'ruser:r',
    'task:t1',
    'task:t2',
    'web:w',
  ]);
  expect(recordingKeys({ StreamName: 's' }, [], [])).toEqual(['stream:s']);
  expect(PRODUCTS.map((p) => roomOf(p, { RoomId: 3560, StreamName: 's', DeviceId: 'd' }))).toEqual([
    '3560',
    undefined,
    '3560',
    's',
    'd',
  ]);
  const initial = initialSearchAttributes('r1', 'css-live', { StreamName: 's' }, 'Starting');
  expect(initial.find((p) => p.key.name === RecordingKeysKey.name)?.value).toEqual(['stream:s']);
});

test('the attribute names are the ones registered on servers and recorded in histories', () => {
  expect(RECORDING_SEARCH_ATTRIBUTES.map((k) => `${k.name}:${k.type}`)).toEqual([
    'RecordingProduct:KEYWORD',
    'RecordingState:KEYWORD',
    'RecordingRoom:KEYWORD',
    'RecordId:KEYWORD',
    'RecordingKeys:KEYWORD_LIST',
    'RecordingLiveTasks:KEYWORD_LIST',
    'RecordingAdmission:KEYWORD_LIST',
  ]);
});

test('keys are unique across identities and the stream of the task beats the one in the parameters', () => {
  const keys = recordingKeys({ StreamName: 'param' }, [{ botUserId: 'b' }, { botUserId: 'b' }], ['t', 't'], {
    product: 'css-live',
    taskId: 't',
    identity: {},
    streamName: 'task',
  });
  expect(keys).toEqual(['bot:b', 'stream:task', 'task:t']);
  expect([
    routingKey.task('1'),
    routingKey.bot('2'),
    routingKey.recordUser('3'),
    routingKey.web('4'),
    routingKey.stream('5'),
  ]).toEqual(['task:1', 'bot:2', 'ruser:3', 'web:4', 'stream:5']);
});

test('the start attributes leave out a room and keys the request does not name', () => {
  const initial = initialSearchAttributes('r1', 'trtc-web', {}, 'Scheduled');
  expect(initial.map((p) => p.key.name)).toEqual(['RecordId', 'RecordingProduct', 'RecordingState']);
  expect(initial.find((p) => p.key.name === RecordIdKey.name)?.value).toBe('r1');
  const room = initialSearchAttributes('r2', 'trtc-cloud', { RoomId: 7 }, 'Starting');
  expect(room.find((p) => p.key.name === RecordingRoomKey.name)?.value).toBe('7');
});

test('trro-cloud: the device is a key from the start, so a task the recording never adopted still finds it', () => {
  const params = { ProjectId: 'proj', DeviceId: 'dev-1', VideoStreamId: 0 };
  expect(routingKey.device('proj', 'dev-1')).toBe('device:proj/dev-1');
  expect(recordingKeys(params, [{}], ['t1'])).toEqual(['device:proj/dev-1', 'task:t1']);
  // Workflow code older than patch stop-unadopted-tasks published no device key.
  expect(recordingKeys(params, [{}], ['t1'], undefined, false)).toEqual(['task:t1']);
  const initial = initialSearchAttributes('r1', 'trro-cloud', params, 'Starting');
  expect(initial.find((p) => p.key.name === RecordingKeysKey.name)?.value).toEqual(['device:proj/dev-1']);
});
