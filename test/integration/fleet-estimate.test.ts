/**
 * The fleet estimate's visibility count (worker/fleet-estimate.ts) on a real dev server: it
 * counts the running recordings that poll, and drops one once it ends, terminated included (a
 * terminated recording keeps RecordingState = Recording in visibility but polls no more).
 */
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { visibilityFleetCount } from '../../worker/fleet-estimate';
import { recordingWorkflowId } from '../../workflows/messages';
import { startTestStack, type TestStack } from '../support/stack';
import { until } from '../support/wait';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

test('counts running recordings in the polling states, per product; ended and terminated ones drop out', async () => {
  const { recordings, temporal } = t.stack.client;
  const count = visibilityFleetCount(temporal);
  const scenario = SCENARIOS['trtc-cloud'];
  const ids = [1, 2].map((i) => `it-fleet-${i}-${Date.now().toString(36)}`);
  for (const [i, recordId] of ids.entries()) {
    scenario.setUp(t.emulator.control, 950 + i);
    await recordings.startRecording(scenario.spec(recordId, 950 + i, Date.now()));
    await waitForState(recordings, recordId, 'Recording', 60_000);
  }
  await until(
    'both counted',
    () => count('trtc-cloud'),
    (n) => n === 2,
  );
  expect(await count('tiw-online')).toBe(0);

  await temporal.workflow.getHandle(recordingWorkflowId(ids[0] as string)).terminate('fleet-estimate test');
  await until(
    'the terminated one dropped',
    () => count('trtc-cloud'),
    (n) => n === 1,
  );

  await recordings.stop(ids[1] as string, { wait: true, requestedBy: 'fleet-estimate test' });
  await until(
    'the stopped one dropped',
    () => count('trtc-cloud'),
    (n) => n === 0,
  );
}, 240_000);
