/**
 * Invariant 1 on the real stack: at most one provider task per recordId, (b) when 20 callers
 * start the same recording at once through the gateway API, and (c) when the provider acted on
 * the create but its response was lost ("act, then drop"): trtc-web finds its task again with
 * DescribeWebRecord; trtc-cloud retries with the same bot UserId, which replaces the unseen
 * task, so exactly one task runs and the result names it.
 */
import { type Product } from '../../domain/catalog';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { recordingWorkflowId } from '../../workflows/messages';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);
afterEach(() => {
  t.emulator.control.clearFaults();
});

const uniqueId = (label: string): string => `it-idem-${label}-${Date.now().toString(36)}`;

async function workflowRuns(recordId: string): Promise<string[]> {
  const runs: string[] = [];
  for await (const info of t.stack.client.temporal.workflow.list({
    query: `WorkflowId = '${recordingWorkflowId(recordId)}'`,
  }))
    runs.push(info.runId);
  return runs;
}

async function twentyAtOnce(product: Product, seq: number, createAction: string): Promise<void> {
  const scenario = SCENARIOS[product];
  const recordId = uniqueId(product);
  const identity = scenario.identity(seq);
  scenario.setUp(t.emulator.control, seq);
  const body = JSON.stringify(scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 20_000 }));
  const responses = await Promise.all(
    Array.from({ length: 20 }, () =>
      fetch(`${t.stack.gateway.url}/v1/recordings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t.stack.gateway.localToken}` },
        body,
      }),
    ),
  );
  const answers = (await Promise.all(responses.map((r) => r.json()))) as { workflowId?: string }[];
  // 202 from the call that started it and any that raced it; 200 from those that found it started.
  expect(responses.map((r, i) => [r.status, answers[i]]).filter(([code]) => code !== 202 && code !== 200)).toEqual([]);
  expect(new Set(answers.map((a) => a.workflowId))).toEqual(new Set([recordingWorkflowId(recordId)]));

  const { recordings } = t.stack.client;
  await waitForState(recordings, recordId, 'Recording');
  expect(await workflowRuns(recordId)).toHaveLength(1);
  expect(t.emulator.control.tasks({ product, identity })).toHaveLength(1);
  expect(t.callsOf(createAction, identity)).toHaveLength(1);

  await recordings.stop(recordId, { wait: true });
  const result = await recordings.result(recordId);
  expect(result).toMatchObject({ endReason: 'stopped-by-request', attempts: 1 });
  const tasks = t.emulator.control.tasks({ product, identity });
  expect(tasks.map((task) => [task.taskId, task.running])).toEqual([[result?.taskId, false]]);
}

test('20 concurrent starts with one recordId give one workflow and one provider task (trtc-cloud, css-live)', async () => {
  await Promise.all([
    twentyAtOnce('trtc-cloud', 21, 'CreateCloudRecording'),
    twentyAtOnce('css-live', 22, 'CreateLiveRecord'),
  ]);
}, 60_000);

test('trtc-web: the create acted but its answer was lost; the retry meets TaskExist and DescribeWebRecord finds the one task', async () => {
  const seq = 23;
  const scenario = SCENARIOS['trtc-web'];
  const identity = scenario.identity(seq);
  const recordId = uniqueId('web-drop');
  t.emulator.control.addFault({ service: 'trtc', action: 'StartWebRecord', dropResponse: true, times: 1 });
  const { recordings } = t.stack.client;
  await recordings.startRecording(scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 1_000 }));
  await waitForState(recordings, recordId, 'Recording', 45_000);

  const tasks = t.emulator.control.tasks({ product: 'trtc-web', identity });
  expect(tasks).toHaveLength(1);
  expect((await recordings.status(recordId)).taskId).toBe(tasks[0]?.taskId);
  const starts = t.callsOf('StartWebRecord', identity);
  expect(starts.map((c) => [c.outcome, c.responseDropped === true])).toEqual([
    ['ok', true],
    ['FailedOperation.TaskExist', false],
  ]);
  expect(t.callsOf('DescribeWebRecord', identity).length).toBeGreaterThan(0);

  await recordings.stop(recordId, { wait: true });
  const result = await recordings.result(recordId);
  expect(result).toMatchObject({ endReason: 'stopped-by-request', taskId: tasks[0]?.taskId });
  expect(t.emulator.control.tasks({ product: 'trtc-web', identity, running: true })).toEqual([]);
}, 60_000);

test('trtc-cloud: the create acted but its answer was lost; the retry with the same bot replaces it, one task runs and the result names it', async () => {
  const seq = 24;
  const scenario = SCENARIOS['trtc-cloud'];
  const identity = scenario.identity(seq);
  const recordId = uniqueId('cloud-drop');
  scenario.setUp(t.emulator.control, seq);
  t.emulator.control.addFault({ service: 'trtc', action: 'CreateCloudRecording', dropResponse: true, times: 1 });
  const { recordings } = t.stack.client;
  await recordings.startRecording(scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 20_000 }));
  await waitForState(recordings, recordId, 'Recording', 45_000);

  const creates = t.callsOf('CreateCloudRecording', identity);
  expect(creates.map((c) => c.responseDropped === true)).toEqual([true, false]);
  const running = t.emulator.control.tasks({ product: 'trtc-cloud', identity, running: true });
  expect(running).toHaveLength(1);
  expect((await recordings.status(recordId)).taskId).toBe(running[0]?.taskId);
  // The unseen first task was replaced by the same bot entering again (LeaveCode 101), not left running.
  const replaced = t.emulator.control.tasks({ product: 'trtc-cloud', identity, running: false });
  expect(replaced.map((task) => task.endReason)).toEqual(['same-user-reentered']);

  await recordings.stop(recordId, { wait: true });
  const result = await recordings.result(recordId);
  expect(result).toMatchObject({ endReason: 'stopped-by-request', taskId: running[0]?.taskId });
  expect(t.emulator.control.tasks({ product: 'trtc-cloud', identity, running: true })).toEqual([]);
  expect(t.emulator.control.tasks({ product: 'trtc-cloud', identity })).toHaveLength(creates.length);
}, 60_000);
