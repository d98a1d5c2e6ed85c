/** startTask and recoverTask: one start call (or one lookup) under the recording's derived identity. */
import { deriveIdentity } from '../domain/identity';
import { recorderFor } from '../recorders/registry';
import { validateStartParams } from '../recorders/validation';
import type { RecoverTaskInput, RecoverTaskOutcome, StartTaskInput, StartTaskOutcome } from '../domain/contract';
import { failureFor } from './failures';
import { INPUT_SCHEMAS, parseInput } from './input-schemas';
import { recoverOutcomeOnError, startOutcomeOnError } from './outcomes';
import { failureContext, logger, nowMs, providerIo, type ActivityDeps } from './runtime';

/**
 * The workflow owns the identity; a different derivation here (a worker on other code during a
 * rolling deploy) is logged, never used: a second identity would mean a second billed task.
 */
function checkIdentity(deps: ActivityDeps, input: StartTaskInput, params: Readonly<Record<string, unknown>>): void {
  const here = deriveIdentity(input.product, input.recordId, input.attempt, params);
  if (JSON.stringify(here) === JSON.stringify(input.identity)) return;
  logger(deps).warn("provider identity derived here differs from the workflow's; using the workflow's", {
    recordId: input.recordId,
    attempt: input.attempt,
    product: input.product,
    workflowIdentity: input.identity,
    derivedHere: here,
  });
}

function prepare(deps: ActivityDeps, input: StartTaskInput) {
  const recorder = recorderFor(input.product);
  let params: Readonly<Record<string, unknown>>;
  try {
    params = validateStartParams(input.product, input.params);
  } catch (error) {
    throw failureFor(error, failureContext(deps, 'start'));
  }
  const identity = input.identity ?? deriveIdentity(input.product, input.recordId, input.attempt, params);
  if (input.identity !== undefined) checkIdentity(deps, input, params);
  const request = {
    recordId: input.recordId,
    attempt: input.attempt,
    region: input.region,
    params,
    identity,
    requestedAtMs: nowMs(deps),
  };
  return { recorder, identity, request, io: providerIo(deps, recorder, input.region) };
}

/** One start call under the derived identity; provider answers that are not failures come back as outcomes. */
export async function startTask(deps: ActivityDeps, raw: StartTaskInput): Promise<StartTaskOutcome> {
  const input = parseInput(INPUT_SCHEMAS.start, raw, 'startTask');
  const { recorder, identity, request, io } = prepare(deps, input);
  const log = logger(deps);
  try {
    const { task, requestId } = await recorder.start(io, request);
    log.info('provider task started', {
      recordId: input.recordId,
      attempt: input.attempt,
      product: input.product,
      taskId: task.taskId,
      requestId,
    });
    return { kind: 'started', task, requestId };
  } catch (error) {
    const outcome = startOutcomeOnError(error, recorder, identity, failureContext(deps, 'start'));
    log.warn('provider start did not create a task', {
      recordId: input.recordId,
      attempt: input.attempt,
      product: input.product,
      outcome: outcome.kind,
    });
    return outcome;
  }
}

/** Looks up the task a lost or refused start created; `unsupported` where only callbacks can tell. */
export async function recoverTask(deps: ActivityDeps, raw: RecoverTaskInput): Promise<RecoverTaskOutcome> {
  const input = parseInput(INPUT_SCHEMAS.recover, raw, 'recoverTask');
  const { recorder, request, io } = prepare(deps, input);
  try {
    const outcome = await recorder.recover(io, request);
    logger(deps).info('provider task lookup', {
      recordId: input.recordId,
      product: input.product,
      outcome: outcome.kind,
      ...(outcome.kind === 'found' ? { taskId: outcome.task.taskId } : {}),
    });
    return outcome;
  } catch (error) {
    return recoverOutcomeOnError(error, failureContext(deps, 'read'));
  }
}
