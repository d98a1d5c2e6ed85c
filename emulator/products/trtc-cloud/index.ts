/**
 * TRTC on-cloud recording: CreateCloudRecording, DescribeCloudRecording,
 * ModifyCloudRecording, DeleteCloudRecording (reference §3, §8, §9).
 */
import { ApiError } from '../../http/envelope';
import { trtcTaskId } from '../ids';
import { recordView, touch, type TaskRecord, type TaskView } from '../../control/journal';
import { trtcRoomKey } from '../../world/rooms';
import { type ActionContext, type ProductModule, type World } from '../module';
import { RoomRecording } from '../room-recording';
import { validateParams } from '../validate';
import { containersForOutputFormat, containersForVodMediaType } from './files';
import {
  createCloudRecording,
  deleteCloudRecording,
  describeCloudRecording,
  modifyCloudRecording,
  trtcCloudCodes,
  type CreateCloudRecording,
} from './schema';

interface TrtcCloudTask {
  readonly record: TaskRecord;
  readonly recording: RoomRecording;
  readonly sdkAppId: number;
  readonly expiresAt: number;
  expired: boolean;
  /** Redacted request (no UserSig, storage keys or PrivateMapKey) for inspection. */
  readonly request: Record<string, unknown>;
}

const notFound = (taskId: string): ApiError =>
  new ApiError('ResourceNotFound', `The task \`${taskId}\` does not exist or has ended.`);

/** Leave codes a control-API end may name: `kicked` (1), `dismissed` (2), `server-kick` (3, default), `room-timeout` (100). */
const END_REASONS: Readonly<Record<string, number>> = {
  kicked: 1,
  dismissed: 2,
  'server-kick': 3,
  'server-dismiss': 4,
  'room-timeout': 100,
};

/** The trtc-cloud product module (service `trtc`). */
export function createTrtcCloud(world: World): ProductModule {
  const tasks = new Map<string, TrtcCloudTask>();
  const { settings, clock } = world;
  const behaviour = settings.behaviour;

  const running = (): TrtcCloudTask[] => [...tasks.values()].filter((t) => t.recording.phase === 'running');

  world.rooms.on((event) => {
    for (const task of running()) {
      const rec = task.recording;
      if (event.roomKey !== rec.spec.roomKey) continue;
      if (event.type === 'replaced' && event.previous.owner === rec.owner) rec.exit(101, 'same-user-reentered');
      else if (event.type === 'dismissed' && event.previous.some((u) => u.owner === rec.owner))
        rec.exit(2, 'room-dismissed');
      else if (event.type === 'changed') rec.sync();
    }
  });

  /** The task a follow-up call addresses, or the documented refusal. */
  function lookup(context: ActionContext, sdkAppId: number, taskId: string, allowExited: boolean): TrtcCloudTask {
    const task = tasks.get(taskId);
    if (!task || task.sdkAppId !== sdkAppId) throw notFound(taskId);
    touch(context.call, task.record);
    if (task.expired) {
      throw new ApiError(
        behaviour.trtcExpiredCode,
        `The task \`${taskId}\` is past its ResourceExpiredHour and can no longer be addressed.`,
      );
    }
    if (task.recording.phase === 'gone' || (task.recording.phase === 'exited' && !allowExited)) throw notFound(taskId);
    return task;
  }

  function checkSdkAppId(sdkAppId: number): void {
    if (settings.sdkAppIds !== undefined && !settings.sdkAppIds.includes(sdkAppId)) {
      throw new ApiError('InvalidParameter.SdkAppId', `SdkAppId ${sdkAppId} is incorrect.`);
    }
  }

  function create(context: ActionContext): Record<string, unknown> {
    const req = validateParams(createCloudRecording, context, trtcCloudCodes);
    checkSdkAppId(req.SdkAppId);
    if (running().length >= settings.limits.trtcConcurrentTasks) {
      throw new ApiError(
        'FailedOperation.RestrictedConcurrency',
        'Maximum number of concurrent on-cloud recording tasks reached.',
      );
    }
    const taskId = trtcTaskId();
    const now = clock.now();
    const record: TaskRecord = {
      product: 'trtc-cloud',
      taskId,
      createdAt: now,
      calls: [],
      identity: { sdkAppId: req.SdkAppId, roomId: req.RoomId, userId: req.UserId },
    };
    // An exited task answers Describe with `Exited` for a short while, then is gone.
    const linger = (): void => {
      clock.after(
        behaviour.trtcExitedLingerSeconds * 1000,
        () => (recording.phase = 'gone'),
        `trtc-cloud/${taskId} linger`,
      );
    };
    const recording = new RoomRecording(spec(req, taskId), record, world, linger);
    const hours = req.ResourceExpiredHour ?? 72;
    const task: TrtcCloudTask = {
      record,
      recording,
      sdkAppId: req.SdkAppId,
      expiresAt: now + hours * 3_600_000,
      expired: false,
      request: redact(req),
    };
    tasks.set(taskId, task);
    touch(context.call, record);
    // Past ResourceExpiredHour the API refuses the task, but it keeps running (reference §3).
    clock.setTimer(task.expiresAt, () => (task.expired = true), `trtc-cloud/${taskId} expiry`);
    recording.start();
    return { TaskId: taskId };
  }

  function spec(req: CreateCloudRecording, taskId: string): ConstructorParameters<typeof RoomRecording>[0] {
    const rp = req.RecordParams;
    const cos = req.StorageParams.CloudStorage;
    const vod = req.StorageParams.CloudVod?.TencentVod;
    const roomIdForEvents = req.RoomIdType === 0 ? req.RoomId : Number(req.RoomId);
    return {
      product: 'trtc-cloud',
      taskId,
      roomKey: trtcRoomKey(req.SdkAppId, req.RoomId),
      botUserId: req.UserId,
      shape: {
        recordMode: rp.RecordMode,
        streamType: rp.StreamType ?? 0,
        avMerge: rp.AvMerge ?? 0,
        subscribe: rp.SubscribeStreamUserIds,
      },
      maxIdleMs: (rp.MaxIdleTime ?? 30) * 1000,
      storage: cos ? 'cos' : 'vod',
      ...(vod?.SubAppId !== undefined && vod.SubAppId > 0 ? { vodAppId: vod.SubAppId } : {}),
      naming: {
        prefix: `${req.SdkAppId}_${req.RoomId}`,
        containers: cos
          ? containersForOutputFormat(rp.OutputFormat ?? 0)
          : containersForVodMediaType(vod?.MediaType ?? 0),
        maxFileMs: (rp.MaxMediaFileDuration ?? 1440) * 60_000,
        videoBps: req.MixTranscodeParams?.VideoParams?.BitRate ?? 1_000_000,
        audioBps: (req.MixTranscodeParams?.AudioParams?.BitRate ?? 64) * 1000,
        folder: cos ? [...(cos.FileNamePrefix ?? []), taskId, ''].join('/') : '',
      },
      events: { scope: String(req.SdkAppId), sdkAppId: req.SdkAppId, roomId: roomIdForEvents },
    };
  }

  const actions = {
    CreateCloudRecording: create,
    DescribeCloudRecording(context: ActionContext) {
      const req = validateParams(describeCloudRecording, context, trtcCloudCodes);
      const task = lookup(context, req.SdkAppId, req.TaskId, true);
      return { TaskId: req.TaskId, Status: task.recording.status(), StorageFileList: task.recording.storageFileList() };
    },
    ModifyCloudRecording(context: ActionContext) {
      const req = validateParams(modifyCloudRecording, context, trtcCloudCodes);
      const task = lookup(context, req.SdkAppId, req.TaskId, false);
      // Full overwrite: whatever is sent replaces the previous value (reference §3).
      if (req.MixLayoutParams !== undefined) task.request.MixLayoutParams = req.MixLayoutParams;
      if (req.SubscribeStreamUserIds !== undefined) task.recording.resubscribe(req.SubscribeStreamUserIds);
      return { TaskId: req.TaskId };
    },
    DeleteCloudRecording(context: ActionContext) {
      const req = validateParams(deleteCloudRecording, context, trtcCloudCodes);
      const task = lookup(context, req.SdkAppId, req.TaskId, true);
      task.recording.exit(0, 'stopped-by-api');
      return { TaskId: req.TaskId };
    },
  };

  return {
    product: 'trtc-cloud',
    actions,
    tasks: () => [...tasks.values()].map(view),
    endTask(taskId, reason = 'server-kick') {
      const task = tasks.get(taskId);
      if (!task || task.recording.phase !== 'running') return false;
      task.recording.exit(END_REASONS[reason] ?? 3, reason);
      return true;
    },
    reset: () => tasks.clear(),
  };
}

function view(task: TrtcCloudTask): TaskView {
  const { record, recording } = task;
  return {
    ...recordView(record),
    status: recording.status(),
    running: recording.phase === 'running',
    files: recording.files(),
    detail: {
      phase: recording.phase,
      roomKey: recording.spec.roomKey,
      expiresAt: task.expiresAt,
      expired: task.expired,
      ...(recording.leaveCode !== undefined ? { leaveCode: recording.leaveCode } : {}),
      request: task.request,
    },
  };
}

function redact(req: CreateCloudRecording): Record<string, unknown> {
  const { UserSig: _sig, PrivateMapKey: _pmk, StorageParams, ...rest } = req;
  const cos = StorageParams.CloudStorage;
  return {
    ...rest,
    StorageParams: {
      ...StorageParams,
      ...(cos ? { CloudStorage: { ...cos, AccessKey: '(redacted)', SecretKey: '(redacted)' } } : {}),
    },
  };
}
