/** The visibility queries of the orphan sweep: what they select, and that provider ids never inject query text. */
import { unadoptedCandidates } from '../../../worker/closed-runs';
import { orphanQuery, ownerQuery } from '../../../worker/orphan-finder';

test('closed recordings that left live tasks, continued-as-new runs excluded', () => {
  const query = orphanQuery(new Date('2026-12-01T00:00:00Z'));
  expect(query).toContain("WorkflowType = 'recordingWorkflow'");
  expect(query).toContain('RecordingLiveTasks IS NOT NULL');
  expect(query).toContain("CloseTime > '2026-12-01T00:00:00.000Z'");
  expect(query).not.toContain('ContinuedAsNew');
});

test('a task is owned by a running recording by TaskId or by its bot', () => {
  expect(ownerQuery({ taskId: 't-1', recordUserId: 'tic_record_user_1_x' })).toBe(
    "WorkflowType = 'recordingWorkflow' AND ExecutionStatus = 'Running' AND (RecordingKeys = 'task:t-1' OR RecordingKeys = 'ruser:tic_record_user_1_x')",
  );
  expect(ownerQuery({ taskId: 't-1' })).toContain("(RecordingKeys = 'task:t-1')");
});

test.each([["t-1' OR 'a' = 'a"], ['t 1'], ['t\\1']])(
  'an id that is not plain id characters (%s) builds no query',
  (taskId) => {
    expect(ownerQuery({ taskId })).toBeUndefined();
    expect(ownerQuery({ taskId: 't-1', recordUserId: taskId })).toBeUndefined();
  },
);

test('a trro-cloud run closed while Starting claims the tasks it saw start on its device, one per uncertain start', () => {
  const closedMidStart = {
    state: 'Starting',
    product: 'trro-cloud',
    candidateTaskIds: ['t-1', 't-2', 't-3'],
    identity: {},
    startCalls: 1,
  } as const;
  const claim = (fields: object) =>
    unadoptedCandidates({ ...closedMidStart, ...fields } as unknown as Parameters<typeof unadoptedCandidates>[0]);
  // The start call it closed during may have made one.
  expect(claim({})).toEqual([{ product: 'trro-cloud', taskId: 't-1', identity: {} }]);
  // Plus one per earlier start of uncertain outcome.
  expect(claim({ unaccountedStarts: 1 }).map((t) => t.taskId)).toEqual(['t-1', 't-2']);
  // No start call made: the tasks are another recording's of the same device.
  expect(claim({ startCalls: 0 })).toEqual([]);
  // Past Starting its candidates were handled by the workflow itself.
  expect(claim({ state: 'Recording' })).toEqual([]);
});
