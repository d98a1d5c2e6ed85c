/** Scheduled (recurring) runs: each run's recordId and provider identity come from its own workflow id. */
import type { StartTaskInput } from '../../domain/contract';
import { deriveIdentity } from '../../domain/identity';
import { recordingWorkflow } from '../../workflows';
import { recordingWorkflowId, statusQuery, stopUpdate } from '../../workflows/messages';
import { FakeProvider } from './support/fake-provider';
import { Harness, waitForStatus } from './support/harness';
import { paramsFor } from './support/params';

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['trtc-cloud']);
});
afterAll(async () => {
  await h?.teardown();
});

test('two runs of one schedule template get distinct recordIds and bot identities', async () => {
  h.provider = new FakeProvider();
  const template = h.request('trtc-cloud', paramsFor('trtc-cloud', await h.now()), {
    recordId: 'weekly-class',
    recordIdFromWorkflowId: true,
  });
  // A Temporal Schedule appends the scheduled time to the action's workflow id.
  const runIds = ['2026-11-23T09:00:00Z', '2026-11-30T09:00:00Z'].map(
    (at) => `${recordingWorkflowId('weekly-class')}-${at}`,
  );
  const statuses = [];
  for (const workflowId of runIds) {
    const handle = await h.env.client.workflow.start(recordingWorkflow, {
      taskQueue: h.taskQueue,
      workflowId,
      args: [template],
    });
    await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
    statuses.push(await handle.query(statusQuery));
    await handle.executeUpdate(stopUpdate, { args: [{}] });
    await handle.result();
  }
  expect(statuses.map((s) => s.recordId)).toEqual([
    'weekly-class-2026-11-23T09:00:00Z',
    'weekly-class-2026-11-30T09:00:00Z',
  ]);
  const starts = h.provider.callsOf('startTask').map((c) => c.input as StartTaskInput);
  expect(starts.map((s) => s.recordId)).toEqual(statuses.map((s) => s.recordId));
  const bots = starts.map((s) => deriveIdentity('trtc-cloud', s.recordId, s.attempt, s.params).botUserId);
  expect(new Set(bots).size).toBe(2);
});
