/**
 * Recovers the TaskId of a TIW start refused with ResourceInUse.RecordUserId (or whose answer
 * was lost): DescribeRunningTasks lists running OnlineRecord tasks (last 3 days, no
 * RecordUserId), filtered by RoomID; DescribeOnlineRecord then confirms which one holds our
 * RecordUserId. This is the one operation that needs several calls in one activity, so it
 * heartbeats between calls (the activity is declared with a heartbeat time-out for it).
 */
import type { RecoverTaskOutcome, RunningTask, TaskRef } from '../../domain/contract';
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

interface ListedTask {
  readonly taskId: string;
  readonly roomId?: number;
  readonly createdAtMs?: number;
}

/** The app's running OnlineRecord tasks (last 3 days), page by page. */
async function listTasks(io: ProviderIo, sdkAppId: number): Promise<ListedTask[]> {
  const found: ListedTask[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await io.call('DescribeRunningTasks', {
      SdkAppID: sdkAppId,
      TaskType: 'OnlineRecord',
      Offset: page * PAGE,
      Limit: PAGE,
    });
    const data = parseResponse('DescribeRunningTasks', describeRunningTasksResponse, response);
    const tasks = data.Tasks ?? [];
    for (const t of tasks) {
      if (t.TaskID === undefined || t.Status === 'FINISHED') continue;
      const created = typeof t.CreateTime === 'string' ? Date.parse(t.CreateTime) : Number.NaN;
      found.push({
        taskId: t.TaskID,
        ...(t.RoomID === undefined ? {} : { roomId: t.RoomID }),
        ...(Number.isFinite(created) ? { createdAtMs: created } : {}),
      });
    }
    io.heartbeat({ step: 'list', page });
    if (tasks.length < PAGE || (page + 1) * PAGE >= (data.Total ?? 0)) break;
  }
  return found;
}

async function candidates(io: ProviderIo, params: TiwOnlineParams): Promise<string[]> {
  return (await listTasks(io, params.SdkAppId)).filter((t) => t.roomId === params.RoomId).map((t) => t.taskId);
}

/**
 * Every running task of the app, each with the RecordUserId its DescribeOnlineRecord names
 * (the list has none), for the orphan sweep to match against the recordings it knows.
 */
export async function listRunningTiwTasks(io: ProviderIo, sdkAppId: number): Promise<RunningTask[]> {
  const running: RunningTask[] = [];
  for (const t of await listTasks(io, sdkAppId)) {
    const response = await io.call('DescribeOnlineRecord', { SdkAppId: sdkAppId, TaskId: t.taskId });
    const data = parseResponse('DescribeOnlineRecord', describeOnlineRecordResponse, response);
    io.heartbeat({ step: 'confirm', taskId: t.taskId });
    // STOPPED: stopped already, its files still uploading; nothing to stop.
    if (data.Status === 'FINISHED' || data.Status === 'STOPPED') continue;
    running.push({
      taskId: t.taskId,
      ...(t.roomId === undefined ? {} : { roomId: String(t.roomId) }),
      ...(t.createdAtMs === undefined ? {} : { createdAtMs: t.createdAtMs }),
      ...(data.RecordUserId === undefined ? {} : { recordUserId: data.RecordUserId }),
    });
  }
  return running;
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
