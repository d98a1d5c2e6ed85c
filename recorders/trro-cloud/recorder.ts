/**
 * trro-cloud: TRRO remote-device recording (CreateCloudRecording / DeleteCloudRecording,
 * reference §5). No describe, list, modify or pause: callbacks (the TRTC 301–312 set) are the
 * only state source, and the workflow's watch relies on them plus its own bounds.
 *
 * Exactly-once is NOT guaranteed by the provider: there is no idempotency key and what a
 * second create for the same ProjectId/DeviceId/VideoStreamId does is undocumented (open
 * question 4). As the issue asks, an ambiguous create is retried like trtc-cloud's, with the
 * identical request. If the provider does not merge them, a second task may run; callbacks
 * reveal every TaskId, so the workflow keeps the first and stops any other it sees.
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
  ambiguousStart: 'retry-same-identity',
  newIdentityAfterStartError: false,
  // DeleteCloudRecording documents only InternalError, InvalidParameterValue, MissingParameter and
  // OperationDenied (reference §5): a TaskId it no longer knows is InvalidParameterValue. On a first
  // attempt that could be a bad TaskId, so it stays a failure; on a retry it is our own lost stop.
  goneOnStopRetry: ['InvalidParameterValue'],
  exactlyOnce:
    'Not guaranteed: no idempotency key and duplicate-create behaviour is undocumented. Ambiguous creates are retried identically; ' +
    'callbacks reveal any extra TaskId so the workflow can stop it.',
  start,
  recover: () => Promise.resolve({ kind: 'unsupported' }),
  stop,
  interpretCallback: (body) => interpretTrtcCallback('trro-cloud', body),
});
