/**
 * Admission control (patch `admission-control`, workflows/admission.ts and workflows/queue.ts)
 * on a real dev server: a slot is released on every ending, a stop or cancel while Queued ends
 * the recording with no provider call and leaves the queue, a terminated holder's slot is
 * reclaimed, and a lost semaphore is rebuilt from visibility before it admits anyone. Real
 * time, so the semaphore's periodic check (1 s here) really runs; every wait is a bounded
 * condition, never a sleep.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { admissionWorkflowId, positionOf, type AdmissionState } from '../../domain/admission';
import { RecordingAdmissionKey } from '../../domain/search-attributes';
import { acquireSignal, admissionStateQuery } from '../../workflows/admission-messages';
import { admissionWorkflow, type AdmissionInput } from '../../workflows/admission';
import { extendUpdate, providerEventSignal, statusQuery, stopUpdate } from '../../workflows/messages';
import type { RecordingStatus } from '../../workflows/types';
import { untilTrue, until } from '../support/wait';
import { FakeProvider } from './support/fake-provider';
import { HISTORY_DIR, Harness, saveHistory, type StartedRecording } from './support/harness';
import { historyToJson } from './support/history-json';
import { MINUTE, event, paramsFor } from './support/params';

let h: Harness;
/** Read by the activities at each call, so a test may change it (as a redeployed worker would). */
const limits: { families: { trtc?: number }; keys: Record<string, number> } = { families: { trtc: 1 }, keys: {} };

beforeAll(async () => {
  // One slot per TRTC app; each test uses its own app, so its own semaphore.
  h = await Harness.create(['trtc-web'], { server: 'dev', admission: { limits, checkIntervalMs: 1_000 } });
}, 120_000);

afterAll(async () => {
  await h?.teardown();
});

beforeEach(() => {
  h.provider = new FakeProvider();
});

const WAIT = { timeoutMs: 60_000, intervalMs: 100 };

/** A fresh TRTC app: its own quota key, so its own semaphore. */
function freshApp(): number {
  return 1_400_000_000 + Math.floor(Math.random() * 99_999_999);
}

async function startOn(app: number): Promise<StartedRecording> {
  const now = await h.now();
  const params = paramsFor('trtc-web', now, { SdkAppId: app });
  return h.start(h.request('trtc-web', params, { collectTimeoutMs: 5 * MINUTE }));
}

function statusOf(handle: StartedRecording): Promise<RecordingStatus> {
  return handle.query(statusQuery);
}

async function waitState(handle: StartedRecording, state: string): Promise<RecordingStatus> {
  return until(
    `${handle.workflowId} ${state}`,
    () => statusOf(handle),
    (s) => s.state === state,
    WAIT,
  );
}

function semaphore(app: number): Promise<AdmissionState> {
  return h.env.client.workflow.getHandle(admissionWorkflowId(`trtc:${app}`)).query(admissionStateQuery);
}

/** Stop, then the 312 upload callback: the recording completes. */
async function stopAndFinish(handle: StartedRecording): Promise<void> {
  const status = await handle.executeUpdate(stopUpdate, { args: [{}] });
  await handle.signal(providerEventSignal, event('trtc-web', { kind: 'upload-complete', taskId: status.taskId }));
}

function startsOf(handle: StartedRecording): number {
  return h.provider
    .callsOf('startTask')
    .filter((c) => (c.input as { recordId: string }).recordId === handle.workflowId.slice('recording:'.length)).length;
}

/** The admission workflow's history, for the replay test (RECORD_HISTORIES only). */
async function saveSemaphoreHistory(app: number, name: string, runId?: string): Promise<void> {
  const generation = process.env['RECORD_HISTORIES'];
  if (generation === undefined || generation === '') return;
  const dir = join(HISTORY_DIR, generation);
  mkdirSync(dir, { recursive: true });
  const history = await h.env.client.workflow.getHandle(admissionWorkflowId(`trtc:${app}`), runId).fetchHistory();
  writeFileSync(join(dir, `${name}.json`), historyToJson(history));
}

test('each ending releases the slot: stopped, provider-ended, failed (cancelled: next test), each admits the next in FIFO order', async () => {
  const app = freshApp();
  h.provider.script.startTask = (input) => {
    if (input.params['RecordUrl'] !== 'https://example.test/refused') return undefined;
    const refused = ApplicationFailure.nonRetryable('no such page', 'InvalidParameter');
    refused.stack = ''; // no local paths in a committed history
    throw refused;
  };
  const a = await startOn(app);
  await waitState(a, 'Recording');
  const b = await startOn(app);
  const queued = await waitState(b, 'Queued');
  expect(queued.admission?.quotaKey).toBe(`trtc:${app}`);
  const c = await startOn(app);
  await waitState(c, 'Queued');
  // FIFO: b is next, c after it; a holds the slot.
  await untilTrue(
    'b 1st and c 2nd in the queue',
    async () => {
      const s = await semaphore(app);
      return (
        positionOf(s, a.workflowId) === 'holding' &&
        positionOf(s, b.workflowId) === 1 &&
        positionOf(s, c.workflowId) === 2
      );
    },
    WAIT,
  );
  expect(startsOf(b)).toBe(0);

  // a stopped by request → b admitted (c still queued, now first).
  await stopAndFinish(a);
  expect((await a.result()).endReason).toBe('stopped-by-request');
  const bRecording = await waitState(b, 'Recording');
  expect((await statusOf(c)).state).toBe('Queued');
  expect(positionOf(await semaphore(app), c.workflowId)).toBe(1);

  // b ended by the provider → c admitted.
  await b.signal(providerEventSignal, event('trtc-web', { kind: 'upload-complete', taskId: bRecording.taskId }));
  expect((await b.result()).endReason).toBe('ended-externally');
  await waitState(c, 'Recording');

  // d queued behind c; its start is refused (Failed) once admitted, and that ending releases too.
  const now = await h.now();
  const d = await h.start(
    h.request('trtc-web', paramsFor('trtc-web', now, { SdkAppId: app, RecordUrl: 'https://example.test/refused' })),
  );
  await waitState(d, 'Queued');
  await stopAndFinish(c);
  const failed = await d.result();
  expect(failed.state).toBe('Failed');
  const e = await startOn(app);
  await waitState(e, 'Recording');
  await stopAndFinish(e);
  await e.result();

  // Never timed out: started with no execution or run time-out (the time-skipping test server
  // would give it 10 years, and skip straight to them while it idles: why this file runs on a dev server).
  const config = (await h.env.client.workflow.getHandle(admissionWorkflowId(`trtc:${app}`)).describe()).raw
    .executionConfig;
  expect(Number(config?.workflowExecutionTimeout?.seconds ?? 0)).toBe(0);
  expect(Number(config?.workflowRunTimeout?.seconds ?? 0)).toBe(0);
  await untilTrue(
    'semaphore empty',
    async () => {
      const s = await semaphore(app);
      return s.holders.length === 0 && s.queue.length === 0;
    },
    WAIT,
  );
  for (const r of [a, b, c, d, e]) expect((await statusOf(r)).admission?.releasedAtMs).toBeDefined();
  await saveHistory(h, a, 'trtc-web-admitted-at-once');
  await saveHistory(h, b, 'trtc-web-queued-then-provider-ended');
  await saveHistory(h, d, 'trtc-web-queued-then-refused');
  await saveSemaphoreHistory(app, 'admission-semaphore');
}, 240_000);

test('a stop or a cancellation while Queued ends Cancelled with no provider call and leaves the queue', async () => {
  const app = freshApp();
  const a = await startOn(app);
  await waitState(a, 'Recording');
  const b = await startOn(app);
  const c = await startOn(app);
  await waitState(b, 'Queued');
  await waitState(c, 'Queued');

  const stopped = await b.executeUpdate(stopUpdate, { args: [{}] });
  expect(stopped.state).toBe('Cancelled');
  expect((await b.result()).endReason).toBe('cancelled-before-start');
  await c.cancel();
  expect((await c.result()).endReason).toBe('cancelled-before-start');
  expect(startsOf(b) + startsOf(c)).toBe(0);
  await untilTrue('b and c left the queue', async () => (await semaphore(app)).queue.length === 0, WAIT);
  expect((await semaphore(app)).holders).toEqual([a.workflowId]);

  // A cancellation while recording stops the task, and that ending releases too.
  const { taskId } = await statusOf(a);
  await a.cancel();
  await until(
    'a stopped',
    () => statusOf(a),
    (st) => st.stoppedAtMs !== undefined,
    WAIT,
  );
  await a.signal(providerEventSignal, event('trtc-web', { kind: 'upload-complete', taskId }));
  expect((await a.result()).endReason).toBe('cancelled');
  await untilTrue('slot free', async () => (await semaphore(app)).holders.length === 0, WAIT);
  await saveHistory(h, b, 'trtc-web-stopped-while-queued');
  await saveHistory(h, c, 'trtc-web-cancelled-while-queued');
}, 240_000);

test('the slot of a terminated holder is reclaimed by the periodic check, and the next recording starts', async () => {
  const app = freshApp();
  const a = await startOn(app);
  await waitState(a, 'Recording');
  const b = await startOn(app);
  await waitState(b, 'Queued');
  // Terminated: the workflow runs no more code, so it never releases.
  await a.terminate('operator');
  await waitState(b, 'Recording');
  const s = await semaphore(app);
  expect(s.reclaimed).toBe(1);
  expect(s.holders).toEqual([b.workflowId]);
  await stopAndFinish(b);
  await b.result();
  await saveHistory(h, b, 'trtc-web-admitted-after-reclaim');
}, 240_000);

test('a lost semaphore is rebuilt from the running holders before anyone is admitted', async () => {
  const app = freshApp();
  const a = await startOn(app);
  await waitState(a, 'Recording');
  await until(
    'a published as holder',
    async () => (await a.describe()).typedSearchAttributes.get(RecordingAdmissionKey),
    (keys) => keys?.includes(`trtc:${app}`) === true,
    WAIT,
  );
  await h.env.client.workflow.getHandle(admissionWorkflowId(`trtc:${app}`)).terminate('lost on purpose');
  const b = await startOn(app);
  await waitState(b, 'Queued');
  await untilTrue(
    'rebuilt with a as holder',
    async () => {
      const s = await semaphore(app).catch(() => undefined);
      return s !== undefined && s.holders.includes(a.workflowId) && positionOf(s, b.workflowId) === 1;
    },
    WAIT,
  );
  expect(startsOf(b)).toBe(0);
  await stopAndFinish(a);
  await a.result();
  await waitState(b, 'Recording');
  await stopAndFinish(b);
  await b.result();
}, 240_000);

test('with no limit configured the recording starts at once: no Queued state, no semaphore', async () => {
  delete limits.families.trtc;
  try {
    const app = freshApp();
    const a = await startOn(app);
    const recording = await waitState(a, 'Recording');
    expect(recording.admission).toBeUndefined();
    await stopAndFinish(a);
    await a.result();
    await expect(semaphore(app)).rejects.toThrow();
    await saveHistory(h, a, 'trtc-web-admission-unlimited');
  } finally {
    limits.families.trtc = 1;
  }
}, 240_000);

test('the semaphore continues-as-new with its holders and queue, and goes on admitting in order', async () => {
  const app = freshApp();
  const quotaKey = `trtc:${app}`;
  // Started here with a low hand-over threshold; the recordings' acquires then only signal it.
  const input: AdmissionInput = {
    quotaKey,
    activityQueuePrefix: h.prefix,
    limit: 1,
    checkIntervalMs: 1_000,
    historyLengthThreshold: 30,
  };
  const semaphoreHandle = await h.env.client.workflow.start(admissionWorkflow, {
    workflowId: admissionWorkflowId(quotaKey),
    taskQueue: h.taskQueue,
    args: [input],
  });
  const first = semaphoreHandle.firstExecutionRunId;
  const queued: StartedRecording[] = [];
  const a = await startOn(app);
  await waitState(a, 'Recording');
  for (let i = 0; i < 4; i += 1) {
    const r = await startOn(app);
    await waitState(r, 'Queued');
    queued.push(r);
  }
  let holder = a;
  for (const [i, next] of queued.entries()) {
    await stopAndFinish(holder);
    await holder.result();
    await waitState(next, 'Recording');
    // FIFO across the hand-overs: the ones behind it still wait.
    for (const later of queued.slice(i + 1)) expect((await statusOf(later)).state).toBe('Queued');
    holder = next;
  }
  await stopAndFinish(holder);
  await holder.result();
  const latest = await h.env.client.workflow.getHandle(admissionWorkflowId(quotaKey)).describe();
  expect(latest.runId).not.toBe(first);
  expect((await h.env.client.workflow.getHandle(admissionWorkflowId(quotaKey), first).describe()).status.name).toBe(
    'CONTINUED_AS_NEW',
  );
  await saveSemaphoreHistory(app, 'admission-semaphore-continue-as-new.runfirst', first);
  await saveSemaphoreHistory(app, 'admission-semaphore-continue-as-new.runlast');
  await untilTrue(
    'semaphore empty after the hand-overs',
    async () => {
      const s = await semaphore(app);
      return s.holders.length === 0 && s.queue.length === 0;
    },
    WAIT,
  );
}, 240_000);

test('an admitted recording that cannot be told (closed meanwhile) frees its slot for the next one', async () => {
  const app = freshApp();
  const quotaKey = `trtc:${app}`;
  // A waiter whose workflow does not exist (it closed after its acquire): first in line.
  await h.env.client.workflow.signalWithStart(admissionWorkflow, {
    workflowId: admissionWorkflowId(quotaKey),
    taskQueue: h.taskQueue,
    args: [{ quotaKey, activityQueuePrefix: h.prefix, limit: 1, checkIntervalMs: 60_000 }],
    signal: acquireSignal,
    signalArgs: [{ workflowId: 'recording:gone', recordId: 'gone', limit: 1, checkIntervalMs: 60_000 }],
  });
  const a = await startOn(app);
  await waitState(a, 'Recording');
  expect((await semaphore(app)).holders).toEqual([a.workflowId]);
  await stopAndFinish(a);
  await a.result();
}, 240_000);

test('a recording still Queued at its (extended) scheduled end ends Completed (scheduled-end) with no start call, and leaves the queue', async () => {
  const app = freshApp();
  const a = await startOn(app);
  await waitState(a, 'Recording');
  const now = await h.now();
  const late = await h.start(
    h.request('trtc-web', paramsFor('trtc-web', now, { SdkAppId: app }), { schedule: { endAtMs: now + 3_600_000 } }),
  );
  await waitState(late, 'Queued');
  // The end moved (extend) to a moment from now, while it waits: the wait is bounded by it.
  await late.executeUpdate(extendUpdate, { args: [{ endAtMs: (await h.now()) + 500 }] });
  const result = await late.result();
  expect([result.state, result.endReason, result.attempts]).toEqual(['Completed', 'scheduled-end', 0]);
  expect(startsOf(late)).toBe(0);
  await untilTrue('it left the queue', async () => (await semaphore(app)).queue.length === 0, WAIT);
  await stopAndFinish(a);
  await a.result();
  await saveHistory(h, late, 'trtc-web-queued-past-its-end');
}, 240_000);
