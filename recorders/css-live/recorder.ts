/**
 * css-live: CSS live recording (CreateLiveRecord / StopLiveRecord, reference §7).
 *
 * Exactly-once is NOT achievable from the provider side: there is no idempotency key, no
 * describe and no list call, and the docs warn that client time-outs under 3 s (with retries)
 * or differing Start/EndTime values create duplicate, separately billed tasks. So:
 * - calls use a client time-out well above 3 s (bounds.callTimeoutMs = 10 s);
 * - an ambiguous create (time-out after sending, reset, 5xx, unreadable success) is never
 *   retried blindly: startTask returns `ambiguous`.
 * What the workflow should do with `ambiguous`: do not create again; record the recording as
 * "task possibly running, TaskId unknown" and keep watching callbacks by StreamName (100 files,
 * 332 status) until EndTime (scheduled) or 30 min (highlight). Why this is acceptable: a lost
 * scheduled task still ends by itself at EndTime and a highlight task within 30 minutes, so
 * the billing exposure is bounded and equals what the caller asked for; without a TaskId it
 * cannot be stopped early, so an early stop request is answered as detached with that reason.
 * If the caller prefers a second attempt, it must reuse the identical StartTime/EndTime (never
 * recomputed from "now"), the only form the docs suggest the provider may de-duplicate.
 */
import { IncompleteTaskRef } from '../errors';
import { z } from 'zod';
import type { TaskRef } from '../../domain/contract';
import { defineRecorder } from '../define-recorder';
import { parseResponse } from '../schema-kit';
import type { ProviderIo, StartRequest, StartResult } from '../types';
import { interpretCssCallback } from './callbacks';
import { cssLiveParamsSchema, type CssLiveParams } from './params';

/** The integer TaskId, kept as its decimal digits (it may exceed 2^53 in principle). */
const taskIdSchema = z.union([
  z.number().int().nonnegative().transform(String),
  z.bigint().nonnegative().transform(String),
  z.string().regex(/^\d+$/),
]);
const createResponse = z.looseObject({ TaskId: taskIdSchema });
const ackResponse = z.looseObject({});

async function start(io: ProviderIo, req: StartRequest<CssLiveParams>): Promise<StartResult> {
  const response = await io.call('CreateLiveRecord', req.params);
  const { TaskId } = parseResponse('CreateLiveRecord', createResponse, response);
  const task: TaskRef = {
    product: 'css-live',
    taskId: TaskId,
    ...(req.region === undefined ? {} : { region: req.region }),
    streamName: req.params.StreamName,
    identity: req.identity,
  };
  return { task, requestId: response.requestId };
}

async function stop(io: ProviderIo, task: TaskRef): Promise<{ requestId: string }> {
  if (task.streamName === undefined) throw new IncompleteTaskRef('css-live', 'streamName');
  const id = BigInt(task.taskId);
  // Sent as a JSON integer; bigint keeps digits beyond 2^53 exact (cloud/json-body.ts).
  const TaskId = id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id;
  const response = await io.call('StopLiveRecord', { StreamName: task.streamName, TaskId });
  parseResponse('StopLiveRecord', ackResponse, response);
  return { requestId: response.requestId };
}

/** The css-live: create and stop only; an ambiguous create is reported, never resent (see the file comment). */
export const cssLiveRecorder = defineRecorder<CssLiveParams>('css-live', {
  paramsSchema: cssLiveParamsSchema,
  derivedFields: [],
  newIdentityAfterStartError: false,
  // The documented not-found codes (cloud/errors/provider-codes.ts) already cover stop retries.
  goneOnStopRetry: [],
  exactlyOnce:
    'Not guaranteed: no idempotency key, no lookup. Calls time out above 3 s and an ambiguous create is reported, not retried; ' +
    'a lost task ends by itself at EndTime (highlight: within 30 min) but cannot be stopped early.',
  start,
  recover: () => Promise.resolve({ kind: 'unsupported' }),
  stop,
  interpretCallback: interpretCssCallback,
});
