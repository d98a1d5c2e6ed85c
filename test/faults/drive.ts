/**
 * Drives one recording through its life as a caller would, tolerating the faults around it:
 * every call to Temporal is retried within a bound (the dev server may be down, no worker may
 * answer a query), and nothing here decides pass or fail; checks.ts does, from what is left.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type Product } from '../../domain/catalog';
import { type EmulatorControl, type Identity } from '../../emulator/index';
import { type RecordingsClient } from '../../client/recordings/client';
import { cssWindow, SCENARIOS } from '../../scripts/scenarios';
import { TERMINAL_STATES } from '../../workflows/lifecycle';
import { type Random } from './random';

/** How a recording is meant to end. */
export type Ending = 'stop-signal' | 'stop-update' | 'max-duration' | 'provider-end';

export interface RecordingRun {
  readonly index: number;
  readonly recordId: string;
  readonly product: Product;
  readonly seq: number;
  readonly identity: Partial<Identity>;
  readonly ending: Ending;
  /** How long it records before the ending is set off. */
  readonly holdMs: number;
  /** Wall-clock ms. */
  startedAt?: number;
  reachedRecording?: boolean;
  stopRequested: boolean;
  stopRequestedAt?: number;
  terminated: boolean;
  terminatedAt?: number;
  driveDone?: number;
  driveNote?: string;
}

/** The plan of recording `index` (seeded): product round-robin, ending and hold time at random. */
export function planRecording(index: number, runLabel: string, random: Random): RecordingRun {
  const product = (['trtc-cloud', 'trtc-web', 'tiw-online', 'css-live', 'trro-cloud'] as const)[index % 5] as Product;
  const r = random.fork(`recording-${index}`);
  const roll = r.next();
  // Provider-side ends only where the provider ends a task quickly (trro idle 5 s, css EndTime).
  const providerEnds = product === 'trro-cloud' || product === 'css-live';
  const ending: Ending =
    roll < 0.5
      ? 'stop-signal'
      : roll < 0.72
        ? 'stop-update'
        : roll < 0.86 || !providerEnds
          ? 'max-duration'
          : 'provider-end';
  const seq = index + 1;
  return {
    index,
    recordId: `fault-${runLabel}-${String(index).padStart(4, '0')}-${product}`,
    product,
    seq,
    identity: SCENARIOS[product].identity(seq),
    ending,
    holdMs: r.int(1_000, 8_000),
    stopRequested: false,
    terminated: false,
  };
}

export interface DriveContext {
  readonly recordings: RecordingsClient;
  readonly control: EmulatorControl;
  readonly deadline: number;
}

/** The lifecycle's terminal states, and `Terminated` (a status the client gives once the orphan reaper is in). */
const ENDED: ReadonlySet<string> = new Set<string>([...TERMINAL_STATES, 'Terminated']);
const isTerminal = (state: string): boolean => ENDED.has(state);

/** Retries `call` until it resolves or `deadline` passes (then rethrows the last error). */
export async function retrying<T>(deadline: number, call: () => Promise<T>, pauseMs = 1_000): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() + pauseMs > deadline) throw error;
      await delay(pauseMs);
    }
  }
}

/** Sends the stop (a signal: durable, accepted with no worker running) until Temporal takes it. */
export async function requestStop(run: RecordingRun, recordings: RecordingsClient, deadline: number): Promise<void> {
  await retrying(deadline, () => recordings.stop(run.recordId, { requestedBy: 'fault-suite' }));
  run.stopRequested = true;
  run.stopRequestedAt ??= Date.now();
}

export async function driveRecording(run: RecordingRun, ctx: DriveContext): Promise<void> {
  const { recordings, control, deadline } = ctx;
  const scenario = SCENARIOS[run.product];
  scenario.setUp(control, run.seq);
  const now = Date.now();
  const extra = {
    collectTimeoutMs: 3_000,
    lostTaskWaitMs: 10_000,
    ...(run.ending === 'max-duration' ? { maxDurationMs: run.holdMs + 2_000 } : {}),
  };
  let spec = scenario.spec(run.recordId, run.seq, now, extra);
  if (run.product === 'css-live' && run.ending === 'provider-end')
    spec = { ...spec, params: { ...spec.params, ...cssWindow(now, run.holdMs + 30_000) } };
  run.startedAt = now;
  await retrying(deadline, () => recordings.startRecording(spec));

  // Until it records (or ends first); a status that cannot be read now is asked again.
  let state: string | undefined;
  while (Date.now() < deadline) {
    state = await recordings.status(run.recordId).then(
      (s): string => s.state,
      () => undefined,
    );
    if (state !== undefined && (state === 'Recording' || state === 'Paused' || isTerminal(state))) break;
    await delay(1_000);
  }
  run.reachedRecording = state === 'Recording' || state === 'Paused';
  if (state !== undefined && isTerminal(state)) {
    run.driveNote = `ended ${state} before recording`;
    return;
  }
  if (run.terminated) return;
  await delay(run.holdMs);
  if (run.terminated) return;
  switch (run.ending) {
    case 'stop-signal':
      return requestStop(run, recordings, deadline);
    case 'stop-update': {
      // Waits for the provider stop; with no worker (or a lost one) it may not answer: fall back to the signal.
      const answered = await Promise.race([
        recordings.stop(run.recordId, { wait: true, requestedBy: 'fault-suite' }).then(
          () => true,
          () => false,
        ),
        // unref'd: a stop answered in time must not leave a 30 s timer holding the process
        delay(30_000, undefined, { ref: false }).then(() => false),
      ]);
      if (answered) {
        run.stopRequested = true;
        run.stopRequestedAt ??= Date.now();
        return;
      }
      return requestStop(run, recordings, deadline);
    }
    case 'provider-end':
      if (run.product === 'trro-cloud') scenario.tearDown(control, run.seq); // idle after MaxIdleTime 5 s
      return; // css-live: its EndTime closes the window
    case 'max-duration':
      return;
  }
}
