/**
 * The admission workflow: one long-lived counting semaphore per quota key (domain/admission.ts),
 * id `admission:<quotaKey>`, started on demand by the `requestAdmission` activity with
 * signal-with-start. It keeps the holders and a FIFO queue of recordings, tells the first waiter
 * `admittedSignal` whenever a slot is free, takes back the slots of holders that closed without
 * releasing (terminated, timed out: they run no more code), and continues-as-new with its state.
 * It never ends by itself and is started with no execution or run time-out; if it is lost anyway,
 * the next acquire starts a fresh one, which first rebuilds its holders from visibility.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AdmissionState } from '../domain/admission';
import { admissionTaskQueue, type AdmissionActivities } from '../domain/contract';
import { acquireSignal, admissionStateQuery, admittedSignal, releaseSignal } from './admission-messages';
import { nowMs } from './deadlines';
import type { Mutable } from './lifecycle';

export interface AdmissionInput {
  readonly quotaKey: string;
  /** Prefix of the activity task queues (the admission activities' queue is `<prefix>.admission`). */
  readonly activityQueuePrefix: string;
  /** The first acquire's limit and check interval (later acquires replace them). */
  readonly limit: number;
  readonly checkIntervalMs: number;
  /** The previous run's state after continue-as-new; absent on a fresh start, which rebuilds the holders. */
  readonly carried?: AdmissionState;
  /** Continue-as-new past this many history events besides Temporal's suggestion; for tests. */
  readonly historyLengthThreshold?: number;
}

/** Hand over well before Temporal's limits: each admission costs a few events (signal in, signal out). */
const HISTORY_LENGTH_THRESHOLD = 4_000;

/** Temporal-side calls only; retried until they succeed (a slot must never be lost to a transient error). */
function admissionCalls(prefix: string): AdmissionActivities {
  return proxyActivities<AdmissionActivities>({
    taskQueue: admissionTaskQueue(prefix),
    startToCloseTimeout: '30s',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
  });
}

/** The semaphore of one quota key; see the module comment. */
export async function admissionWorkflow(input: AdmissionInput): Promise<void> {
  const calls = admissionCalls(input.activityQueuePrefix);
  const state: Mutable<AdmissionState> = input.carried
    ? { ...input.carried }
    : {
        quotaKey: input.quotaKey,
        limit: input.limit,
        checkIntervalMs: input.checkIntervalMs,
        holders: [],
        queue: [],
        reclaimed: 0,
      };
  /** Holders to tell (again) that they hold a slot: the newly admitted, and holders that asked again. */
  const toTell = new Set<string>();
  /** Releases heard while the holders are being rebuilt: those recordings must not come back as holders. */
  const releasedMeanwhile = new Set<string>();
  let version = 0;
  const drop = (workflowId: string): void => {
    state.holders = state.holders.filter((id) => id !== workflowId);
    state.queue = state.queue.filter((w) => w.workflowId !== workflowId);
    toTell.delete(workflowId);
  };

  setHandler(acquireSignal, (req) => {
    state.limit = req.limit;
    state.checkIntervalMs = req.checkIntervalMs;
    releasedMeanwhile.delete(req.workflowId);
    if (state.holders.includes(req.workflowId)) toTell.add(req.workflowId);
    else if (!state.queue.some((w) => w.workflowId === req.workflowId))
      state.queue = [...state.queue, { workflowId: req.workflowId, recordId: req.recordId, queuedAtMs: nowMs() }];
    version += 1;
  });
  setHandler(releaseSignal, ({ workflowId }) => {
    drop(workflowId);
    releasedMeanwhile.add(workflowId);
    version += 1;
  });
  setHandler(admissionStateQuery, () => JSON.parse(JSON.stringify(state)) as AdmissionState);

  if (input.carried === undefined) {
    // A fresh semaphore (first use, or the previous one was lost): the recordings still holding a
    // slot of this key are found by their RecordingAdmission attribute before anyone is admitted.
    const found = await calls.admittedRecordings({ quotaKey: state.quotaKey });
    const rebuilt = found.filter((id) => !releasedMeanwhile.has(id) && !state.holders.includes(id));
    state.queue = state.queue.filter((w) => !rebuilt.includes(w.workflowId));
    state.holders = [...state.holders, ...rebuilt];
    if (rebuilt.length > 0)
      log.info('admission holders rebuilt', { quotaKey: state.quotaKey, holders: rebuilt.length });
  }
  releasedMeanwhile.clear();

  let nextCheckAtMs = nowMs() + state.checkIntervalMs;
  for (;;) {
    while (state.holders.length < state.limit && state.queue.length > 0) {
      const [next, ...rest] = state.queue;
      if (next === undefined) break;
      state.queue = rest;
      state.holders = [...state.holders, next.workflowId];
      toTell.add(next.workflowId);
    }
    if (toTell.size > 0) {
      const told = [...toTell];
      toTell.clear();
      await Promise.all(told.map((id) => tell(id, state.quotaKey, drop)));
      continue; // a recording that could not be told frees its slot for the next one
    }
    const info = workflowInfo();
    const threshold = input.historyLengthThreshold ?? HISTORY_LENGTH_THRESHOLD;
    if (info.continueAsNewSuggested || info.historyLength >= threshold) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof admissionWorkflow>({
        quotaKey: state.quotaKey,
        activityQueuePrefix: input.activityQueuePrefix,
        limit: state.limit,
        checkIntervalMs: state.checkIntervalMs,
        carried: JSON.parse(JSON.stringify(state)) as AdmissionState,
        ...(input.historyLengthThreshold === undefined ? {} : { historyLengthThreshold: input.historyLengthThreshold }),
      });
    }
    // Someone waits on a full semaphore: a holder that closed without releasing must not keep its slot.
    const waiting = state.queue.length > 0;
    const now = nowMs();
    if (waiting && now >= nextCheckAtMs) {
      nextCheckAtMs = now + state.checkIntervalMs;
      const closed = await calls.closedHolders({ workflowIds: state.holders });
      for (const id of closed) drop(id);
      if (closed.length > 0) {
        state.reclaimed += closed.length;
        log.warn('admission slots reclaimed from closed holders', { quotaKey: state.quotaKey, holders: closed });
      }
      continue;
    }
    const seen = version;
    if (waiting) await condition(() => version !== seen, Math.max(1, nextCheckAtMs - now));
    else {
      await condition(() => version !== seen);
      nextCheckAtMs = nowMs() + state.checkIntervalMs;
    }
  }
}

/** Signals `admittedSignal`; a recording that cannot be told (closed meanwhile) is dropped. */
async function tell(workflowId: string, quotaKey: string, drop: (workflowId: string) => void): Promise<void> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(admittedSignal, { quotaKey });
  } catch (err) {
    if (isCancellation(err)) throw err;
    log.warn('admitted recording could not be told; its slot is free again', { quotaKey, workflowId });
    drop(workflowId);
  }
}
