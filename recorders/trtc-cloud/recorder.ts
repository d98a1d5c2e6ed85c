/**
 * trtc-cloud: TRTC on-cloud recording (CreateCloudRecording & co., reference §3).
 *
 * Exactly-once: the provider has no idempotency key and no list call. The bot UserId is
 * derived from the recordId, so every retry of a start (after a time-out, a reset or a 5xx)
 * enters the room as the same user: the provider then replaces the earlier bot (302 LeaveCode
 * 101) instead of running a second billed task. At most one task stays alive, but a replaced
 * task may leave a short partial file, and the TaskId of a lost response is learnt only from
 * callbacks (301/302 carry TaskId and the bot UserId), or from COS keys `…/<TaskId>/`.
 */
import { IncompleteTaskRef } from '../errors';
import type { TaskObservation, TaskRef } from '../../domain/contract';
import { controlDeadline } from '../../domain/bounds';
import { defineRecorder } from '../define-recorder';
import { parseResponse, validateWith } from '../schema-kit';
import { interpretTrtcCallback } from '../trtc-callbacks';
import { storageFileToOutput } from '../trtc-files';
import type { ProviderIo, StartRequest, StartResult } from '../types';
import { trtcCloudModifySchema, trtcCloudParamsSchema, type TrtcCloudParams } from './params';
import { createCloudRecordingResponse, describeCloudRecordingResponse, taskAckResponse } from './responses';

const A = {
  start: 'CreateCloudRecording',
  describe: 'DescribeCloudRecording',
  modify: 'ModifyCloudRecording',
  stop: 'DeleteCloudRecording',
} as const;

const STATES: Readonly<Record<string, TaskObservation['state']>> = {
  Idle: 'idle',
  InProgress: 'recording',
  Exited: 'stopping',
};

function need(value: number | undefined, field: string): number {
  if (value === undefined) throw new IncompleteTaskRef('trtc-cloud', field);
  return value;
}

async function start(io: ProviderIo, req: StartRequest<TrtcCloudParams>): Promise<StartResult> {
  const botUserId = req.identity.botUserId;
  if (botUserId === undefined) throw new TypeError('trtc-cloud start needs identity.botUserId');
  const response = await io.call(A.start, { ...req.params, UserId: botUserId });
  const { TaskId } = parseResponse(A.start, createCloudRecordingResponse, response);
  const deadline = controlDeadline('trtc-cloud', req.params, req.requestedAtMs, 0);
  const task: TaskRef = {
    product: 'trtc-cloud',
    taskId: TaskId,
    ...(req.region === undefined ? {} : { region: req.region }),
    sdkAppId: req.params.SdkAppId,
    roomId: req.params.RoomId,
    identity: req.identity,
    ...(deadline === undefined ? {} : { controlExpiresAtMs: deadline.expiresAtMs }),
  };
  return { task, requestId: response.requestId };
}

async function describe(io: ProviderIo, task: TaskRef): Promise<TaskObservation> {
  const response = await io.call(A.describe, { SdkAppId: need(task.sdkAppId, 'sdkAppId'), TaskId: task.taskId });
  const data = parseResponse(A.describe, describeCloudRecordingResponse, response);
  const files = (data.StorageFileList ?? []).flatMap((f) => storageFileToOutput(f) ?? []);
  return { state: STATES[data.Status] ?? 'unknown', providerStatus: data.Status, files };
}

async function modify(io: ProviderIo, task: TaskRef, changes: Readonly<Record<string, unknown>>): Promise<void> {
  const body = validateWith('trtc-cloud', trtcCloudModifySchema, changes, 'ModifyCloudRecording changes');
  const response = await io.call(A.modify, { SdkAppId: need(task.sdkAppId, 'sdkAppId'), TaskId: task.taskId, ...body });
  parseResponse(A.modify, taskAckResponse, response);
}

async function stop(io: ProviderIo, task: TaskRef): Promise<{ requestId: string }> {
  const response = await io.call(A.stop, { SdkAppId: need(task.sdkAppId, 'sdkAppId'), TaskId: task.taskId });
  parseResponse(A.stop, taskAckResponse, response);
  return { requestId: response.requestId };
}

/** The trtc-cloud: create, describe, modify, delete under the derived bot UserId. */
export const trtcCloudRecorder = defineRecorder<TrtcCloudParams>('trtc-cloud', {
  paramsSchema: trtcCloudParamsSchema,
  derivedFields: ['UserId'],
  newIdentityAfterStartError: false,
  // The documented not-found codes (cloud/errors/provider-codes.ts) already cover stop retries.
  goneOnStopRetry: [],
  exactlyOnce:
    'At most one live task: retries reuse the derived bot UserId, which replaces (302 LeaveCode 101) rather than duplicates. ' +
    'A lost TaskId is recovered only from callbacks; a replaced attempt may leave a short partial file.',
  start,
  recover: () => Promise.resolve({ kind: 'unsupported' }),
  describe,
  modify,
  stop,
  interpretCallback: (body) => interpretTrtcCallback('trtc-cloud', body),
});
