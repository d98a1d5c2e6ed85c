/**
 * One fault run: start the pieces, drive the recordings while the injector sets off faults at
 * the pace the recordings start, let everything settle, then look at what is left (emulator
 * tasks, workflow status and results) and judge it. Bounded in time (every phase has a
 * deadline) and in count (`recordings`, and faults in proportion to them).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type CallRecord, type Identity } from '../../emulator/index';
import { recordingWorkflowId, statusQuery } from '../../workflows/messages';
import { historyToJson } from '../workflows/support/history-json';
import type { RecordingResult } from '../../client/recordings/public-shapes';
import { CALLBACK_FAULTS, type FaultKind, type FaultOptions } from './options';
import { type CallbackFault } from './callback-proxy';
import { judge, type Finding, type RecordingObservation } from './checks';
import { driveRecording, planRecording, requestStop, retrying, type RecordingRun } from './drive';
import { startFaultStack, type FaultStack, type GivenTemporal } from './fault-stack';
import { HEAVY, inject, WEIGHTS, type FaultEvent, type ScheduledFault } from './injectors';
import { seededRandom, type Random } from './random';
import { loadAverage } from './report';

export interface RunData {
  readonly options: FaultOptions;
  readonly startedAt: number;
  /** /proc/loadavg before the stack started. */
  readonly loadStart: string;
  readonly phases: Record<string, number>;
  readonly runs: readonly RecordingRun[];
  readonly events: readonly FaultEvent[];
  readonly observations: readonly RecordingObservation[];
  readonly findings: readonly Finding[];
  readonly stack: Pick<FaultStack, 'proxy' | 'pool' | 'server' | 'logs'>;
  /** Provider calls per recording (the evidence for a finding). */
  readonly callsOf: (run: RecordingRun) => CallRecord[];
}

function weightedPick(random: Random, kinds: readonly ScheduledFault[]): ScheduledFault {
  const total = kinds.reduce((sum, k) => sum + WEIGHTS[k], 0);
  let roll = random.next() * total;
  for (const k of kinds) {
    roll -= WEIGHTS[k];
    if (roll < 0) return k;
  }
  return kinds[kinds.length - 1] as ScheduledFault;
}

const matches = (identity: Partial<Identity>, call: CallRecord): boolean =>
  Object.entries(identity).every(([k, v]) => call.identity[k as keyof Identity] === v);

/** `given`: a Temporal the caller owns (kept running); a dev server of the run's own when absent. */
export async function runFaults(
  options: FaultOptions,
  log: (line: string) => void,
  given?: GivenTemporal,
): Promise<RunData> {
  const startedAt = Date.now();
  const loadStart = loadAverage();
  const hardDeadline = startedAt + options.totalTimeoutMs;
  const phases: Record<string, number> = {};
  const random = seededRandom(options.seed);
  const callbackFaults = options.faults.filter((f): f is CallbackFault =>
    (CALLBACK_FAULTS as readonly string[]).includes(f),
  );
  const scheduled = options.faults.filter(
    (f): f is ScheduledFault => !(CALLBACK_FAULTS as readonly FaultKind[]).includes(f),
  );
  const s = await startFaultStack({
    seed: options.seed,
    workers: options.workers,
    random: random.fork('stack'),
    callbackFaults,
    callbackFaultRate: options.callbackFaultRate,
    orphanSweepInterval: options.orphanSweepInterval,
    ...(given === undefined ? {} : { given }),
  });
  phases['setUpMs'] = Date.now() - startedAt;
  log(`stack up in ${phases['setUpMs']} ms: Temporal ${s.server.address}, ${s.pool.alive.length} worker(s)`);
  const { control } = s.emulator;
  const { recordings, temporal } = s.stack.client;
  const runLabel = `${options.label}-${options.seed}`;
  const runs = Array.from({ length: options.recordings }, (_, i) => planRecording(i, runLabel, random));
  const events: FaultEvent[] = [];
  try {
    // ── drive ────────────────────────────────────────────────────────────────────
    const driveStarted = Date.now();
    // Leave the settle phase its time even if the drive runs long.
    const driveEnd = Math.min(hardDeadline - options.settleTimeoutMs - 60_000, Number.MAX_SAFE_INTEGER);
    let next = 0;
    let done = 0;
    const driver = async (): Promise<void> => {
      for (;;) {
        const run = runs[next++];
        if (run === undefined || Date.now() > driveEnd) return;
        const deadline = Math.min(Date.now() + options.driveTimeoutMs, driveEnd);
        try {
          await driveRecording(run, { recordings, control, deadline });
        } catch (error) {
          run.driveNote = `driver: ${String(error).slice(0, 300)}`;
        }
        run.driveDone = Date.now();
        done++;
        if (done % 25 === 0) log(`driven ${done}/${runs.length}; faults so far ${events.length}`);
      }
    };
    const injectRandom = random.fork('injector');
    let driving = true;
    // Heavy faults (kills) one at a time; light ones (drops, storms) overlap, at most 3 at once.
    const light = new Set<Promise<void>>();
    const ensured = scheduled.filter((k) => options.ensureFaults.includes(k));
    const injector = (async () => {
      while (driving && scheduled.length > 0) {
        const started = runs.filter((r) => r.startedAt !== undefined).length;
        if (events.length + light.size >= Math.floor(options.faultsPerRecording * started)) {
          await delay(500);
          continue;
        }
        const kind =
          ensured.length > 0 && started >= Math.ceil(runs.length / 3)
            ? (ensured.shift() as ScheduledFault)
            : weightedPick(injectRandom, scheduled);
        const ctx = { control, pool: s.pool, server: s.server, temporal, random: injectRandom, runs };
        const work = inject(kind, ctx).then(
          (event) => void events.push(event),
          async (error: unknown) => {
            events.push({
              kind,
              at: Date.now(),
              endedAt: Date.now(),
              landed: false,
              detail: `injector: ${String(error)}`,
            });
            await s.server.up().catch(() => undefined);
            await s.pool.refill();
          },
        );
        if (HEAVY.includes(kind)) {
          await work;
          continue;
        }
        light.add(work);
        void work.finally(() => light.delete(work));
        if (light.size >= 3) await Promise.race(light);
      }
      await Promise.all(light);
    })();
    await Promise.all(Array.from({ length: options.concurrency }, driver));
    driving = false;
    await injector;
    phases['driveMs'] = Date.now() - driveStarted;
    log(`drive done in ${phases['driveMs']} ms; ${events.length} scheduled faults`);

    // ── settle ───────────────────────────────────────────────────────────────────
    const settleStarted = Date.now();
    const settleDeadline = Math.min(settleStarted + options.settleTimeoutMs, hardDeadline - 60_000);
    s.proxy.enabled = false;
    control.clearFaults();
    await s.server.up();
    await s.pool.refill();
    // A stop the drive could not hand over (deadline, server down) is asked for now; nothing else is.
    for (const run of runs)
      if (run.startedAt !== undefined && !run.terminated && !run.stopRequested && run.ending.startsWith('stop'))
        await requestStop(run, recordings, settleDeadline).catch(() => undefined);
    let open = runs.filter((r) => r.startedAt !== undefined && !r.terminated);
    while (open.length > 0 && Date.now() < settleDeadline) {
      const still: RecordingRun[] = [];
      for (const run of open) {
        const status = await temporal.workflow
          .getHandle(recordingWorkflowId(run.recordId))
          .describe()
          .then(
            (d) => d.status.name,
            () => 'UNKNOWN',
          );
        if (status === 'RUNNING' || status === 'UNKNOWN') still.push(run);
      }
      open = still;
      if (open.length === 0) break;
      log(`settling: ${open.length} open`);
      await s.pool.refill();
      await delay(3_000);
    }
    await s.proxy.drain(15_000);
    await control.flushCallbacks(15_000);
    if (options.faults.includes('terminate')) {
      // The reaper (once it exists) stops a terminated recording's task within one sweep.
      const sweepMs = durationMs(options.orphanSweepInterval);
      const bound = Math.min(Date.now() + 3 * sweepMs + 30_000, settleDeadline + 60_000);
      const terminated = runs.filter((r) => r.terminated);
      while (
        Date.now() < bound &&
        terminated.some((r) => control.tasks({ identity: r.identity, running: true }).length > 0)
      )
        await delay(1_000);
    }
    phases['settleMs'] = Date.now() - settleStarted;

    // ── observe and judge ────────────────────────────────────────────────────────
    const settledAt = control.now();
    const observations: RecordingObservation[] = [];
    const observeDeadline = Date.now() + 120_000;
    for (const run of runs.filter((r) => r.startedAt !== undefined)) {
      const handle = temporal.workflow.getHandle(recordingWorkflowId(run.recordId));
      const workflowStatus = await retrying(observeDeadline, () => handle.describe().then((d) => d.status.name)).catch(
        () => 'UNKNOWN',
      );
      let result: RecordingResult | undefined;
      let resultError: string | undefined;
      if (workflowStatus === 'COMPLETED') {
        result = (await retrying(observeDeadline, () => handle.result()).catch((error: unknown) => {
          resultError = String(error).slice(0, 300);
          return undefined;
        })) as RecordingResult | undefined;
      } else resultError = workflowStatus.toLowerCase();
      // A run closed from outside still answers its status query (replayed): the state it closed in,
      // and (the library's status) what the recording says about it to a user: its closure.
      const closedOutside = result === undefined && workflowStatus !== 'RUNNING' && workflowStatus !== 'UNKNOWN';
      const closedState = closedOutside
        ? await retrying(observeDeadline, () => handle.query(statusQuery)).then(
            (s) => s.state,
            () => undefined,
          )
        : undefined;
      const closure = closedOutside
        ? await retrying(observeDeadline, () => recordings.status(run.recordId)).then(
            (s) => s.closure,
            () => undefined,
          )
        : undefined;
      observations.push({
        recordId: run.recordId,
        product: run.product,
        workflowStatus,
        ...(result !== undefined ? { result } : {}),
        ...(resultError !== undefined ? { resultError } : {}),
        stopRequested: run.stopRequested,
        terminated: run.terminated,
        ...(closedState === undefined ? {} : { closedState }),
        ...(closure === undefined ? {} : { closure }),
        tasks: control.tasks({ product: run.product, identity: run.identity }),
        settledAt,
      });
    }
    const findings = observations.flatMap(judge);
    // The history is the evidence: of a workflow left open (for replay-history.ts), and of every
    // recording with a finding (its last run: status and result come from it).
    const stuck = observations.filter((o) => o.workflowStatus === 'RUNNING');
    const kept = new Map<string, string>(stuck.map((o) => [o.recordId, 'stuck']));
    for (const f of findings) if (f.recordId !== '?' && !kept.has(f.recordId)) kept.set(f.recordId, 'findings');
    for (const [recordId, kind] of kept) {
      const dir = join(options.out, `${kind}-${options.label}-seed${options.seed}`);
      mkdirSync(dir, { recursive: true });
      const history = await temporal.workflow
        .getHandle(recordingWorkflowId(recordId))
        .fetchHistory()
        .catch(() => undefined);
      if (history !== undefined) writeFileSync(join(dir, `${recordId}.json`), `${historyToJson(history)}\n`);
    }
    if (kept.size > 0)
      log(`histories of ${stuck.length} open workflow(s) and ${kept.size - stuck.length} with findings kept`);
    // A forged body the gateway took is a finding of its own, whatever it did to the victim.
    for (const splice of s.proxy.stats.splices.filter((x) => x.status === 200)) {
      const victim = observations.find((o) => o.tasks.some((t) => t.taskId === splice.victimTaskId));
      findings.push({
        check: 'splice-accepted',
        recordId: victim?.recordId ?? '?',
        product: splice.product,
        taskId: splice.victimTaskId,
        detail: `forged ${splice.forgedKind} answered 200`,
        warnings: victim?.result?.warnings.map((w) => w.code) ?? [],
        declaredTaskIds: victim?.result?.taskIds ?? [],
      });
    }
    phases['totalMs'] = Date.now() - startedAt;
    const allCalls = control.calls();
    return {
      options,
      startedAt,
      loadStart,
      phases,
      runs,
      events,
      observations,
      findings,
      stack: { proxy: s.proxy, pool: s.pool, server: s.server, logs: s.logs },
      callsOf: (run) => allCalls.filter((c) => c.product === run.product && matches(run.identity, c)),
    };
  } finally {
    await s.stop().catch((error: unknown) => log(`stack stop: ${String(error)}`));
  }
}

/** `10s`, `500ms`, `2m` → ms. */
export function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(text);
  if (match === null) throw new Error(`not a duration: ${text}`);
  const n = Number(match[1]);
  return match[2] === 'ms' ? n : match[2] === 's' ? n * 1_000 : n * 60_000;
}
