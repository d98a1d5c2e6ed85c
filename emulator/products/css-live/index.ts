/**
 * CSS live recording: CreateLiveRecord (scheduled and highlight modes, integer TaskIds, per-day
 * and running limits), StopLiveRecord, DeleteLiveRecord (refuses running tasks) (reference §7).
 */
import { ApiError } from '../../http/envelope';
import { IntegerIds } from '../ids';
import { recordView, touch, type TaskRecord, type TaskView } from '../../control/journal';
import { streamMatches } from '../../world/streams';
import { type ActionContext, type ProductModule, type World } from '../module';
import { validateParams } from '../validate';
import { cssObserver } from './events';
import { createLiveRecord, cssCodes, taskRequest, type CreateLiveRecord } from './schema';
import { CssTask } from './task';
import { cstDay, parseCst } from './time';

const HIGHLIGHT_MAX_MS = 30 * 60_000;
const invalid = (message: string): ApiError => new ApiError('InvalidParameterValue', message);

/** The css-live product module (service `live`). */
export function createCssLive(world: World): ProductModule {
  const tasks = new Map<number, CssTask>();
  const ids = new IntegerIds();
  const { clock, settings } = world;
  const observer = cssObserver(world);

  world.streams.on((event) => {
    for (const task of tasks.values()) {
      const address = {
        stream: task.s.streamName,
        app: task.s.appName,
        ...(task.s.domainName ? { domain: task.s.domainName } : {}),
      };
      if (streamMatches(address, event.stream)) task.onStream(event.type, event.stream);
    }
  });

  /** The recording window: scheduled needs both times; highlight starts now for ≤ 30 min. */
  function recordingWindow(req: CreateLiveRecord, now: number): { startMs: number; endMs: number } {
    const end = req.EndTime !== undefined ? parseCst(req.EndTime) : undefined;
    if (req.Highlight === 1) {
      const ok = end !== undefined && end > now && end <= now + HIGHLIGHT_MAX_MS;
      return { startMs: now, endMs: ok ? end : now + HIGHLIGHT_MAX_MS };
    }
    if (req.StartTime === undefined)
      throw new ApiError(
        'MissingParameter',
        'The request is missing a required parameter `StartTime` (scheduled mode).',
      );
    if (req.EndTime === undefined || end === undefined)
      throw new ApiError('MissingParameter', 'The request is missing a required parameter `EndTime` (scheduled mode).');
    const start = parseCst(req.StartTime) ?? now;
    if (end <= start) throw invalid('EndTime must be later than StartTime.');
    if (end <= now) throw invalid('EndTime must be in the future.');
    return { startMs: start, endMs: end };
  }

  function checkLimits(now: number): void {
    const scheduled = [...tasks.values()].filter((t) => !t.s.highlight);
    if (scheduled.filter((t) => t.live()).length >= settings.limits.cssRunningTasks) {
      throw new ApiError(
        'LimitExceeded.MaximumRunningTask',
        'The current number of concurrent tasks exceeds the limit.',
      );
    }
    const today = cstDay(now);
    // Deleted tasks do not count toward the day's quota (seed 004).
    if (
      scheduled.filter((t) => t.state !== 'deleted' && cstDay(t.record.createdAt) === today).length >=
      settings.limits.cssTasksPerDay
    ) {
      throw new ApiError('LimitExceeded.MaximumTask', 'The number of tasks created on the day exceeds the limit.');
    }
  }

  function lookup(context: ActionContext): CssTask {
    const req = validateParams(taskRequest, context, cssCodes);
    const task = tasks.get(req.TaskId);
    if (!task || task.state === 'deleted' || task.s.streamName !== req.StreamName) {
      throw new ApiError(
        'ResourceNotFound.TaskId',
        `The task ${req.TaskId} does not exist for stream \`${req.StreamName}\`.`,
      );
    }
    touch(context.call, task.record);
    return task;
  }

  const actions = {
    CreateLiveRecord(context: ActionContext) {
      const req = validateParams(createLiveRecord, context, cssCodes);
      const now = clock.now();
      context.call.identity = { streamName: req.StreamName };
      const { startMs, endMs } = recordingWindow(req, now);
      if (req.Highlight !== 1) checkLimits(now);
      const taskId = ids.take();
      const record: TaskRecord = {
        product: 'css-live',
        taskId: String(taskId),
        createdAt: now,
        calls: [],
        identity: { streamName: req.StreamName },
      };
      const params = new URLSearchParams(req.StreamParam ?? '');
      const interval = params.get('record_interval');
      const task = new CssTask(
        {
          taskId,
          streamName: req.StreamName,
          appName: req.AppName ?? 'live',
          ...(req.DomainName !== undefined && req.DomainName !== '' ? { domainName: req.DomainName } : {}),
          startMs,
          endMs,
          highlight: req.Highlight === 1,
          fileFormat: (req.FileFormat ?? 'flv').toLowerCase(),
          audioOnly: (req.RecordType ?? 'video').toLowerCase() === 'audio',
          recordIntervalMs:
            (interval !== null ? Number(interval) : settings.behaviour.cssDefaultRecordIntervalSeconds) * 1000,
          streamParam: req.StreamParam ?? '',
        },
        record,
        world,
        observer,
      );
      tasks.set(taskId, task);
      touch(context.call, record);
      task.arm();
      return { TaskId: taskId };
    },
    StopLiveRecord(context: ActionContext) {
      const task = lookup(context);
      if (!task.live() && settings.behaviour.cssStopEndedTask !== 'ok') {
        throw new ApiError(settings.behaviour.cssStopEndedTask, `The task ${task.s.taskId} has already ended.`);
      }
      task.end('stopped-by-api');
      return {};
    },
    DeleteLiveRecord(context: ActionContext) {
      const task = lookup(context);
      if (task.windowOpen())
        throw new ApiError('FailedOperation', 'A running recording task cannot be deleted; stop it first.');
      task.delete();
      return {};
    },
  };

  return {
    product: 'css-live',
    actions,
    tasks: () =>
      [...tasks.values()].map((t): TaskView => ({
        ...recordView(t.record),
        status: t.state,
        running: t.live(),
        files: t.files(),
        detail: {
          startMs: t.s.startMs,
          endMs: t.s.endMs,
          highlight: t.s.highlight,
          fileFormat: t.s.fileFormat,
          sessions: t.sessions.length,
        },
      })),
    endTask(taskId, reason = 'provider-ended') {
      const task = tasks.get(Number(taskId));
      if (!task?.live()) return false;
      task.end(reason);
      return true;
    },
    reset: () => tasks.clear(),
  };
}
