/**
 * All five products end to end on the real stack (dev server, emulator, gateway with callbacks,
 * workers with the real activities and cloud client), each driven as `npm run demo` drives it
 * and each ending a different way: stop by update, maximum duration, stop by signal after a
 * pause and resume, the provider's EndTime, and the provider's idle end. Real time, small durations.
 */
import { type Identity } from '../../emulator/index';
import { PRODUCTS, type Product } from '../../domain/catalog';
import { runPlan } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { recordingResultSchema, type RecordingResult } from '../../client/recordings/public-shapes';
import type { EndReason, RecordingState } from '../../workflows/types';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

const EXPECTED: Readonly<
  Record<Product, { state: RecordingState; endReason: EndReason; actions: readonly string[]; complete: boolean }>
> = {
  'trtc-cloud': {
    state: 'Completed',
    endReason: 'stopped-by-request',
    actions: ['CreateCloudRecording', 'ModifyCloudRecording', 'DeleteCloudRecording'],
    complete: true,
  },
  'trtc-web': {
    state: 'Completed',
    endReason: 'max-duration',
    actions: ['StartWebRecord', 'StopWebRecord'],
    complete: true,
  },
  'tiw-online': {
    state: 'Completed',
    endReason: 'stopped-by-request',
    actions: ['StartOnlineRecord', 'PauseOnlineRecord', 'ResumeOnlineRecord', 'StopOnlineRecord'],
    complete: true,
  },
  // CSS has no completion event: the first file ends the wait (workflows/stop.ts).
  'css-live': { state: 'Completed', endReason: 'scheduled-end', actions: ['CreateLiveRecord'], complete: false },
  'trro-cloud': { state: 'IdleEnded', endReason: 'idle', actions: ['CreateCloudRecording'], complete: true },
};

async function runProduct(
  product: Product,
  seq: number,
): Promise<{ result: RecordingResult; identity: Partial<Identity> }> {
  const recordId = `it-life-${product}-${Date.now().toString(36)}`;
  const result = await runPlan({
    recordings: t.stack.client.recordings,
    control: t.emulator.control,
    product,
    seq,
    recordId,
    nowMs: Date.now(),
  });
  return { result, identity: SCENARIOS[product].identity(seq) };
}

test('every product: start, record, end, files; one provider task each, none left running', async () => {
  const outcomes = await Promise.all(PRODUCTS.map((product, i) => runProduct(product, i + 1)));
  for (const [i, { result, identity }] of outcomes.entries()) {
    const product = PRODUCTS[i]!;
    const expected = EXPECTED[product];
    const tasks = t.emulator.control.tasks({ product, identity });
    expect({ product, state: result.state, endReason: result.endReason, filesComplete: result.filesComplete }).toEqual({
      product,
      state: expected.state,
      endReason: expected.endReason,
      filesComplete: expected.complete,
    });
    expect(tasks.map((task) => task.taskId)).toEqual([result.taskId]);
    expect(tasks[0]?.running).toBe(false);
    expect(result.files.length).toBeGreaterThan(0);
    expect(result.attempts).toBe(1);
    // The public shape: ISO times, every file with a URL (COS from bucket, region and key; VOD, TIW as given).
    expect(recordingResultSchema.safeParse(result).error).toBeUndefined();
    expect(new Date(result.startedAt ?? '').toISOString()).toBe(result.startedAt);
    expect(result.files.filter((f) => f.url === undefined).map((f) => `${product} ${f.name}`)).toEqual([]);
    // An incomplete file list always says so.
    const incomplete = result.warnings.filter((w) => w.code === 'files-incomplete');
    expect(`${product} ${incomplete.length > 0}`).toBe(`${product} ${!result.filesComplete}`);
    const actions = new Set(tasks[0]?.calls.map((call) => call.action));
    for (const action of expected.actions)
      expect(`${product} ${action} ${String(actions.has(action))}`).toBe(`${product} ${action} true`);
  }
  // The trtc-cloud layout change reached the provider as the complete new set.
  const modify = t.emulator.control.calls({ product: 'trtc-cloud', action: 'ModifyCloudRecording' });
  expect(modify).toHaveLength(1);
  expect(t.emulator.control.runningTasks()).toEqual([]);
}, 100_000);
