/** What may still bill: the orphan sweep's search attribute and a stop's honest `stopped`. */
import type { TaskRef } from '../../../domain/contract';
import { isStopped, stillLive } from '../../../client/recordings/closure';
import { publicStatus } from '../../../client/recordings/public-shapes';
import { liveTaskIds, liveTaskRefs, RecordingLifecycle } from '../../../workflows/lifecycle';
import type { RecordingStatus } from '../../../workflows/types';

const task: TaskRef = {
  product: 'trro-cloud',
  taskId: 't-1',
  region: 'ap-guangzhou',
  identity: {},
};

function recording(): RecordingLifecycle {
  const life = RecordingLifecycle.create({}, 0);
  life.noteStartCall({}, 1);
  life.adoptTask(task, 2);
  return life;
}

function statusOf(life: RecordingLifecycle, extra: Partial<RecordingStatus> = {}): RecordingStatus {
  const { seenEventIds: _w, ...s } = life.snapshot();
  return { ...s, recordId: 'r', product: 'trro-cloud', expiryPolicy: 'stop-before-expiry', ...extra };
}

test('the adopted task is live until it is stopped or the provider ended it', () => {
  const stopped = recording();
  expect(liveTaskIds(stopped.data)).toEqual(['t-1']);
  stopped.requestStop('stopped-by-request', 3);
  stopped.beginStopping();
  stopped.stopped(4);
  stopped.finish(5);
  expect(liveTaskIds(stopped.data)).toEqual([]);

  const ended = recording();
  ended.providerEnded({ atMs: 3, source: 'callback', cause: 'idle-timeout' });
  expect(liveTaskIds(ended.data)).toEqual([]);
});

test('a stop that failed leaves the task live; control lost or given up does not (no stop could end it)', () => {
  const failed = recording();
  failed.fail('InternalError', 'stop refused', 3);
  expect(liveTaskIds(failed.data)).toEqual(['t-1']);

  const lost = recording();
  lost.finish(3, 'control-lost');
  expect(liveTaskIds(lost.data)).toEqual([]);

  const detached = recording();
  detached.detach('expiry policy detach', 3);
  expect(liveTaskIds(detached.data)).toEqual([]);
});

test('duplicates still to stop are live beside the adopted task and addressed like it', () => {
  const life = recording();
  life.addExtraTask('t-2');
  expect(liveTaskIds(life.data)).toEqual(['t-1', 't-2']);
  expect(liveTaskRefs(life.data)).toEqual({ tasks: [task, { ...task, taskId: 't-2' }], unresolved: [] });
  life.extraTaskHandled('t-2');
  expect(liveTaskIds(life.data)).toEqual(['t-1']);
});

test('a duplicate with no adopted task to copy from is unresolved', () => {
  const life = RecordingLifecycle.create({}, 0);
  life.addExtraTask('t-9');
  expect(liveTaskRefs(life.data)).toEqual({ tasks: [], unresolved: ['t-9'] });
});

describe('isStopped (the gateway stop answer)', () => {
  test('false while recording, true once stopped', () => {
    const life = recording();
    expect(isStopped(publicStatus(statusOf(life)))).toBe(false);
    life.requestStop('stopped-by-request', 3);
    life.beginStopping();
    life.stopped(4);
    life.finish(5);
    expect(isStopped(publicStatus(statusOf(life)))).toBe(true);
  });

  test('false for a failed stop, for Detached and for control-lost, though all three have ended', () => {
    const failed = recording();
    failed.fail('InternalError', 'stop refused', 3);
    expect(isStopped(publicStatus(statusOf(failed)))).toBe(false);
    const lost = recording();
    lost.finish(3, 'control-lost');
    expect(isStopped(publicStatus(statusOf(lost)))).toBe(false);
    const detached = RecordingLifecycle.create({}, 0);
    detached.detach('css-live TaskId unknown', 3);
    expect(isStopped(publicStatus(statusOf(detached)))).toBe(false);
  });

  test('a terminated recording is stopped only once its reap stopped every task', () => {
    const life = recording();
    const closure = (reap: NonNullable<RecordingStatus['closure']>['reap']) =>
      statusOf(life, {
        state: 'Terminated',
        closure: {
          executionStatus: 'TERMINATED',
          lastState: 'Recording',
          liveTaskIds: ['t-1'],
          startMayHaveCreated: false,
          reap,
        },
      });
    expect(isStopped(publicStatus(closure({ state: 'pending' })))).toBe(false);
    const report = (outcome: 'stopped' | 'failed') => ({
      state: 'done' as const,
      report: {
        recordId: 'r',
        workflowId: 'w',
        runId: 'x',
        executionStatus: 'TERMINATED',
        by: 'sweep' as const,
        startedAtMs: 1,
        endedAtMs: 2,
        tasks: [{ taskId: 't-1', outcome }],
      },
    });
    expect(isStopped(publicStatus(closure(report('stopped'))))).toBe(true);
    expect(isStopped(publicStatus(closure(report('failed'))))).toBe(false);
    expect(stillLive(closure(report('failed')))).toEqual(['t-1']);
  });
});
