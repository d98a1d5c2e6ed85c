/**
 * trtc-web: TRTC web-page recording (StartWebRecord & co., reference §4).
 *
 * Exactly-once: StartWebRecord dedupes on RecordId ("a short period"): a repeat gives
 * FailedOperation.TaskExist, and DescribeWebRecord(SdkAppId, RecordId) returns the TaskId while
 * the task runs. The RecordId is derived from recordId + attempt, so retries of one attempt
 * dedupe. The docs demand a new RecordId after any other provider-reported start error, which
 * is where a duplicate could slip in (if the refused request had in fact started a task);
 * the workflow bumps the attempt only on such an explicit refusal, never on a time-out.
 */
import { z } from 'zod';
import type { RecoverTaskOutcome, TaskObservation, TaskRef } from '../../domain/contract';
import { webMaxDurationSecOf } from '../../domain/bounds';
import { defineRecorder } from '../define-recorder';
import { parseResponse } from '../schema-kit';
import { interpretTrtcCallback } from '../trtc-callbacks';
import type { ProviderIo, StartRequest, StartResult } from '../types';
import { trtcWebParamsSchema, type TrtcWebParams } from './params';

const A = { start: 'StartWebRecord', describe: 'DescribeWebRecord', stop: 'StopWebRecord' } as const;

const startResponse = z.looseObject({ TaskId: z.string().min(1) });
const describeResponse = z.looseObject({
  /** Only 1 (recording) is documented. */
  Status: z.number().nullish(),
  TaskId: z.string().nullish(),
  RecordId: z.string().nullish(),
});
const stopResponse = z.looseObject({});

function webRecordId(req: StartRequest<TrtcWebParams>): string {
  const id = req.identity.webRecordId;
  if (id === undefined) throw new TypeError('trtc-web start needs identity.webRecordId');
  return id;
}

function taskRef(taskId: string, req: StartRequest<TrtcWebParams>): TaskRef {
  return {
    product: 'trtc-web',
    taskId,
    ...(req.region === undefined ? {} : { region: req.region }),
    sdkAppId: req.params.SdkAppId,
    identity: req.identity,
  };
}

async function start(io: ProviderIo, req: StartRequest<TrtcWebParams>): Promise<StartResult> {
  // MaxDurationLimit is always sent: the documented defaults differ (36000 vs 86400 s).
  const payload = { ...req.params, MaxDurationLimit: webMaxDurationSecOf(req.params), RecordId: webRecordId(req) };
  const response = await io.call(A.start, payload);
  const { TaskId } = parseResponse(A.start, startResponse, response);
  return { task: taskRef(TaskId, req), requestId: response.requestId };
}

async function recover(io: ProviderIo, req: StartRequest<TrtcWebParams>): Promise<RecoverTaskOutcome> {
  const response = await io.call(A.describe, { SdkAppId: req.params.SdkAppId, RecordId: webRecordId(req) });
  const data = parseResponse(A.describe, describeResponse, response);
  return data.TaskId ? { kind: 'found', task: taskRef(data.TaskId, req) } : { kind: 'not-found' };
}

async function describe(io: ProviderIo, task: TaskRef): Promise<TaskObservation> {
  const response = await io.call(A.describe, { TaskId: task.taskId });
  const data = parseResponse(A.describe, describeResponse, response);
  const status = data.Status ?? undefined;
  // Files are not reported here; they arrive by callback (311/312).
  return {
    state: status === 1 ? 'recording' : 'unknown',
    ...(status === undefined ? {} : { providerStatus: String(status) }),
    files: [],
  };
}

async function stop(io: ProviderIo, task: TaskRef): Promise<{ requestId: string }> {
  const response = await io.call(A.stop, { TaskId: task.taskId });
  parseResponse(A.stop, stopResponse, response);
  return { requestId: response.requestId };
}

/** The trtc-web: start, describe, stop and recovery by the derived RecordId. */
export const trtcWebRecorder = defineRecorder<TrtcWebParams>('trtc-web', {
  paramsSchema: trtcWebParamsSchema,
  derivedFields: ['RecordId'],
  newIdentityAfterStartError: true,
  // The documented not-found codes (cloud/errors/provider-codes.ts) already cover stop retries.
  goneOnStopRetry: [],
  exactlyOnce:
    'Exactly one task per attempt: the derived RecordId makes a repeated start answer TaskExist and DescribeWebRecord finds it. ' +
    'A new attempt (new RecordId) follows only an explicit provider refusal, as the docs require.',
  start,
  recover,
  describe,
  stop,
  interpretCallback: (body) => interpretTrtcCallback('trtc-web', body),
});
