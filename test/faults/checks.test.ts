/** The fault suite's judgement, on hand-made observations (no stack). */
import type { TaskView } from '../../emulator/index';
import type { RecordingResult } from '../../client/recordings/public-shapes';
import { judge, type RecordingObservation } from './checks';
import { exceptionFor } from './exceptions';

const task = (taskId: string, createdAt: number, endedAt?: number, extra: Partial<TaskView> = {}): TaskView => ({
  product: 'trro-cloud',
  taskId,
  status: endedAt === undefined ? 'running' : 'ended',
  running: endedAt === undefined,
  createdAt,
  ...(endedAt !== undefined ? { endedAt, endReason: 'stopped-by-api' } : {}),
  identity: {},
  files: [],
  calls: [],
  detail: {},
  ...extra,
});

const result = (over: Partial<RecordingResult>): RecordingResult => ({
  recordId: 'r',
  product: 'trro-cloud',
  state: 'Completed',
  endReason: 'stopped-by-request',
  taskIds: [],
  attempts: 1,
  requestedAt: '2026-12-01T00:00:00.000Z',
  endedAt: '2026-12-01T00:00:10.000Z',
  files: [],
  filesComplete: true,
  warnings: [],
  ...over,
});

const observe = (over: Partial<RecordingObservation>): RecordingObservation => ({
  recordId: 'r',
  product: 'trro-cloud',
  workflowStatus: 'COMPLETED',
  stopRequested: true,
  terminated: false,
  tasks: [],
  settledAt: 100_000,
  ...over,
});

test('a clean recording has no finding', () => {
  expect(judge(observe({ result: result({ taskId: 'a', taskIds: ['a'] }), tasks: [task('a', 0, 9_000)] }))).toEqual([]);
});

test('an undeclared task billed alongside ours is a duplicate, and an orphan while it runs', () => {
  const findings = judge(
    observe({ result: result({ taskId: 'b', taskIds: ['b'] }), tasks: [task('a', 0), task('b', 5_000, 9_000)] }),
  );
  expect(findings.map((f) => [f.check, f.taskId])).toEqual([
    ['duplicate', 'a'],
    ['orphan', 'a'],
  ]);
});

test('a replacement that starts as the earlier task ends is no duplicate', () => {
  const findings = judge(
    observe({ result: result({ taskId: 'b', taskIds: ['b'] }), tasks: [task('a', 0, 5_000), task('b', 5_000, 9_000)] }),
  );
  expect(findings).toEqual([]);
});

test('a trtc-cloud task ended by the same bot entering again is replaced, not duplicated; a late end is a duplicate', () => {
  const replaced = (endedAt: number): TaskView =>
    task('old', 0, endedAt, { product: 'trtc-cloud', endReason: 'same-user-reentered' });
  const ours = task('new', 5_000, 9_000, { product: 'trtc-cloud' });
  const res = result({ product: 'trtc-cloud', taskId: 'new', taskIds: ['new'] });
  expect(judge(observe({ product: 'trtc-cloud', result: res, tasks: [replaced(5_300), ours] }))).toEqual([]);
  expect(
    judge(observe({ product: 'trtc-cloud', result: res, tasks: [replaced(8_000), ours] })).map((f) => f.check),
  ).toEqual(['duplicate']);
});

test('our own task still running after a closed, stopped result is a lost stop', () => {
  const findings = judge(observe({ result: result({ taskId: 'a', taskIds: ['a'] }), tasks: [task('a', 0)] }));
  expect(findings.map((f) => f.check)).toEqual(['lost-stop']);
});

test('a Detached result naming the time the unknown task ends by declares it', () => {
  const endMs = Date.parse('2026-12-02T01:00:00Z');
  const detached = result({
    product: 'css-live',
    state: 'Detached',
    endReason: 'detached',
    detachedReason: 'create was ambiguous; the provider ends it by itself at 2026-12-02T01:00:00.000Z',
  });
  const running = task('7', 0, undefined, { product: 'css-live', detail: { endMs } });
  expect(judge(observe({ product: 'css-live', result: detached, tasks: [running] }))).toEqual([]);
  const later = task('7', 0, undefined, { product: 'css-live', detail: { endMs: endMs + 60_000 } });
  expect(judge(observe({ product: 'css-live', result: detached, tasks: [later] })).map((f) => f.check)).toEqual([
    'orphan',
  ]);
});

test('a run closed mid-start whose status names the time its unanswered task ends by declares it', () => {
  const endMs = Date.parse('2026-12-02T01:00:00Z');
  const closure = (mayRunUntil?: string): NonNullable<RecordingObservation['closure']> => ({
    executionStatus: 'TERMINATED',
    lastState: 'Starting',
    liveTaskIds: [],
    startMayHaveCreated: true,
    reap: { state: 'unreachable', reason: 'no lookup', ...(mayRunUntil === undefined ? {} : { mayRunUntil }) },
  });
  const terminated = { product: 'css-live', workflowStatus: 'TERMINATED', resultError: 'terminated' } as const;
  const running = task('7', 0, undefined, { product: 'css-live', detail: { endMs } });
  expect(judge(observe({ ...terminated, closure: closure('2026-12-02T01:00:00.000Z'), tasks: [running] }))).toEqual([]);
  // No bound named, or a task that runs past it: an orphan.
  expect(judge(observe({ ...terminated, closure: closure(), tasks: [running] })).map((f) => f.check)).toEqual([
    'orphan',
  ]);
  const later = task('7', 0, undefined, { product: 'css-live', detail: { endMs: endMs + 60_000 } });
  expect(
    judge(observe({ ...terminated, closure: closure('2026-12-02T01:00:00.000Z'), tasks: [later] })).map((f) => f.check),
  ).toEqual(['orphan']);
});

test('Failed while the provider stopped the task is a false failure; a stuck workflow is stuck', () => {
  const failed = result({ state: 'Failed', endReason: 'failed', failure: { type: 'X', message: 'y' } });
  expect(judge(observe({ result: failed, tasks: [task('a', 0, 9_000)] })).map((f) => f.check)).toEqual([
    'false-failure',
  ]);
  expect(judge(observe({ workflowStatus: 'RUNNING', tasks: [task('a', 0)] })).map((f) => f.check)).toEqual(['stuck']);
});

test('a terminated recording with its task running is an orphan', () => {
  const findings = judge(observe({ workflowStatus: 'TERMINATED', resultError: 'terminated', tasks: [task('a', 0)] }));
  expect(findings.map((f) => f.check)).toEqual(['orphan']);
});

test('no finding is excused any more: a create in flight at a terminate and a lost trro create both fail the run', () => {
  const terminated = { workflowStatus: 'TERMINATED', resultError: 'terminated', tasks: [task('a', 0)] } as const;
  for (const product of ['trtc-cloud', 'trro-cloud'] as const)
    expect(judge(observe({ ...terminated, product, closedState: 'Starting' })).map(exceptionFor)).toEqual([undefined]);
  const warned = result({
    taskId: 'b',
    taskIds: ['b'],
    warnings: [{ code: 'start-uncertain', detail: 'create ambiguous', at: '2026-12-01T00:00:01.000Z', count: 1 }],
  });
  const findings = judge(observe({ result: warned, tasks: [task('a', 0), task('b', 5_000, 9_000)] }));
  expect(findings.map((f) => f.check)).toEqual(['duplicate', 'orphan']);
  expect(findings.map(exceptionFor)).toEqual([undefined, undefined]);
});
