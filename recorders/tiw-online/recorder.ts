/**
 * tiw-online: Interactive Whiteboard online recording (StartOnlineRecord & co., reference §6).
 *
 * Exactly-once: the RecordUserId is exclusive per running task and derived from RoomId +
 * recordId, so a repeated start is refused with ResourceInUse.RecordUserId (no TaskId in the
 * error) and recover.ts finds the running task. Limits: DescribeRunningTasks only sees tasks
 * created in the last 3 days; a RecordUserId also used by a real client makes the two kick
 * each other, which the derived `tic_record_user_<RoomId>_<hash>` form makes unlikely.
 */
import { IncompleteTaskRef } from '../errors';
import type { TaskObservation, TaskRef } from '../../domain/contract';
import { defineRecorder } from '../define-recorder';
import { parseResponse } from '../schema-kit';
import type { ProviderIo, StartRequest, StartResult } from '../types';
import { interpretTiwCallback } from './callbacks';
import { tiwOnlineParamsSchema, type TiwOnlineParams } from './params';
import { listRunningTiwTasks, recoverTiwTask, tiwTaskRef } from './recover';
import {
  TIW_FINISH_REASONS,
  TIW_STATES,
  ackResponse,
  describeOnlineRecordResponse,
  startOnlineRecordResponse,
  videoInfoToOutput,
} from './responses';

function ids(task: TaskRef): { SdkAppId: number; TaskId: string } {
  if (task.sdkAppId === undefined) throw new IncompleteTaskRef('tiw-online', 'sdkAppId');
  return { SdkAppId: task.sdkAppId, TaskId: task.taskId };
}

async function start(io: ProviderIo, req: StartRequest<TiwOnlineParams>): Promise<StartResult> {
  const recordUserId = req.identity.recordUserId;
  if (recordUserId === undefined) throw new TypeError('tiw-online start needs identity.recordUserId');
  const response = await io.call('StartOnlineRecord', { ...req.params, RecordUserId: recordUserId });
  const { TaskId } = parseResponse('StartOnlineRecord', startOnlineRecordResponse, response);
  return { task: tiwTaskRef(TaskId, req), requestId: response.requestId };
}

async function describe(io: ProviderIo, task: TaskRef): Promise<TaskObservation> {
  const response = await io.call('DescribeOnlineRecord', ids(task));
  const data = parseResponse('DescribeOnlineRecord', describeOnlineRecordResponse, response);
  const state = TIW_STATES[data.Status] ?? 'unknown';
  const reason = data.FinishReason;
  const endCause =
    state === 'ended' ? (reason === undefined ? undefined : (TIW_FINISH_REASONS[reason] ?? 'failed')) : undefined;
  return {
    state,
    ...(endCause === undefined ? {} : { endCause }),
    providerStatus: data.Status,
    files: (data.VideoInfos ?? []).flatMap((v) => videoInfoToOutput(v) ?? []),
    ...(reason === undefined ? {} : { detail: `FinishReason=${reason} ExceptionCnt=${data.ExceptionCnt ?? 0}` }),
  };
}

function control(action: 'PauseOnlineRecord' | 'ResumeOnlineRecord') {
  return async (io: ProviderIo, task: TaskRef): Promise<void> => {
    parseResponse(action, ackResponse, await io.call(action, ids(task)));
  };
}

async function stop(io: ProviderIo, task: TaskRef): Promise<{ requestId: string }> {
  const response = await io.call('StopOnlineRecord', ids(task));
  parseResponse('StopOnlineRecord', ackResponse, response);
  return { requestId: response.requestId };
}

/** The tiw-online: the full lifecycle, with pause/resume and recovery by RecordUserId. */
export const tiwOnlineRecorder = defineRecorder<TiwOnlineParams>('tiw-online', {
  paramsSchema: tiwOnlineParamsSchema,
  derivedFields: ['RecordUserId'],
  newIdentityAfterStartError: false,
  // The documented not-found codes (cloud/errors/provider-codes.ts) already cover stop retries.
  goneOnStopRetry: [],
  exactlyOnce:
    'Exactly one running task per recording: the derived RecordUserId is exclusive (ResourceInUse.RecordUserId on a repeat) ' +
    'and DescribeRunningTasks + DescribeOnlineRecord find it again, for tasks created in the last 3 days.',
  start,
  recover: (io, req) => recoverTiwTask(io, req),
  listRunning: (io, sdkAppId) => listRunningTiwTasks(io, sdkAppId),
  describe,
  pause: control('PauseOnlineRecord'),
  resume: control('ResumeOnlineRecord'),
  stop,
  interpretCallback: interpretTiwCallback,
});
