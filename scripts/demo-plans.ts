/**
 * How the demo drives each product's recording once it started, so that together they show
 * every kind of ending: stop by update, stop by signal, a maximum duration, the provider's own
 * window, and the provider ending an idle task.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type EmulatorControl } from '../emulator/index';
import { type RecordingsClient } from '../client/recordings/client';
import { type RecordingSpec } from '../client/recordings/spec';
import { type Product } from '../domain/catalog';
import type { RecordingState } from '../workflows/types';
import type { RecordingResult } from '../client/recordings/public-shapes';
import { isTerminal } from './lifecycle-log';
import { cssWindow, SCENARIOS, type ProductScenario } from './scenarios';

export interface DriveContext {
  readonly recordings: RecordingsClient;
  readonly control: EmulatorControl;
  readonly recordId: string;
  readonly seq: number;
  readonly scenario: ProductScenario;
}

export interface DemoPlan {
  readonly title: string;
  /** Changes the scenario's spec before the start. */
  readonly adjust?: (spec: RecordingSpec, nowMs: number) => RecordingSpec;
  /** Acts on the running recording; returns once nothing more is to be done but wait for the end. */
  readonly drive: (ctx: DriveContext) => Promise<void>;
}

/** Resolves when the recording reaches `state`; fails if it ends first or `timeoutMs` passes. */
export async function waitForState(
  recordings: RecordingsClient,
  recordId: string,
  state: RecordingState,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await recordings.status(recordId);
    if (status.state === state) return;
    if (isTerminal(status.state))
      throw new Error(`${recordId} ended ${status.state} (${status.endReason ?? '?'}) before reaching ${state}`);
    if (Date.now() > deadline)
      throw new Error(`${recordId} did not reach ${state} within ${timeoutMs} ms (now ${status.state})`);
    await delay(100);
  }
}

export const DEMO_PLANS: Readonly<Record<Product, DemoPlan>> = {
  'trtc-cloud': {
    title: 'an anchor publishes; layout changed while recording; stopped by request (update, waits for the stop)',
    drive: async ({ recordings, recordId }) => {
      await waitForState(recordings, recordId, 'Recording');
      await delay(3_000);
      await recordings.modify(recordId, { MixLayoutParams: { MixLayoutMode: 1 } });
      await delay(3_000);
      await recordings.stop(recordId, { wait: true, requestedBy: 'demo' });
    },
  },
  'trtc-web': {
    title: 'a web page recorded until its maximum duration (8 s) ends it',
    adjust: (spec) => ({ ...spec, maxDurationMs: 8_000 }),
    drive: ({ recordings, recordId }) => waitForState(recordings, recordId, 'Recording'),
  },
  'tiw-online': {
    title: 'a whiteboard class paused, resumed, then stopped by request (signal, fire-and-forget)',
    drive: async ({ recordings, recordId }) => {
      await waitForState(recordings, recordId, 'Recording');
      await delay(3_000); // TIW prepares for 2 s before it records (and can pause)
      await recordings.pause(recordId);
      await delay(2_000);
      await recordings.resume(recordId);
      await delay(2_000);
      await recordings.stop(recordId, { requestedBy: 'demo' });
    },
  },
  'css-live': {
    title: 'a pushed stream recorded in a 12 s window that the provider closes by itself (EndTime)',
    adjust: (spec, now) => ({ ...spec, params: { ...spec.params, ...cssWindow(now, 12_000) } }),
    drive: ({ recordings, recordId }) => waitForState(recordings, recordId, 'Recording'),
  },
  'trro-cloud': {
    title: 'a device goes offline; the provider ends the idle task after MaxIdleTime (5 s)',
    drive: async ({ recordings, recordId, control, seq, scenario }) => {
      await waitForState(recordings, recordId, 'Recording');
      await delay(4_000);
      scenario.tearDown(control, seq);
    },
  },
};

export interface PlanRun {
  readonly recordings: RecordingsClient;
  readonly control: EmulatorControl;
  readonly product: Product;
  readonly seq: number;
  readonly recordId: string;
  /** When the recording is asked for; the scenario's times count from it. */
  readonly nowMs: number;
}

/** One product's recording as the demo (and the lifecycle test) runs it: set up, started, driven, ended. */
export async function runPlan(run: PlanRun): Promise<RecordingResult> {
  const { recordings, control, product, seq, recordId, nowMs } = run;
  const scenario = SCENARIOS[product];
  const plan = DEMO_PLANS[product];
  const base = scenario.spec(recordId, seq, nowMs, { collectTimeoutMs: 45_000 });
  scenario.setUp(control, seq);
  await recordings.startRecording(plan.adjust?.(base, nowMs) ?? base);
  await plan.drive({ recordings, control, recordId, seq, scenario });
  const result = await recordings.result(recordId);
  if (result === undefined) throw new Error(`${recordId}: no result`);
  return result;
}
