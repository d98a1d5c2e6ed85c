/** How callers reach a recording, tested directly: the workflow id and the message names histories record. */
import {
  extendUpdate,
  modifyUpdate,
  pauseUpdate,
  providerEventSignal,
  recordIdOfWorkflowId,
  recordingWorkflowId,
  resumeUpdate,
  statusQuery,
  stopSignal,
  stopUpdate,
} from '../../../workflows/messages';

test('workflow ids round-trip and refuse an empty recordId', () => {
  expect(recordingWorkflowId('abc')).toBe('recording:abc');
  expect(recordIdOfWorkflowId('recording:abc')).toBe('abc');
  expect(recordIdOfWorkflowId('other')).toBeUndefined();
  expect(() => recordingWorkflowId('')).toThrow(/recordId/);
});

test("a bare prefix names no recording; a scheduled run's suffix stays part of the recordId", () => {
  expect(recordIdOfWorkflowId('recording:')).toBeUndefined();
  expect(recordIdOfWorkflowId('recording:daily-2025-01-01T00:00:00Z')).toBe('daily-2025-01-01T00:00:00Z');
});

test('message names are the ones committed histories recorded (renaming one breaks running recordings)', () => {
  const names = [
    stopUpdate,
    stopSignal,
    pauseUpdate,
    resumeUpdate,
    modifyUpdate,
    extendUpdate,
    providerEventSignal,
    statusQuery,
  ].map((d) => d.name);
  expect(names).toEqual([
    'stopUpdate',
    'stopSignal',
    'pauseUpdate',
    'resumeUpdate',
    'modifyUpdate',
    'extendUpdate',
    'providerEventSignal',
    'statusQuery',
  ]);
});
