/**
 * The scheduled wait and the start phase: one provider task per recordId (reference §8).
 * The identity is derived and published as routing keys before each start call; `exists` and
 * ambiguous starts are reconciled (lookup, then callbacks) before anything is started again.
 */
import { ActivityFailure, ApplicationFailure, condition, patched, sleep } from '@temporalio/workflow';
import type { StartTaskInput, StartTaskOutcome, TaskRef } from '../domain/contract';
import { controlDeadline } from '../domain/bounds';
import { deriveIdentity } from '../domain/identity';
import { nowMs } from './deadlines';
import { claimsUnadoptedTasks, type RecordingContext } from './context';
import { claimLeftoverCandidates } from './lifecycle';
import { failureType } from './provider';

/** Waits (durable timer) for the scheduled start; a stop or cancellation before it ends the recording with no provider call. */
export async function waitForStart(ctx: RecordingContext): Promise<void> {
  const { life } = ctx;
  while (life.state === 'Scheduled') {
    const now = nowMs();
    if (life.data.stopRequest !== undefined) return life.finish(now, 'cancelled-before-start');
    const startAt = life.data.startAtMs ?? now;
    if (startAt <= now) {
      // A worker outage longer than the whole window: nothing to record any more.
      if (life.data.endAtMs !== undefined && life.data.endAtMs <= now) return life.finish(now, 'scheduled-end');
      return life.beginStart();
    }
    const seen = life.version;
    await condition(() => life.version !== seen, startAt - now);
  }
}

/** The task reference for a TaskId learnt from a lookup-less source (a callback). */
export function taskRefFor(ctx: RecordingContext, taskId: string): TaskRef {
  const p = ctx.request.params;
  return {
    product: ctx.request.product,
    taskId,
    identity: ctx.life.data.identity ?? {},
    ...(ctx.request.region === undefined ? {} : { region: ctx.request.region }),
    ...(typeof p['SdkAppId'] === 'number' ? { sdkAppId: p['SdkAppId'] } : {}),
    ...(typeof p['RoomId'] === 'string' || typeof p['RoomId'] === 'number' ? { roomId: String(p['RoomId']) } : {}),
    ...(typeof p['StreamName'] === 'string' ? { streamName: p['StreamName'] } : {}),
  };
}

/** Patch: the start and lookup inputs carry the identity the workflow derived (one owner of it). */
export const IDENTITY_IN_START_INPUT = 'identity-in-start-input';

/**
 * The current attempt, as the start call sends it and the lookup searches for it: with the
 * identity derived for it (`noteStartCall`), which the activity uses instead of its own.
 */
function attemptInput(ctx: RecordingContext): StartTaskInput {
  const { request, life } = ctx;
  const identity = life.data.identity;
  return {
    product: request.product,
    recordId: request.recordId,
    attempt: life.data.attempt,
    region: request.region,
    params: request.params,
    ...(identity !== undefined && patched(IDENTITY_IN_START_INPUT) ? { identity } : {}),
  };
}

/** `answered`: the TaskId came in a start answer; otherwise a callback or lookup revealed it after an ambiguous start. */
function adopt(ctx: RecordingContext, task: TaskRef, answered: boolean): void {
  const { life, request } = ctx;
  const issuedAt = life.data.startRequestedAtMs ?? nowMs();
  life.adoptTask(task, nowMs(), controlDeadline(request.product, request.params, issuedAt, 0)?.expiresAtMs);
  if (claimsUnadoptedTasks(ctx)) {
    // A revealed task is the one an ambiguous start made; any other candidate of the device is a duplicate.
    if (!answered) life.accountForUnknownTask();
    claimLeftoverCandidates(life, nowMs());
  }
  ctx.publish();
}

/** Lost or refused-as-existing start: a callback already seen, a provider lookup, then a bounded wait for a callback. */
async function locate(ctx: RecordingContext): Promise<TaskRef | undefined> {
  const { life, calls } = ctx;
  const candidate = (): string | undefined => life.data.candidateTaskIds.at(-1);
  if (candidate() === undefined && calls.recoverTask !== undefined) {
    const found = await calls.recoverTask(attemptInput(ctx)).catch((err: unknown) => {
      if (!(err instanceof ActivityFailure)) throw err;
      life.warn('task-id-lost', `lookup failed: ${failureType(err)}`, nowMs());
      return { kind: 'not-found' as const };
    });
    if (found.kind === 'found') return found.task;
  }
  await condition(() => candidate() !== undefined, ctx.opts.lostTaskWaitMs);
  const id = candidate();
  return id === undefined ? undefined : taskRefFor(ctx, id);
}

/** Calls startTask; a failure after the activity's retries is `refused` (non-retryable) or `ambiguous` (may have acted). */
async function callStart(
  ctx: RecordingContext,
): Promise<StartTaskOutcome | { kind: 'refused'; type: string; message: string }> {
  const { life } = ctx;
  try {
    return await ctx.calls.startTask(attemptInput(ctx));
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const refused = err.cause instanceof ApplicationFailure && err.cause.nonRetryable;
    if (refused) return { kind: 'refused', type: failureType(err), message: err.cause.message };
    // Products whose repeated create is not safe get one attempt (CREATE_ONCE_RETRY): a lost
    // worker or server, or a time-out, lands here and is decided by the product's recovery rule.
    return { kind: 'ambiguous', identity: life.data.identity ?? {}, reason: `${failureType(err)} after retries` };
  }
}

/**
 * Patch: a throttled start call (`retry-later` with `throttled`) does not count toward
 * maxStartCalls, and the waits of throttles in a row double (up to a minute): a throttle is
 * the provider saying "not now", never a reason to fail the recording.
 */
export const THROTTLED_START_UNCOUNTED = 'throttled-start-uncounted';
const MAX_THROTTLED_START_WAIT_MS = 60_000;

/**
 * Starts the provider task. Runs in a non-cancellable scope (see recording.ts): a start that
 * may have created a task must be known before a cancellation can stop it.
 */
export async function startPhase(ctx: RecordingContext): Promise<void> {
  const { life, request, opts } = ctx;
  // Deterministic from history: counted again the same way on replay.
  let throttledCalls = 0;
  let throttledInARow = 0;
  while (life.state === 'Starting') {
    const now = nowMs();
    if (life.data.stopRequest !== undefined && life.data.startCalls === 0)
      return life.finish(now, 'cancelled-before-start');
    if (life.data.startCalls - throttledCalls >= opts.maxStartCalls) {
      const identity = JSON.stringify(life.data.identity ?? {});
      life.warn('task-id-lost', `no TaskId after ${life.data.startCalls} start calls; identity ${identity}`, now);
      return life.fail(
        'StartAttemptsExhausted',
        `no provider task confirmed after ${life.data.startCalls} start calls`,
        now,
      );
    }
    life.noteStartCall(deriveIdentity(request.product, request.recordId, life.data.attempt, request.params), now);
    ctx.publish(); // routing keys first: a callback may race the start response
    const outcome = await callStart(ctx);
    const throttled = outcome.kind === 'retry-later' && outcome.throttled === true;
    if (!throttled) throttledInARow = 0;
    switch (outcome.kind) {
      case 'started':
        adopt(ctx, outcome.task, true);
        break;
      case 'refused':
        return life.fail(outcome.type, outcome.message, nowMs());
      case 'retry-later':
        // The provider refused before acting, same identity: css-live / trro-cloud (throttle, capacity),
        // or any product throttled on its start's last allowed attempt.
        if (throttled && patched(THROTTLED_START_UNCOUNTED)) {
          throttledCalls += 1;
          throttledInARow += 1;
          await sleep(Math.min(outcome.retryAfterMs * 2 ** (throttledInARow - 1), MAX_THROTTLED_START_WAIT_MS));
        } else await sleep(outcome.retryAfterMs);
        break;
      case 'retry-next-attempt':
        // trtc-web: the docs demand a new RecordId after a refused start.
        await sleep(outcome.retryAfterMs);
        life.nextAttempt();
        break;
      case 'exists':
      case 'ambiguous': {
        if (outcome.kind === 'ambiguous') {
          life.warn('start-uncertain', outcome.reason, nowMs());
          if (claimsUnadoptedTasks(ctx)) life.noteAmbiguousStart();
        }
        const task = await locate(ctx);
        if (task !== undefined) adopt(ctx, task, false);
        else if (request.product === 'css-live') life.recordWithoutTask(nowMs());
        // trtc-web: no task under this RecordId, so the next one is safe; others reuse theirs.
        else if (request.product === 'trtc-web') life.nextAttempt();
        break;
      }
    }
  }
}
