/**
 * The activity proxies for one recording, each on its rate-limit domain's task queue
 * (domain/catalog.ts `activityTaskQueue`), so the server enforces the provider's documented
 * per-account limit across all workers. An operation the product lacks has no proxy.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { RecordingActivities } from '../domain/contract';
import { activityOptionsFor } from '../domain/retry-policies';
import { CATALOG, activityTaskQueue, type Operation, type Product } from '../domain/catalog';

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
    proxyActivities<RecordingActivities>({ ...activityOptionsFor(name), taskQueue: activityTaskQueue(product, op, queuePrefix) })[name];
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
