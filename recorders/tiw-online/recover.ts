/**
 * Recovers the TaskId of a TIW start refused with ResourceInUse.RecordUserId (or whose answer
 * was lost): DescribeRunningTasks lists running OnlineRecord tasks (last 3 days, no
 * RecordUserId), filtered by RoomID; DescribeOnlineRecord then confirms which one holds our
 * RecordUserId. This is the one operation that needs several calls in one activity, so it
 * heartbeats between calls (the activity is declared with a heartbeat time-out for it).
 */
import type { RecoverTaskOutcome, TaskRef } from '../../domain/contract';
import { parseResponse } from '../schema-kit';
import type { ProviderIo, StartRequest } from '../types';
import type { TiwOnlineParams } from './params';
import { describeOnlineRecordResponse, describeRunningTasksResponse } from './responses';

/** The TaskRef of a TIW task started, or found again, under `req`. */
export function tiwTaskRef(taskId: string, req: StartRequest<TiwOnlineParams>): TaskRef {
  return {
    product: 'tiw-online',
    taskId,
    ...(req.region === undefined ? {} : { region: req.region }),
    sdkAppId: req.params.SdkAppId,
    roomId: String(req.params.RoomId),
    identity: req.identity,
  };
}

const PAGE = 500;
/** Bounds the scan (5000 running tasks); beyond that the account is far past the concurrency limit. */
const MAX_PAGES = 10;

async function candidates(io: ProviderIo, params: TiwOnlineParams): Promise<string[]> {
  const found: string[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await io.call('DescribeRunningTasks', {
      SdkAppID: params.SdkAppId,
      TaskType: 'OnlineRecord',
      Offset: page * PAGE,
      Limit: PAGE,
    });
    const data = parseResponse('DescribeRunningTasks', describeRunningTasksResponse, response);
    const tasks = data.Tasks ?? [];
    for (const t of tasks)
      if (t.TaskID !== undefined && t.RoomID === params.RoomId && t.Status !== 'FINISHED') found.push(t.TaskID);
    io.heartbeat({ step: 'list', page });
    if (tasks.length < PAGE || (page + 1) * PAGE >= (data.Total ?? 0)) break;
  }
  return found;
}

/** Finds the running task whose RecordUserId is ours; `not-found` if none holds it any more. */
export async function recoverTiwTask(io: ProviderIo, req: StartRequest<TiwOnlineParams>): Promise<RecoverTaskOutcome> {
  const recordUserId = req.identity.recordUserId;
  if (recordUserId === undefined) throw new TypeError('tiw-online recover needs identity.recordUserId');
  for (const taskId of await candidates(io, req.params)) {
    const response = await io.call('DescribeOnlineRecord', { SdkAppId: req.params.SdkAppId, TaskId: taskId });
    const data = parseResponse('DescribeOnlineRecord', describeOnlineRecordResponse, response);
    io.heartbeat({ step: 'confirm', taskId });
    if (data.RecordUserId === recordUserId) {
      return { kind: 'found', task: tiwTaskRef(taskId, req) };
    }
  }
  return { kind: 'not-found' };
}
