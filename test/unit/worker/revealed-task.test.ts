/**
 * The reaper's judgement on a task a callback revealed after its recording closed: it stops
 * only what a closed run's unanswered start may have made and nobody else owns. A fake Temporal
 * client stands in for visibility, describe, the status query and the run's first event.
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import type { RevealedTaskInput } from '../../../domain/contract';
import { DEVICE_REVEAL_WINDOW_MS, judgeRevealedTask } from '../../../worker/revealed-task';

const NOW = 1_800_000_000_000;

interface Run {
  status: string;
  closedAtMs?: number;
  state: string;
  startCalls: number;
  taskIds?: string[];
  task?: { taskId: string };
  candidateTaskIds?: string[];
}

function fakeClient(runs: Record<string, Run>, runningOwners = 0): { client: Client; queries: string[] } {
  const queries: string[] = [];
  const request = {
    recordId: 'r',
    product: 'trtc-cloud',
    region: 'ap-guangzhou',
    params: { SdkAppId: 1400000001, RoomId: 42 },
  };
  const handle = (id: string) => {
    const run = runs[id];
    if (run === undefined) throw new WorkflowNotFoundError('not found', id, undefined);
    return {
      describe: () =>
        Promise.resolve({
          status: { name: run.status },
          runId: `${id}-run`,
          ...(run.closedAtMs === undefined ? {} : { closeTime: new Date(run.closedAtMs) }),
        }),
      query: () =>
        Promise.resolve({
          recordId: id.replace('recording:', ''),
          product: 'trtc-cloud',
          state: run.state,
          startCalls: run.startCalls,
          taskIds: run.taskIds ?? [],
          task: run.task,
          candidateTaskIds: run.candidateTaskIds ?? [],
          identity: { botUserId: 'recbot_x' },
        }),
      fetchHistory: () =>
        Promise.resolve({
          events: [
            {
              workflowExecutionStartedEventAttributes: {
                input: { payloads: [defaultPayloadConverter.toPayload(request)] },
              },
            },
          ],
        }),
    };
  };
  const client = {
    workflow: {
      count: (query: string) => {
        queries.push(query);
        return Promise.resolve({ count: runningOwners });
      },
      getHandle: handle,
    },
  } as unknown as Client;
  return { client, queries };
}

const judge = (client: Client, input: Partial<RevealedTaskInput> = {}) =>
  judgeRevealedTask(
    { client, converter: loadDataConverter(), logger: { info() {}, warn() {} } as never, now: () => NOW },
    { product: 'trtc-cloud', taskId: 'T1', keys: ['bot:recbot_x'], workflowIds: ['recording:a'], ...input },
  );

const closedMidStart: Run = { status: 'TERMINATED', closedAtMs: NOW - 5_000, state: 'Starting', startCalls: 1 };

test("stops a task a closed run's unanswered start may have made, with the run's app, room and identity", async () => {
  const { client, queries } = fakeClient({ 'recording:a': closedMidStart });
  await expect(judge(client)).resolves.toEqual({
    kind: 'stop',
    task: {
      product: 'trtc-cloud',
      taskId: 'T1',
      region: 'ap-guangzhou',
      sdkAppId: 1400000001,
      roomId: '42',
      identity: { botUserId: 'recbot_x' },
    },
    recordId: 'a',
    workflowId: 'recording:a',
    runId: 'recording:a-run',
    executionStatus: 'TERMINATED',
  });
  expect(queries).toEqual([
    "WorkflowType = 'recordingWorkflow' AND ExecutionStatus = 'Running' AND RecordingKeys IN ('task:T1', 'bot:recbot_x')",
  ]);
});

test.each<[string, Run | undefined, number]>([
  ['a running recording holds it', closedMidStart, 1],
  ['the run runs again (reset)', { ...closedMidStart, status: 'RUNNING' }, 0],
  ['the run adopted it', { ...closedMidStart, taskIds: ['T1'] }, 0],
  ['the run saw it start (the sweep reaps it)', { ...closedMidStart, candidateTaskIds: ['T1'] }, 0],
  ['the run closed with its task known', { ...closedMidStart, state: 'Recording', task: { taskId: 'T0' } }, 0],
  ['the run made no start call', { ...closedMidStart, startCalls: 0 }, 0],
  ['the run is gone', undefined, 0],
])('leaves it alone when %s', async (_why, run, owners) => {
  const { client } = fakeClient(run === undefined ? {} : { 'recording:a': run }, owners);
  await expect(judge(client)).resolves.toMatchObject({ kind: 'leave' });
});

test('a device match counts only for a run that closed shortly before (a device is shared)', async () => {
  const old = { ...closedMidStart, closedAtMs: NOW - DEVICE_REVEAL_WINDOW_MS - 1 };
  const device = { product: 'trro-cloud', keys: ['device:p/d'] } as const;
  await expect(judge(fakeClient({ 'recording:a': old }).client, device)).resolves.toMatchObject({ kind: 'leave' });
  await expect(judge(fakeClient({ 'recording:a': closedMidStart }).client, device)).resolves.toMatchObject({
    kind: 'stop',
  });
});

test('leaves products the sweep looks up, and refuses ids that could shape a query', async () => {
  const { client } = fakeClient({ 'recording:a': closedMidStart });
  await expect(judge(client, { product: 'trtc-web' })).resolves.toMatchObject({ kind: 'leave' });
  await expect(judge(client, { taskId: "T1' OR 'a' = 'a" })).rejects.toThrow();
  await expect(judge(client, { keys: ["bot:x' OR 'a'='a"] })).rejects.toThrow();
});
