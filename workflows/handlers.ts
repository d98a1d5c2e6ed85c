/**
 * Message handlers of the recording workflow. Validators reject what the product or the state
 * does not allow (the caller gets the reason); handlers delegate to the lifecycle and
 * serialise provider control calls through the lock.
 */
import { ApplicationFailure, condition, patched, setHandler } from '@temporalio/workflow';
import { CATALOG, PRODUCTS } from '../domain/catalog';
import { nowMs } from './deadlines';
import { eventRules, statusOf, type RecordingContext } from './context';
import { applyProviderEvent } from './lifecycle';
import { admittedSignal } from './admission-messages';
import { admissionWorkflowId, quotaKeyOf } from '../domain/admission';
import {
  extendUpdate,
  modifyUpdate,
  pauseUpdate,
  pollHintSignal,
  providerEventSignal,
  resumeUpdate,
  statusQuery,
  stopSignal,
  stopUpdate,
  type ExtendRequest,
  type ModifyRequest,
} from './messages';
import type { RecordingStatus } from './types';

const MODIFY_KEYS = ['MixLayoutParams', 'SubscribeStreamUserIds'] as const;

/** Patch: a poll hint (pollHintSignal) brings the next describe forward; older histories never saw one. */
export const CALLBACK_POLL_HINT = 'callback-poll-hint';

function requireState(ctx: RecordingContext, op: string, allowed: readonly string[]): void {
  if (!allowed.includes(ctx.life.state))
    throw new Error(`${op}: not allowed in state ${ctx.life.state} (needs ${allowed.join(' or ')})`);
}

function requireCapability(ctx: RecordingContext, op: string, capability: 'pause' | 'modify'): void {
  if (!CATALOG[ctx.request.product].capabilities[capability]) {
    const who = PRODUCTS.filter((p) => CATALOG[p].capabilities[capability]).join(', ');
    throw new Error(`${op}: ${ctx.request.product} has no ${capability} API (only ${who})`);
  }
}

/** Re-checked inside the lock: the state may have moved between validation and execution. */
function stillIn(ctx: RecordingContext, op: string, state: string) {
  const task = ctx.life.task;
  if (ctx.life.state !== state || task === undefined) {
    throw ApplicationFailure.create({
      type: 'InvalidRecordingState',
      nonRetryable: true,
      message: `${op}: recording is ${ctx.life.state} now`,
    });
  }
  return task;
}

function requirePausable(ctx: RecordingContext, op: string, state: string): void {
  requireCapability(ctx, op, 'pause');
  requireState(ctx, op, [state]);
}

function validateModify(ctx: RecordingContext, req: ModifyRequest): void {
  requireCapability(ctx, 'modifyUpdate', 'modify');
  requireState(ctx, 'modifyUpdate', ['Recording']);
  const keys = Object.keys(req ?? {});
  const unknown = keys.filter((k) => !(MODIFY_KEYS as readonly string[]).includes(k));
  if (keys.length === 0 || unknown.length > 0)
    throw new Error(
      `modifyUpdate: give one or both of ${MODIFY_KEYS.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  for (const k of keys) {
    const v = (req as Record<string, unknown>)[k];
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw new Error(`modifyUpdate: ${k} must be an object (the complete desired value)`);
  }
}

function validateExtend(ctx: RecordingContext, req: ExtendRequest): void {
  requireState(ctx, 'extendUpdate', ['Scheduled', 'Queued', 'Starting', 'Recording', 'Paused']);
  if (req?.endAtMs === undefined && req?.maxDurationMs === undefined)
    throw new Error('extendUpdate: give endAtMs and/or maxDurationMs');
  for (const [k, v] of Object.entries(req)) {
    if (v !== null && !(typeof v === 'number' && Number.isFinite(v) && v > 0))
      throw new Error(`extendUpdate: ${k} must be a positive number of ms, or null to clear`);
  }
}

/** Registers the query, signals and updates of one run; called before the workflow's first await. */
export function installHandlers(ctx: RecordingContext): void {
  const { life, request } = ctx;
  const status = (): RecordingStatus => statusOf(ctx);

  setHandler(statusQuery, status);
  setHandler(providerEventSignal, (event) => {
    applyProviderEvent(life, event, nowMs(), request.product, eventRules(ctx));
  });
  setHandler(pollHintSignal, () => {
    if (!CATALOG[request.product].capabilities.describe || !patched(CALLBACK_POLL_HINT)) return;
    life.hintPoll(nowMs());
  });
  setHandler(admittedSignal, ({ quotaKey }) => {
    if (quotaKey === quotaKeyOf(request.product, request.params))
      life.noteAdmitted(quotaKey, admissionWorkflowId(quotaKey), nowMs());
  });
  setHandler(stopSignal, (req) => {
    life.requestStop('stopped-by-request', nowMs(), req?.requestedBy);
  });
  setHandler(stopUpdate, async (req) => {
    life.requestStop('stopped-by-request', nowMs(), req?.requestedBy);
    await condition(() => life.stopSettled);
    return status();
  });

  setHandler(
    pauseUpdate,
    () =>
      ctx.lock.run(async () => {
        const task = stillIn(ctx, 'pauseUpdate', 'Recording');
        await ctx.calls.pauseTask?.({ task });
        life.paused();
        ctx.publish();
        return status();
      }),
    { validator: () => requirePausable(ctx, 'pauseUpdate', 'Recording') },
  );
  setHandler(
    resumeUpdate,
    () =>
      ctx.lock.run(async () => {
        const task = stillIn(ctx, 'resumeUpdate', 'Paused');
        await ctx.calls.resumeTask?.({ task });
        life.resumed();
        ctx.publish();
        return status();
      }),
    { validator: () => requirePausable(ctx, 'resumeUpdate', 'Paused') },
  );
  setHandler(
    modifyUpdate,
    (req) =>
      ctx.lock.run(async () => {
        const task = stillIn(ctx, 'modifyUpdate', 'Recording');
        // ModifyCloudRecording overwrites: always send the whole desired set, not just the change.
        const desired = { ...life.data.desired, ...req };
        await ctx.calls.modifyTask?.({ task, changes: desired });
        life.setDesired(desired);
        return desired;
      }),
    { validator: (req: ModifyRequest) => validateModify(ctx, req) },
  );
  setHandler(
    extendUpdate,
    (req) => {
      life.extend(req.endAtMs, req.maxDurationMs);
      return Promise.resolve(status());
    },
    { validator: (req: ExtendRequest) => validateExtend(ctx, req) },
  );
}
