/**
 * trro-cloud: TRRO remote-device recording (CreateCloudRecording / DeleteCloudRecording,
 * reference §5). No describe, list, modify or pause: callbacks (the TRTC 301–312 set) are the
 * only state source, and the workflow's watch relies on them plus its own bounds.
 *
 * Exactly-once is NOT guaranteed by the provider: there is no idempotency key and what a
 * second create for the same ProjectId/DeviceId/VideoStreamId does is undocumented (open
 * question 4). So a create is sent once per start call (CATALOG `repeatedCreateIsSafe`: false,
 * one activity attempt); after an ambiguous one the workflow waits for a task-started callback
 * and only then starts again. A callback names only its TaskId, so the lost task's callbacks
 * cannot be routed to the recording: that task runs on until MaxIdleTime (recorders/README.md).
 */
import { z } from 'zod';
import type { TaskRef } from '../../domain/contract';
import { defineRecorder } from '../define-recorder';
import { parseResponse } from '../schema-kit';
import { interpretTrtcCallback } from '../trtc-callbacks';
import type { ProviderIo, StartRequest, StartResult } from '../types';
import { trroCloudParamsSchema, type TrroCloudParams } from './params';

const createResponse = z.looseObject({ TaskId: z.string().min(1) });
const ackResponse = z.looseObject({});

async function start(io: ProviderIo, req: StartRequest<TrroCloudParams>): Promise<StartResult> {
  const response = await io.call('CreateCloudRecording', req.params);
  const { TaskId } = parseResponse('CreateCloudRecording', createResponse, response);
  const task: TaskRef = {
    product: 'trro-cloud',
    taskId: TaskId,
    ...(req.region === undefined ? {} : { region: req.region }),
    identity: req.identity,
  };
  return { task, requestId: response.requestId };
}

async function stop(io: ProviderIo, task: TaskRef): Promise<{ requestId: string }> {
  const response = await io.call('DeleteCloudRecording', { TaskId: task.taskId });
  parseResponse('DeleteCloudRecording', ackResponse, response);
  return { requestId: response.requestId };
}

/** The trro-cloud: create and delete only; callbacks are the only state source. */
export const trroCloudRecorder = defineRecorder<TrroCloudParams>('trro-cloud', {
  paramsSchema: trroCloudParamsSchema,
  derivedFields: [],
  newIdentityAfterStartError: false,
  // DeleteCloudRecording documents only InternalError, InvalidParameterValue, MissingParameter and
  // OperationDenied (reference §5): a TaskId it no longer knows is InvalidParameterValue. On a first
  // attempt that could be a bad TaskId, so it stays a failure; on a retry it is our own lost stop.
  goneOnStopRetry: ['InvalidParameterValue'],
  exactlyOnce:
    'Not guaranteed: no idempotency key and duplicate-create behaviour is undocumented. A create is sent once per start call; ' +
    'after an ambiguous one the workflow waits for a callback, then starts again, and the lost task (if any) runs until MaxIdleTime.',
  start,
  recover: () => Promise.resolve({ kind: 'unsupported' }),
  stop,
  interpretCallback: (body) => interpretTrtcCallback('trro-cloud', body),
});
