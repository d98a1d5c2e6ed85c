/**
 * Stopping and collecting: stop the provider task (unless it already ended), then wait,
 * bounded, for the files and the completion callback (TIW: describe until FINISHED; MP4/AAC to
 * object storage has none, so a quiet spell ends the wait). Runs in a non-cancellable scope
 * (see recording.ts): cancelling the workflow still stops the billing task.
 */
import { ActivityFailure, condition, patched } from '@temporalio/workflow';
import type { TaskRef } from '../domain/contract';
import { claimsUnadoptedTasks, type RecordingContext } from './context';
import { stopExtraTasks } from './watch';
import { cssEndsAtMs, nowMs } from './deadlines';
import { failureType } from './provider';
import { FAILURE_TYPES } from '../domain/retry-policies';
import type { RecordingRequest } from './types';

/** TIW keeps answering describe until FINISHED, with the files; TRTC refuses after exit and web has no file info. */
const POLL_WHILE_COLLECTING_MS = 30_000;

async function stopTask(ctx: RecordingContext, task: TaskRef): Promise<void> {
  const { life } = ctx;
  try {
    await ctx.calls.stopTask({ task });
    life.stopped(nowMs());
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    const type = failureType(err);
    life.warn('stop-failed', `${type}: task ${task.taskId} may still be running`, nowMs());
    if (type === FAILURE_TYPES.controlLost) return life.finish(nowMs(), 'control-lost');
    life.fail(type, err.cause?.message ?? err.message, nowMs());
  }
}

/** What "all files are in" means per product; css-live has no completion event, so its first file ends the wait. */
function filesDone(ctx: RecordingContext): boolean {
  const s = ctx.life.data;
  return s.uploadComplete || (ctx.request.product === 'css-live' && s.files.length > 0);
}

/** OutputFormat 3 = mp4, 4 = aac (COS/AWS); neither is HLS, so no 305 event follows (reference §3, §10). */
const NON_HLS_FORMATS = new Set([3, 4]);
/** trro-cloud's documented default OutputFormat is 3 (mp4); trtc-cloud's is 0 (hls). */
const TRRO_DEFAULT_FORMAT = 3;

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : undefined;
}

/**
 * Which recordings can never get an "upload complete" callback, from their start parameters
 * (pure): TRTC / TRRO recordings to object storage whose only outputs are MP4 or AAC files.
 */
export function completesByQuietSpell(request: Pick<RecordingRequest, 'product' | 'params'>): boolean {
  const { product, params } = request;
  if (product === 'trro-cloud') {
    const format = params['OutputFormat'];
    return NON_HLS_FORMATS.has(typeof format === 'number' ? format : TRRO_DEFAULT_FORMAT);
  }
  if (product !== 'trtc-cloud') return false;
  // VOD storage reports completion with 312; only CloudStorage (COS/AWS) lacks an end event.
  if (objectAt(params['StorageParams'], 'CloudStorage') === undefined) return false;
  const format = objectAt(params, 'RecordParams')?.['OutputFormat'];
  return typeof format === 'number' && NON_HLS_FORMATS.has(format);
}

/**
 * COS recordings with no HLS output get no 305 "upload done" (reference §10): each MP4/AAC
 * arrives alone (310). Once the task has ended, a quiet spell with no new file ends the wait.
 */
const QUIET_SPELL_MS = 30_000;

async function waitForQuietSpell(ctx: RecordingContext, deadline: number): Promise<void> {
  const { life } = ctx;
  while (!filesDone(ctx) && nowMs() < deadline) {
    const known = life.data.files.length;
    const changed = await condition(
      () => filesDone(ctx) || life.data.files.length !== known,
      Math.max(1, Math.min(QUIET_SPELL_MS, deadline - nowMs())),
    );
    if (!changed && known > 0) return life.uploadCompleted();
  }
}

async function collect(ctx: RecordingContext): Promise<void> {
  const { life, calls, opts } = ctx;
  const deadline = nowMs() + opts.collectTimeoutMs;
  const task = life.task;
  if (completesByQuietSpell(ctx.request) && patched('cos-mp4-quiet-spell')) await waitForQuietSpell(ctx, deadline);
  while (!filesDone(ctx) && nowMs() < deadline) {
    if (ctx.request.product === 'tiw-online' && task !== undefined && calls.describeTask !== undefined) {
      const seen = await calls.describeTask({ task }).catch((err: unknown) => {
        if (!(err instanceof ActivityFailure)) throw err;
        life.warn('poll-failed', failureType(err), nowMs());
        return undefined;
      });
      life.addFiles(seen?.files);
      if (seen?.state === 'ended') {
        life.providerEnded({
          ...(seen.endCause === undefined ? {} : { cause: seen.endCause }),
          atMs: nowMs(),
          source: 'poll',
        });
        life.uploadCompleted();
        break;
      }
      await condition(() => filesDone(ctx), Math.max(1, Math.min(POLL_WHILE_COLLECTING_MS, deadline - nowMs())));
    } else {
      await condition(() => filesDone(ctx), Math.max(1, deadline - nowMs()));
    }
  }
  if (!filesDone(ctx))
    life.warn('files-incomplete', `no completion report within ${opts.collectTimeoutMs} ms`, nowMs());
}

/** css-live with an ambiguous start: no TaskId, so no early stop; it ends by itself at EndTime. */
function detachUnknownTask(ctx: RecordingContext): void {
  const { life, request } = ctx;
  const end =
    life.data.startRequestedAtMs === undefined ? undefined : cssEndsAtMs(request.params, life.data.startRequestedAtMs);
  const until = end === undefined ? 'its EndTime' : new Date(end.atMs).toISOString();
  life.detach(
    `${request.product} start was ambiguous and no TaskId became known, so the task (if any) cannot be stopped early; the provider ends it by itself at ${until}`,
    nowMs(),
  );
}

/** From Stopping to a terminal state. */
export async function stopPhase(ctx: RecordingContext): Promise<void> {
  const { life } = ctx;
  if (life.state !== 'Stopping') return;
  const task = life.task;
  if (task === undefined && life.data.providerEnd === undefined) return detachUnknownTask(ctx);
  if (task !== undefined && life.data.providerEnd === undefined && life.data.stoppedAtMs === undefined) {
    // Wait for an in-flight pause/resume/modify, so the stop is the last control call.
    await ctx.lock.run(() => stopTask(ctx, task));
    if (life.isTerminal) return;
  }
  ctx.publish();
  await collect(ctx);
  // A duplicate revealed while stopping or collecting is stopped too, before the result is final.
  if (life.data.extraTaskIds.length > 0 && claimsUnadoptedTasks(ctx)) await stopExtraTasks(ctx);
  life.finish(nowMs());
}
