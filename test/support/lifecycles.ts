/**
 * The five products end to end, each driven as `npm run demo` drives it and each ending a
 * different way (stop by update, maximum duration, stop by signal after a pause and resume, the
 * provider's EndTime, the provider's idle end), and what each must have left at the provider.
 * Shared by the dev-server run (test/integration/recording-lifecycles.test.ts) and the
 * production-cluster run (test/production/).
 */
import { type Identity } from '../../emulator/index';
import { PRODUCTS, type Product } from '../../domain/catalog';
import { runPlan } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { recordingResultSchema, type RecordingResult } from '../../client/recordings/public-shapes';
import type { EndReason, RecordingState } from '../../workflows/types';
import { type TestStack } from './stack';

export const EXPECTED_LIFECYCLES: Readonly<
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

export interface LifecycleOutcome {
  readonly product: Product;
  readonly result: RecordingResult;
  readonly identity: Partial<Identity>;
}

/** Drives every product at once (`label` keeps record ids apart between runs); resolves with each result. */
export function runLifecycles(t: TestStack, label: string): Promise<LifecycleOutcome[]> {
  return Promise.all(
    PRODUCTS.map(async (product, i) => {
      const seq = i + 1;
      const result = await runPlan({
        recordings: t.stack.client.recordings,
        control: t.emulator.control,
        product,
        seq,
        recordId: `${label}-${product}-${Date.now().toString(36)}`,
        nowMs: Date.now(),
      });
      return { product, result, identity: SCENARIOS[product].identity(seq) };
    }),
  );
}

/** Each product ended its way, with one provider task, stopped, files and one attempt; nothing runs on. */
export function expectLifecycles(t: TestStack, outcomes: readonly LifecycleOutcome[]): void {
  for (const { product, result, identity } of outcomes) {
    const expected = EXPECTED_LIFECYCLES[product];
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
}
