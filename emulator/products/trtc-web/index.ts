/**
 * TRTC web-page recording: StartWebRecord (RecordId dedupe), DescribeWebRecord (by TaskId or
 * RecordId), StopWebRecord; MaxDurationLimit; 801/802/804 then 311/312 callbacks (reference §4, §8, §10).
 */
import { ApiError } from '../../http/envelope';
import { trtcTaskId } from '../ids';
import { recordView, touch, type FileView, type TaskRecord, type TaskView } from '../../control/journal';
import { mediaBytes, splitInterval } from '../media';
import { type ActionContext, type ProductModule, type World } from '../module';
import { sendTrtcEvent } from '../trtc-events';
import { validateParams } from '../validate';
import { describeWebRecord, startWebRecord, stopWebRecord, trtcWebCodes } from './schema';

interface WebTask {
  readonly record: TaskRecord;
  readonly sdkAppId: number;
  readonly recordId?: string;
  readonly format: 'hls' | 'mp4';
  readonly maxFileMs: number;
  readonly folder: string;
  readonly width: number;
  readonly height: number;
  recording: boolean;
  files?: FileView[];
}

const VIDEO_BPS = 2_000_000;
const FILE_COMMIT_MS = 30_000;

/** The trtc-web product module (service `trtc`). */
export function createTrtcWeb(world: World): ProductModule {
  const tasks = new Map<string, WebTask>();
  const { clock, settings } = world;
  const start = startWebRecord(settings.behaviour.webMaxDurationLimit);
  const taskNotExist = (id: string): ApiError =>
    new ApiError('FailedOperation.TaskNotExist', `The task \`${id}\` does not exist.`);

  const event = (task: WebTask, eventType: number, payload: Record<string, unknown>): void =>
    sendTrtcEvent(world, {
      product: 'trtc-web',
      scope: String(task.sdkAppId),
      eventGroupId: 8,
      eventType,
      taskId: task.record.taskId,
      payload,
      sdkAppId: task.sdkAppId,
    });

  function filesOf(task: WebTask, now: number): FileView[] {
    if (task.files) return task.files;
    const end = task.record.endedAt ?? now;
    const pieces =
      task.format === 'hls'
        ? [{ start: task.record.createdAt, end }]
        : splitInterval(task.record.createdAt, end, task.maxFileMs);
    return pieces.map((p, i) => ({
      name: `${task.folder}web_${task.sdkAppId}_${task.recordId ?? task.record.taskId.slice(0, 12)}${task.format === 'hls' ? '.m3u8' : `_${i + 1}.mp4`}`,
      trackType: 'audio_video',
      format: task.format,
      startMs: p.start,
      endMs: p.end,
      durationMs: p.end - p.start,
      sizeBytes: mediaBytes(p.end - p.start, VIDEO_BPS),
    }));
  }

  function stop(task: WebTask, reason: string): void {
    if (!task.recording) return;
    task.recording = false;
    task.record.endedAt = clock.now();
    task.record.endReason = reason;
    event(task, 802, { Status: 0, EventMessage: reason });
    task.files = filesOf(task, clock.now());
    clock.after(
      FILE_COMMIT_MS,
      () => {
        for (const file of task.files ?? []) {
          event(task, 311, {
            Status: 0,
            Errmsg: '',
            TencentVod: { FileId: '', VideoUrl: file.name, StartTimeStamp: file.startMs, EndTimeStamp: file.endMs },
          });
        }
        event(task, 312, { Status: 0 });
      },
      `trtc-web/${task.record.taskId} files`,
    );
  }

  /** A RecordId still blocks a new start while its task runs (and `webRecordIdHoldSeconds` after). */
  const holding = (task: WebTask): boolean =>
    task.recording || clock.now() - (task.record.endedAt ?? 0) < settings.behaviour.webRecordIdHoldSeconds * 1000;

  const byId = (context: ActionContext, taskId: string | undefined): WebTask => {
    if (taskId === undefined || taskId === '') throw new ApiError('InvalidParameter.TaskId', 'TaskId is invalid.');
    const task = tasks.get(taskId);
    if (task) touch(context.call, task.record);
    if (!task?.recording) throw taskNotExist(taskId);
    return task;
  };

  const actions = {
    StartWebRecord(context: ActionContext) {
      const req = validateParams(start, context, trtcWebCodes);
      if (settings.sdkAppIds !== undefined && !settings.sdkAppIds.includes(req.SdkAppId)) {
        throw new ApiError(
          'FailedOperation.SdkAppIdNotUnderAppId',
          `There is no resource for SdkAppId ${req.SdkAppId} in this AppId.`,
        );
      }
      context.call.identity = {
        sdkAppId: req.SdkAppId,
        ...(req.RecordId !== undefined ? { recordId: req.RecordId } : {}),
      };
      const existing = [...tasks.values()].find(
        (t) => req.RecordId !== undefined && t.recordId === req.RecordId && t.sdkAppId === req.SdkAppId && holding(t),
      );
      if (existing) {
        touch(context.call, existing.record);
        throw new ApiError('FailedOperation.TaskExist', 'Task already exists.');
      }
      if ([...tasks.values()].filter((t) => t.recording).length >= settings.limits.webConcurrentTasks) {
        throw new ApiError('ResourceInsufficient.RequestRejection', 'Insufficient resources.');
      }
      const taskId = trtcTaskId();
      const now = clock.now();
      const cos = req.StorageParams.CloudStorage;
      const task: WebTask = {
        record: { product: 'trtc-web', taskId, createdAt: now, calls: [], identity: { ...context.call.identity } },
        sdkAppId: req.SdkAppId,
        ...(req.RecordId !== undefined ? { recordId: req.RecordId } : {}),
        format: req.WebRecordVideoParams?.Format ?? 'hls',
        maxFileMs: (req.WebRecordVideoParams?.MaxMediaFileDuration ?? 1440) * 60_000,
        folder: cos ? [...(cos.FileNamePrefix ?? []), taskId, ''].join('/') : '',
        width: req.WebRecordVideoParams?.Width ?? 1280,
        height: req.WebRecordVideoParams?.Height ?? 720,
        recording: true,
      };
      tasks.set(taskId, task);
      touch(context.call, task.record);
      event(task, 801, { Status: 1, EventMessage: '' });
      const limitSeconds = req.MaxDurationLimit ?? settings.behaviour.webMaxDurationLimit.default;
      clock.after(
        limitSeconds * 1000,
        () => {
          if (!task.recording) return;
          event(task, 804, { Status: 1, EventMessage: 'max duration reached' });
          stop(task, 'max-duration');
        },
        `trtc-web/${taskId} max duration`,
      );
      return { TaskId: taskId };
    },
    DescribeWebRecord(context: ActionContext) {
      const req = validateParams(describeWebRecord, context, trtcWebCodes);
      let task: WebTask;
      if (req.TaskId !== undefined) task = byId(context, req.TaskId);
      else {
        if (req.RecordId === undefined)
          throw new ApiError(
            'MissingParameter',
            'The request is missing a required parameter `TaskId` (or `RecordId` and `SdkAppId`).',
          );
        if (req.SdkAppId === undefined)
          throw new ApiError('MissingParameter', 'The request is missing a required parameter `SdkAppId`.');
        const found = [...tasks.values()].find(
          (t) => t.recordId === req.RecordId && t.sdkAppId === req.SdkAppId && t.recording,
        );
        if (!found) throw taskNotExist(req.RecordId);
        touch(context.call, found.record);
        task = found;
      }
      return {
        Status: 1,
        TaskId: task.record.taskId,
        ...(task.recordId !== undefined ? { RecordId: task.recordId } : {}),
      };
    },
    StopWebRecord(context: ActionContext) {
      const req = validateParams(stopWebRecord, context, trtcWebCodes);
      stop(byId(context, req.TaskId), 'stopped-by-api');
      return {};
    },
  };

  return {
    product: 'trtc-web',
    actions,
    tasks: () =>
      [...tasks.values()].map((t): TaskView => ({
        ...recordView(t.record),
        status: t.recording ? 'recording' : 'stopped',
        running: t.recording,
        files: filesOf(t, clock.now()),
        detail: { format: t.format, width: t.width, height: t.height },
      })),
    endTask(taskId, reason = 'page-error') {
      const task = tasks.get(taskId);
      if (!task?.recording) return false;
      event(task, 801, { Status: 5, EventMessage: reason });
      stop(task, reason);
      return true;
    },
    reset: () => tasks.clear(),
  };
}
