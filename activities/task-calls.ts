/** describeTask, modifyTask, pauseTask, resumeTask, stopTask: one provider call on an existing task. */
import { ApplicationFailure } from '@temporalio/common';
import { recorderFor } from '../recorders/registry';
import type { ProviderIo, Recorder } from '../recorders/types';
import type {
  DescribeTaskInput,
  ModifyTaskInput,
  StopTaskOutcome,
  TaskControlInput,
  TaskObservation,
  TaskRef,
} from '../domain/contract';
import { FAILURE_TYPES, failureFor } from './failures';
import { INPUT_SCHEMAS, parseInput } from './input-schemas';
import { observationOnError, stopOutcomeOnError } from './outcomes';
import { failureContext, logger, providerIo, taskFields, type ActivityDeps } from './runtime';

function notSupported(task: TaskRef, operation: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FAILURE_TYPES.notSupported,
    message: `${task.product} has no provider call for ${operation} (see domain/catalog.ts capabilities)`,
    nonRetryable: true,
  });
}

function bind(deps: ActivityDeps, task: TaskRef): { recorder: Recorder; io: ProviderIo } {
  const recorder = recorderFor(task.product);
  return { recorder, io: providerIo(deps, recorder, task.region) };
}

/**
 * One describe call; a task the provider no longer knows is observed as ended while control
 * lasts. The answer carries the worker's fleet poll unit, so the workflow's next poll shares the
 * describe quota with the fleet (domain/poll-budget.ts).
 */
export async function describeTask(deps: ActivityDeps, raw: DescribeTaskInput): Promise<TaskObservation> {
  const { task } = parseInput(INPUT_SCHEMAS.describe, raw, 'describeTask');
  const { recorder, io } = bind(deps, task);
  if (!recorder.describe) throw notSupported(task, 'describe');
  let seen: TaskObservation;
  try {
    seen = await recorder.describe(io, task);
  } catch (error) {
    seen = observationOnError(error, failureContext(deps, 'read', task));
  }
  const unitMs = deps.fleet?.pollUnitMs(task.product);
  return unitMs === undefined ? seen : { ...seen, fleetPollUnitMs: unitMs };
}

/** One modify call with the complete changes (a full overwrite). */
export async function modifyTask(deps: ActivityDeps, raw: ModifyTaskInput): Promise<void> {
  const { task, changes } = parseInput(INPUT_SCHEMAS.modify, raw, 'modifyTask');
  const { recorder, io } = bind(deps, task);
  if (!recorder.modify) throw notSupported(task, 'modify');
  try {
    await recorder.modify(io, task, changes);
    logger(deps).info('provider task modified', { ...taskFields(task), fields: Object.keys(changes) });
  } catch (error) {
    throw failureFor(error, failureContext(deps, 'control', task));
  }
}

function control(operation: 'pause' | 'resume') {
  return async (deps: ActivityDeps, raw: TaskControlInput): Promise<void> => {
    const { task } = parseInput(INPUT_SCHEMAS.control, raw, `${operation}Task`);
    const { recorder, io } = bind(deps, task);
    const call = recorder[operation]?.bind(recorder);
    if (!call) throw notSupported(task, operation);
    try {
      await call(io, task);
      logger(deps).info(`provider task ${operation}d`, taskFields(task));
    } catch (error) {
      // UnsupportedOperation.InvalidTaskStatus (already paused/resumed, stopped) is non-retryable:
      // the workflow re-reads the state instead of insisting.
      throw failureFor(error, failureContext(deps, 'control', task));
    }
  };
}

/** One pause / resume call (TIW only; others fail NotSupportedByProduct). */
export const pauseTask = control('pause');
export const resumeTask = control('resume');

/** One stop call; a task already gone counts as stopped unless control was lost. */
export async function stopTask(deps: ActivityDeps, raw: TaskControlInput): Promise<StopTaskOutcome> {
  const { task } = parseInput(INPUT_SCHEMAS.control, raw, 'stopTask');
  const { recorder, io } = bind(deps, task);
  try {
    const { requestId } = await recorder.stop(io, task);
    logger(deps).info('provider task stopped', { ...taskFields(task), requestId });
    return { kind: 'stopped', requestId };
  } catch (error) {
    const outcome = stopOutcomeOnError(error, recorder, failureContext(deps, 'stop', task));
    logger(deps).info('provider task was already gone', {
      ...taskFields(task),
      code: outcome.kind === 'already-ended' ? outcome.code : undefined,
    });
    return outcome;
  }
}
