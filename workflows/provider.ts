/**
 * Calling the provider from the workflow: the activity proxies for one recording, each on its
 * rate-limit domain's task queue (domain/catalog.ts `activityTaskQueue`), so the server
 * enforces the provider's documented per-account limit across all workers (an operation the
 * product lacks has no proxy); the lock that keeps two control calls off one task; and how a
 * failed call is named in warnings and results.
 */
import { ApplicationFailure, condition, proxyActivities, type ActivityFailure } from '@temporalio/workflow';
import type { RecordingActivities } from '../domain/contract';
import { activityOptionsFor, startOptionsFor } from '../domain/retry-policies';
import { CATALOG, activityTaskQueue, type Operation, type Product } from '../domain/catalog';

// ---- the activity proxies --------------------------------------------------------------

/** The proxies one recording calls; an operation its product lacks is absent. */
export interface ProviderCalls {
  readonly startTask: RecordingActivities['startTask'];
  readonly stopTask: RecordingActivities['stopTask'];
  /** trtc-web (DescribeWebRecord by RecordId) and tiw-online (DescribeRunningTasks); others learn a lost TaskId from callbacks only. */
  readonly recoverTask?: RecordingActivities['recoverTask'];
  readonly describeTask?: RecordingActivities['describeTask'];
  readonly modifyTask?: RecordingActivities['modifyTask'];
  readonly pauseTask?: RecordingActivities['pauseTask'];
  readonly resumeTask?: RecordingActivities['resumeTask'];
}

/** Which provider action a recovery uses, per product (the queue it is rate-limited on). */
export function recoverOperation(product: Product): Operation | undefined {
  if (product === 'tiw-online') return 'findRunning';
  if (product === 'trtc-web') return 'describe';
  return undefined;
}

/** The proxies for `product`: only the operations its catalog entry has, each on its rate-limit queue. */
export function providerCalls(product: Product, queuePrefix: string): ProviderCalls {
  const on = <K extends keyof RecordingActivities>(op: Operation, name: K): RecordingActivities[K] =>
    proxyActivities<RecordingActivities>({
      ...(name === 'startTask' ? startOptionsFor(product) : activityOptionsFor(name)),
      taskQueue: activityTaskQueue(product, op, queuePrefix),
    })[name];
  const caps = CATALOG[product].capabilities;
  const recoverOp = recoverOperation(product);
  return {
    startTask: on('start', 'startTask'),
    stopTask: on('stop', 'stopTask'),
    ...(recoverOp === undefined ? {} : { recoverTask: on(recoverOp, 'recoverTask') }),
    ...(caps.describe ? { describeTask: on('describe', 'describeTask') } : {}),
    ...(caps.modify ? { modifyTask: on('modify', 'modifyTask') } : {}),
    ...(caps.pause ? { pauseTask: on('pause', 'pauseTask'), resumeTask: on('resume', 'resumeTask') } : {}),
  };
}

// ---- one control call at a time --------------------------------------------------------

/** Serialises provider control calls (pause, resume, modify, stop) so two never race on one task. */
export class ControlLock {
  private held = false;

  /** Runs `body` once no other control call is in flight. */
  async run<T>(body: () => Promise<T>): Promise<T> {
    await condition(() => !this.held);
    this.held = true;
    try {
      return await body();
    } finally {
      this.held = false;
    }
  }
}

// ---- naming a failure ------------------------------------------------------------------

/**
 * The failure `type` the activity's classifier set (the provider code, e.g.
 * `InvalidParameter.OutOfRange`), else the cause's name, so warnings speak the provider's words.
 */
export function failureType(err: ActivityFailure): string {
  return err.cause instanceof ApplicationFailure
    ? (err.cause.type ?? 'ApplicationFailure')
    : (err.cause?.name ?? 'ActivityFailure');
}
