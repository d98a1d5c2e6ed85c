/** listRunningTasks: the orphan sweep asks a provider that can list its running tasks (TIW) for all of one app's. */
import { ApplicationFailure } from '@temporalio/common';
import { recorderFor } from '../recorders/registry';
import type { ListRunningInput, RunningTask } from '../domain/contract';
import { FAILURE_TYPES, failureFor } from './failures';
import { INPUT_SCHEMAS, parseInput } from './input-schemas';
import { failureContext, logger, providerIo, type ActivityDeps } from './runtime';

export async function listRunningTasks(deps: ActivityDeps, raw: ListRunningInput): Promise<RunningTask[]> {
  const input = parseInput(INPUT_SCHEMAS.listRunning, raw, 'listRunningTasks');
  const recorder = recorderFor(input.product);
  if (!recorder.listRunning) {
    throw ApplicationFailure.create({
      type: FAILURE_TYPES.notSupported,
      message: `${input.product} cannot list its running tasks (only callbacks tell of them)`,
      nonRetryable: true,
    });
  }
  try {
    const running = await recorder.listRunning(providerIo(deps, recorder, input.region), input.sdkAppId);
    logger(deps).info('running tasks listed', {
      product: input.product,
      sdkAppId: input.sdkAppId,
      count: running.length,
    });
    return running;
  } catch (error) {
    throw failureFor(error, failureContext(deps, 'read'));
  }
}
