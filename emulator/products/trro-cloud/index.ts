/**
 * TRRO remote-device recording: CreateCloudRecording, DeleteCloudRecording, ModifyCallbackUrl.
 * A device is modelled as a room the device publishes into; idle (MaxIdleTime) counts while
 * the device is offline. No describe: state shows only through TRTC-format callbacks signed
 * with the project's SignKey (reference §5, Open question 4).
 */
import { ApiError } from '../../http/envelope';
import { trtcTaskId } from '../ids';
import { recordView, touch, type TaskRecord, type TaskView } from '../../control/journal';
import { trroRoomKey } from '../../world/rooms';
import { type ActionContext, type ProductModule, type World } from '../module';
import { RoomRecording } from '../room-recording';
import { containersForOutputFormat } from '../trtc-cloud/files';
import { validateParams } from '../validate';
import { createCloudRecording, deleteCloudRecording, modifyCallbackUrl, trroCodes } from './schema';

interface TrroTask {
  readonly record: TaskRecord;
  readonly recording: RoomRecording;
  readonly streamKey: string;
}

/** The trro-cloud product module (service `trro`). */
export function createTrroCloud(world: World): ProductModule {
  const tasks = new Map<string, TrroTask>();
  const { clock, settings } = world;
  const running = (): TrroTask[] => [...tasks.values()].filter((t) => t.recording.phase === 'running');

  world.rooms.on((event) => {
    if (event.type !== 'changed') return;
    for (const task of running()) if (task.recording.spec.roomKey === event.roomKey) task.recording.sync();
  });

  const actions = {
    CreateCloudRecording(context: ActionContext) {
      const req = validateParams(createCloudRecording, context, trroCodes);
      const streamKey = `${req.ProjectId}/${req.DeviceId}/${req.VideoStreamId}`;
      context.call.identity = { projectId: req.ProjectId, deviceId: req.DeviceId };
      const duplicate = running().find((t) => t.streamKey === streamKey);
      if (duplicate && settings.behaviour.trroDuplicateStart === 'deny') {
        touch(context.call, duplicate.record);
        throw new ApiError('OperationDenied', 'A recording task for this device stream is already running.');
      }
      const taskId = trtcTaskId();
      const record: TaskRecord = {
        product: 'trro-cloud',
        taskId,
        createdAt: clock.now(),
        calls: [],
        identity: { ...context.call.identity },
      };
      const recording = new RoomRecording(
        {
          product: 'trro-cloud',
          taskId,
          roomKey: trroRoomKey(req.ProjectId, req.DeviceId),
          shape: { recordMode: 2, streamType: 2, avMerge: 0, subscribe: undefined },
          maxIdleMs: (req.MaxIdleTime ?? 30) * 1000,
          storage: 'cos',
          naming: {
            prefix: `${req.ProjectId}_${req.DeviceId}_${req.VideoStreamId}`,
            containers: containersForOutputFormat(req.OutputFormat ?? 3),
            maxFileMs: (req.MaxMediaFileDuration ?? 1440) * 60_000,
            videoBps: 2_000_000,
            audioBps: 64_000,
            folder: [...(req.CloudStorage.FileNamePrefix ?? []), taskId, ''].join('/'),
          },
          events: {
            scope: req.ProjectId,
            device: { projectId: req.ProjectId, deviceId: req.DeviceId, videoStreamId: req.VideoStreamId },
          },
        },
        record,
        world,
      );
      tasks.set(taskId, { record, recording, streamKey });
      touch(context.call, record);
      recording.start();
      return { TaskId: taskId };
    },
    DeleteCloudRecording(context: ActionContext) {
      const req = validateParams(deleteCloudRecording, context, trroCodes);
      const task = tasks.get(req.TaskId);
      if (task) touch(context.call, task.record);
      if (task?.recording.phase !== 'running')
        throw new ApiError('InvalidParameterValue', `The task \`${req.TaskId}\` does not exist or has ended.`);
      task.recording.exit(0, 'stopped-by-api');
      return {};
    },
    ModifyCallbackUrl(context: ActionContext) {
      const req = validateParams(modifyCallbackUrl, context, trroCodes);
      world.targets.set('trro-cloud', { url: req.CallbackUrl, key: req.SignKey ?? '' }, req.ProjectId);
      // Reference §5 (SDK trro_models.d.ts ModifyCallbackUrlResponse): Code "0: success", Msg "ok: success".
      return { Code: 0, Msg: 'ok' };
    },
  };

  return {
    product: 'trro-cloud',
    actions,
    tasks: () =>
      [...tasks.values()].map(({ record, recording }): TaskView => ({
        ...recordView(record),
        status: recording.status(),
        running: recording.phase === 'running',
        files: recording.files(),
        detail: {
          roomKey: recording.spec.roomKey,
          ...(recording.leaveCode !== undefined ? { leaveCode: recording.leaveCode } : {}),
        },
      })),
    endTask(taskId, reason = 'provider-ended') {
      const task = tasks.get(taskId);
      if (task?.recording.phase !== 'running') return false;
      task.recording.exit(3, reason);
      return true;
    },
    reset: () => tasks.clear(),
  };
}
