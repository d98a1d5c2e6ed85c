/**
 * The scheduled faults: each injector acts once and resolves when its fault is over (a killed
 * piece is running again, a storm has blown out). Emulator faults are rules with a `times`
 * bound; kills are SIGKILL (`kill -9`) of a real process.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type Client } from '@temporalio/client';
import { CATALOG, PRODUCTS, type Product } from '../../domain/catalog';
import { type EmulatorControl } from '../../emulator/index';
import { recordingWorkflowId } from '../../workflows/messages';
import { type RecordingRun } from './drive';
import { type FaultKind } from './options';
import { type KillableTemporal, type WorkerPool } from './processes';
import { type Random } from './random';

export type ScheduledFault = Exclude<
  FaultKind,
  'callback-lost' | 'callback-duplicate' | 'callback-reorder' | 'callback-splice'
>;

/** One injected fault, for the report and for attributing findings. */
export interface FaultEvent {
  readonly kind: ScheduledFault;
  /** Wall-clock ms when it was set off and when it was over. */
  readonly at: number;
  endedAt?: number;
  product?: Product;
  /** Emulator fault rule id (its calls carry it in `faults`). */
  ruleId?: string;
  /** The provider calls the fault landed on (request ids), when known. */
  calls?: string[];
  recordId?: string;
  /** False when there was nothing to hit (no call in flight, no open recording). */
  landed: boolean;
  detail: string;
}

export interface InjectContext {
  readonly control: EmulatorControl;
  readonly pool: WorkerPool;
  readonly server: KillableTemporal;
  readonly temporal: Client;
  readonly random: Random;
  readonly runs: readonly RecordingRun[];
}

/** Faults that take a process down: one at a time, the injector waits for each to be over. */
export const HEAVY: readonly ScheduledFault[] = [
  'worker-kill',
  'worker-kill-create',
  'worker-kill-stop',
  'server-kill',
  'terminate',
];

/** How often each scheduled fault is picked (relative). */
export const WEIGHTS: Readonly<Record<ScheduledFault, number>> = {
  'worker-kill': 3,
  'worker-kill-create': 2,
  'worker-kill-stop': 2,
  'server-kill': 1,
  'drop-create': 3,
  'drop-stop': 3,
  'throttle-storm': 2,
  'error-storm': 2,
  terminate: 1,
};

function actionsOf(product: Product): { service: 'trtc' | 'tiw' | 'live' | 'trro'; create: string; stop: string } {
  const { service, actions } = CATALOG[product];
  return { service, create: actions.start ?? '', stop: actions.stop ?? '' };
}

/** Waits (bounded) until a call of `action` on `service` is held by rule `ruleId`, not yet handled. */
async function heldCall(control: EmulatorControl, service: string, action: string, ruleId: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const held = control
      .calls({ service, action })
      .find((c) => c.outcome === 'pending' && c.faults?.includes(ruleId) === true);
    if (held !== undefined) return held;
    await delay(25);
  }
  return undefined;
}

/** Holds the next `action` call of some product for a few seconds and kill -9s every worker while it is held. */
async function killMidCall(ctx: InjectContext, event: FaultEvent, which: 'create' | 'stop'): Promise<void> {
  const product = event.product as Product;
  const a = actionsOf(product);
  const action = which === 'create' ? a.create : a.stop;
  const rule = ctx.control.addFault({ service: a.service, action, latencyMs: 4_000, times: 1 });
  event.ruleId = rule.id;
  const held = await heldCall(ctx.control, a.service, action, rule.id, 20_000);
  if (held === undefined) {
    ctx.control.removeFault(rule.id);
    event.detail = `no ${action} (${product}) in flight within 20 s`;
    return;
  }
  // We cannot tell which worker sent it, so every worker goes: the one that did certainly dies mid-call.
  const killed = await ctx.pool.kill();
  event.landed = true;
  event.calls = [held.requestId];
  event.detail = `${action} (${product}) held; kill -9 of ${killed} worker(s) while it waited`;
  await delay(ctx.random.int(0, 2_000));
  await ctx.pool.refill();
}

async function storm(ctx: InjectContext, event: FaultEvent, kind: 'throttle' | '5xx'): Promise<void> {
  const product = event.product as Product;
  const { service } = actionsOf(product);
  const httpStatus = ctx.random.pick([500, 502, 503, 504]);
  const rule = ctx.control.addFault(
    kind === 'throttle'
      ? {
          service,
          errorCode: 'RequestLimitExceeded',
          errorMessage: 'Your request frequency exceeds the limit (fault suite storm).',
          rate: 0.5,
          times: 20,
        }
      : { service, httpStatus, rate: 0.5, times: 20 },
  );
  event.ruleId = rule.id;
  const lastsMs = ctx.random.int(3_000, 8_000);
  const what = kind === 'throttle' ? 'RequestLimitExceeded' : `HTTP ${httpStatus}`;
  await delay(lastsMs);
  ctx.control.removeFault(rule.id);
  // Refused before its parameters are read, a stormed call names no recording: counted, not attributed.
  const hit = ctx.control.calls({ service }).filter((c) => c.faults?.includes(rule.id));
  event.landed = hit.length > 0;
  event.calls = hit.map((c) => c.requestId);
  event.detail = `${what} on half the ${service} calls for ${lastsMs} ms (at most 20): ${hit.length} call(s) hit`;
}

async function dropAnswer(ctx: InjectContext, event: FaultEvent, which: 'create' | 'stop'): Promise<void> {
  const product = event.product as Product;
  const a = actionsOf(product);
  const action = which === 'create' ? a.create : a.stop;
  const rule = ctx.control.addFault({ service: a.service, action, dropResponse: true, times: 1 });
  event.ruleId = rule.id;
  // Landed once a call carried the rule; otherwise the rule is taken back after a while.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const hit = ctx.control.calls({ service: a.service, action }).filter((c) => c.faults?.includes(rule.id));
    if (hit.length > 0) {
      event.landed = true;
      event.calls = hit.map((c) => c.requestId);
      event.detail = `${action} (${product}) acted on, answer dropped (outcome ${hit[0]?.outcome ?? '?'})`;
      return;
    }
    await delay(200);
  }
  ctx.control.removeFault(rule.id);
  event.detail = `no ${action} (${product}) within 30 s`;
}

async function terminate(ctx: InjectContext, event: FaultEvent): Promise<void> {
  const open = ctx.runs.filter((r) => r.startedAt !== undefined && r.driveDone === undefined && !r.terminated);
  if (open.length === 0) {
    event.detail = 'no open recording';
    return;
  }
  const run = ctx.random.pick(open);
  event.recordId = run.recordId;
  try {
    await ctx.temporal.workflow.getHandle(recordingWorkflowId(run.recordId)).terminate('fault suite: terminate');
    run.terminated = true;
    run.terminatedAt = Date.now();
    event.landed = true;
    event.detail = `terminated ${run.recordId}`;
  } catch (error) {
    event.detail = `terminate of ${run.recordId} failed: ${String(error).slice(0, 200)}`;
  }
}

export async function inject(kind: ScheduledFault, ctx: InjectContext): Promise<FaultEvent> {
  const event: FaultEvent = { kind, at: Date.now(), landed: false, detail: '' };
  const withProduct = (): FaultEvent => {
    event.product = ctx.random.pick(PRODUCTS);
    return event;
  };
  switch (kind) {
    case 'worker-kill': {
      const alive = ctx.pool.alive;
      if (alive.length === 0) {
        event.detail = 'no worker alive';
        break;
      }
      const victim = ctx.random.pick(alive);
      await ctx.pool.kill([victim]);
      event.landed = true;
      event.detail = `kill -9 of worker ${victim.id} at a random point`;
      await delay(ctx.random.int(0, 3_000));
      await ctx.pool.refill();
      break;
    }
    case 'worker-kill-create':
      await killMidCall(ctx, withProduct(), 'create');
      break;
    case 'worker-kill-stop':
      await killMidCall(ctx, withProduct(), 'stop');
      break;
    case 'server-kill': {
      // Half the time while a create is held in the emulator, so the server dies with it in flight.
      let held = '';
      if (ctx.random.chance(0.5)) {
        const product = withProduct().product as Product;
        const a = actionsOf(product);
        const rule = ctx.control.addFault({ service: a.service, action: a.create, latencyMs: 4_000, times: 1 });
        event.ruleId = rule.id;
        const call = await heldCall(ctx.control, a.service, a.create, rule.id, 15_000);
        if (call === undefined) ctx.control.removeFault(rule.id);
        else {
          event.calls = [call.requestId];
          held = ` while ${a.create} (${product}) was held`;
        }
      }
      const downMs = ctx.random.int(500, 3_000);
      const killed = await ctx.server.restart(downMs);
      event.landed = true;
      event.detail = `kill -9 of ${killed}${held}, restarted on its state after ${downMs} ms`;
      await delay(2_000);
      await ctx.pool.refill(); // a worker may not survive its server's loss
      break;
    }
    case 'drop-create':
      await dropAnswer(ctx, withProduct(), 'create');
      break;
    case 'drop-stop':
      await dropAnswer(ctx, withProduct(), 'stop');
      break;
    case 'throttle-storm':
      await storm(ctx, withProduct(), 'throttle');
      break;
    case 'error-storm':
      await storm(ctx, withProduct(), '5xx');
      break;
    case 'terminate':
      await terminate(ctx, event);
      break;
  }
  event.endedAt = Date.now();
  return event;
}
