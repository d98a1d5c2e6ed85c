/**
 * TIW online recording: StartOnlineRecord (exclusive RecordUserId), DescribeOnlineRecord,
 * Pause/Resume/StopOnlineRecord, DescribeRunningTasks (last 3 days), SetOnlineRecordCallback(Key)
 * (reference §6, §8).
 */
import { ApiError } from '../../http/envelope';
import { tiwTaskId } from '../ids';
import { recordView, touch, type TaskRecord, type TaskView } from '../../control/journal';
import { trtcRoomKey } from '../../world/rooms';
import { type ActionContext, type ProductModule, type World } from '../module';
import { validateParams, type ValidationCodes } from '../validate';
import { sendTiwEvent, videoInfos } from './events';
import { describeRunningTasks, setCallback, setCallbackKey, startOnlineRecord, taskRequest, tiwCodes } from './schema';
import { TiwTask } from './task';

const RUNNING_LIST_WINDOW_MS = 3 * 24 * 3_600_000;
const callbackCodes: ValidationCodes = { ...tiwCodes, value: 'InvalidParameter' };

/** The tiw-online product module (service `tiw`). */
export function createTiwOnline(world: World): ProductModule {
  const tasks = new Map<string, TiwTask>();
  const { clock, settings } = world;
  const emit = (task: TiwTask, event: Parameters<typeof sendTiwEvent>[2]): void => sendTiwEvent(world, task, event);

  world.rooms.on((event) => {
    for (const task of tasks.values()) {
      if (!task.active() || task.s.roomKey !== event.roomKey) continue;
      if (event.type === 'replaced' && event.previous.owner === task.owner) task.interrupted(event.previous.userId);
      else if (event.type === 'dismissed' && event.previous.some((u) => u.owner === task.owner)) task.stop('EXCEPTION');
      else if (event.type === 'changed') task.sync();
    }
  });

  const retained = (task: TiwTask): boolean =>
    task.finishedAt === undefined || clock.now() - task.finishedAt < settings.behaviour.tiwRetentionHours * 3_600_000;

  function lookup(context: ActionContext): TiwTask {
    const req = validateParams(taskRequest, context, tiwCodes);
    const task = tasks.get(req.TaskId);
    if (!task || task.s.sdkAppId !== req.SdkAppId || !retained(task)) {
      throw new ApiError('InvalidParameter.TaskNotFound', `The task \`${req.TaskId}\` does not exist.`);
    }
    touch(context.call, task.record);
    return task;
  }

  function ensureRunning(task: TiwTask): void {
    if (!task.active())
      throw new ApiError('UnsupportedOperation.TaskHasAlreadyStopped', 'The task has already stopped.');
  }

  const invalidStatus = (task: TiwTask): ApiError =>
    new ApiError('UnsupportedOperation.InvalidTaskStatus', `The task is ${task.status}.`);

  function start(context: ActionContext): Record<string, unknown> {
    const req = validateParams(startOnlineRecord, context, tiwCodes);
    if (settings.sdkAppIds !== undefined && !settings.sdkAppIds.includes(req.SdkAppId)) {
      throw new ApiError('InvalidParameter.SdkAppIdNotFound', `SdkAppId ${req.SdkAppId} does not exist.`);
    }
    context.call.identity = { sdkAppId: req.SdkAppId, roomId: String(req.RoomId), recordUserId: req.RecordUserId };
    const holder = [...tasks.values()].find(
      (t) => t.active() && t.s.sdkAppId === req.SdkAppId && t.s.recordUserId === req.RecordUserId,
    );
    if (holder) {
      touch(context.call, holder.record);
      throw new ApiError(
        'ResourceInUse.RecordUserId',
        'The recording user account has started another recording task.',
      );
    }
    if ([...tasks.values()].filter((t) => t.active()).length >= settings.limits.tiwConcurrentTasks) {
      throw new ApiError(
        'LimitExceeded.TaskConcurrency',
        'The number of concurrent recording tasks exceeds the limit.',
      );
    }
    const taskId = tiwTaskId();
    const record: TaskRecord = {
      product: 'tiw-online',
      taskId,
      createdAt: clock.now(),
      calls: [],
      identity: { ...context.call.identity },
    };
    const task = new TiwTask(
      {
        sdkAppId: req.SdkAppId,
        roomId: req.RoomId,
        roomKey: trtcRoomKey(req.SdkAppId, req.TRTCRoomIdStr ?? req.TRTCRoomId ?? req.RoomId),
        recordUserId: req.RecordUserId,
        groupId: req.GroupId ?? String(req.RoomId),
        autoStopMs: (req.AutoStopTimeout ?? 300) * 1000,
        mixStream: req.MixStream?.Enabled === true,
        audioFileNeeded: req.AudioFileNeeded === true,
        width: req.Whiteboard?.Width ?? 1280,
        height: req.Whiteboard?.Height ?? 720,
      },
      record,
      world,
      emit,
    );
    tasks.set(taskId, task);
    touch(context.call, record);
    task.start(settings.behaviour.tiwPrepareSeconds * 1000);
    return { TaskId: taskId };
  }

  const actions = {
    StartOnlineRecord: start,
    DescribeOnlineRecord(context: ActionContext) {
      const task = lookup(context);
      return {
        FinishReason: task.finishReason,
        TaskId: task.record.taskId,
        Status: task.status,
        RoomId: task.s.roomId,
        GroupId: task.s.groupId,
        RecordUserId: task.s.recordUserId,
        RecordStartTime: Math.floor((task.startedAt ?? 0) / 1000),
        RecordStopTime: Math.floor((task.stoppedAt ?? 0) / 1000),
        TotalTime: task.totalTime(),
        ExceptionCnt: task.exceptionCnt,
        OmittedDurations: task.omitted,
        VideoInfos: videoInfos(task),
        ReplayUrl:
          task.status === 'FINISHED'
            ? `https://tiw-record.emulator.local/${task.s.sdkAppId}/${task.record.taskId}/replay.html`
            : '',
        Interrupts: [...task.interrupts].map(([UserId, Count]) => ({ UserId, Count })),
      };
    },
    PauseOnlineRecord(context: ActionContext) {
      const task = lookup(context);
      ensureRunning(task);
      if (task.status !== 'RECORDING') throw invalidStatus(task);
      task.pause();
      return {};
    },
    ResumeOnlineRecord(context: ActionContext) {
      const task = lookup(context);
      ensureRunning(task);
      if (task.status !== 'PAUSED') throw invalidStatus(task);
      task.resume();
      return {};
    },
    StopOnlineRecord(context: ActionContext) {
      const task = lookup(context);
      ensureRunning(task);
      task.stop('USER_CALL');
      return {};
    },
    DescribeRunningTasks(context: ActionContext) {
      const req = validateParams(describeRunningTasks, context, tiwCodes);
      const since = clock.now() - RUNNING_LIST_WINDOW_MS;
      const listed =
        req.TaskType !== 'OnlineRecord'
          ? []
          : [...tasks.values()]
              .filter((t) => t.s.sdkAppId === req.SdkAppID && t.status !== 'FINISHED' && t.record.createdAt >= since)
              .sort((a, b) => a.record.createdAt - b.record.createdAt);
      const offset = req.Offset ?? 0;
      return {
        Total: listed.length,
        Tasks: listed.slice(offset, offset + (req.Limit ?? 100)).map((t) => ({
          SdkAppID: t.s.sdkAppId,
          TaskID: t.record.taskId,
          TaskType: 'OnlineRecord',
          CreateTime: new Date(t.record.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          CancelTime: '',
          Status: t.status === 'PREPARED' ? 'QUEUED' : 'PROCESSING',
          Progress: 0,
          FileURL: '',
          RoomID: t.s.roomId,
        })),
      };
    },
    SetOnlineRecordCallback(context: ActionContext) {
      const req = validateParams(setCallback, context, callbackCodes);
      world.targets.set('tiw-online', { url: req.Callback }, String(req.SdkAppId));
      return {};
    },
    SetOnlineRecordCallbackKey(context: ActionContext) {
      const req = validateParams(setCallbackKey, context, callbackCodes);
      world.targets.set('tiw-online', { key: req.CallbackKey }, String(req.SdkAppId));
      return {};
    },
  };

  return {
    product: 'tiw-online',
    actions,
    tasks: () =>
      [...tasks.values()].map((t): TaskView => ({
        ...recordView(t.record),
        status: t.status,
        running: t.active(),
        files: t.videos(),
        detail: {
          finishReason: t.finishReason,
          totalTime: t.totalTime(),
          exceptionCnt: t.exceptionCnt,
          roomKey: t.s.roomKey,
        },
      })),
    endTask(taskId) {
      const task = tasks.get(taskId);
      if (!task?.active()) return false;
      task.stop('EXCEPTION');
      return true;
    },
    reset: () => tasks.clear(),
  };
}
