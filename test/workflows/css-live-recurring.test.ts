/**
 * Recurring css-live sessions: a schedule starts every run with the same input, so its template
 * gives a window relative to the run's start, and each run computes its own StartTime/EndTime
 * (patch `css-relative-window`). Two runs a week apart get two different windows, each ahead
 * of its own start.
 */
import type { StartTaskInput } from '../../domain/contract';
import { chinaStandardTimeToEpochMs } from '../../domain/china-time';
import { toTemplateRequest } from '../../client/recordings/spec';
import { recordingWorkflow } from '../../workflows';
import { recordingWorkflowId, stopUpdate } from '../../workflows/messages';
import { FakeProvider } from './support/fake-provider';
import { Harness, saveHistory, waitForStatus } from './support/harness';
import { HOUR, MINUTE } from './support/params';

const WEEK = 7 * 24 * HOUR;

let h: Harness;
beforeAll(async () => {
  h = await Harness.create(['css-live']);
});
afterAll(async () => {
  await h?.teardown();
});

test('two runs of one css-live schedule template record two different, future windows', async () => {
  h.provider = new FakeProvider();
  const template = {
    ...toTemplateRequest(
      {
        product: 'css-live',
        params: { StreamName: 'stream-3560' },
        window: { offsetMs: 5 * MINUTE, durationMs: HOUR },
      },
      'weekly-show',
      h.prefix,
    ),
    recordIdFromWorkflowId: true,
  };
  expect(template.params).not.toHaveProperty('StartTime');
  const runs: { startedAtMs: number; window: [number, number] }[] = [];
  for (const slot of ['2026-11-27T12:00:00Z', '2026-12-04T12:00:00Z']) {
    const startedAtMs = await h.now();
    const handle = await h.env.client.workflow.start(recordingWorkflow, {
      taskQueue: h.taskQueue,
      workflowId: `${recordingWorkflowId('weekly-show')}-${slot}`,
      args: [template],
    });
    await waitForStatus(handle, (s) => s.state === 'Recording', 'Recording');
    const start = h.provider.callsOf('startTask').at(-1)!.input as StartTaskInput;
    const window = [start.params['StartTime'], start.params['EndTime']].map((t) =>
      chinaStandardTimeToEpochMs(String(t)),
    ) as [number, number];
    runs.push({ startedAtMs, window });
    await handle.executeUpdate(stopUpdate, { args: [{}] });
    await handle.result();
    await saveHistory(h, handle, `css-live-relative-window-${runs.length}`);
    await h.env.sleep(WEEK);
  }
  for (const { startedAtMs, window } of runs) {
    // Whole seconds (CST strings); the run starts a moment after `startedAtMs` was read.
    expect(window[0]).toBeGreaterThan(startedAtMs);
    expect(window[0] - startedAtMs).toBeLessThanOrEqual(5 * MINUTE + MINUTE);
    expect(window[1] - window[0]).toBe(HOUR);
  }
  expect(runs[1]!.window[0] - runs[0]!.window[0]).toBeGreaterThanOrEqual(WEEK);
});
