/**
 * The recordings library: start (idempotent on recordId), stop, pause, resume, modify, extend,
 * status, result and list, over a Temporal client that carries the project's data converter.
 * Every input is validated here first (invariant 4); nothing here talks to the provider.
 */
import {
  type Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { recordingWorkflow } from '../../workflows';
import {
  extendUpdate,
  modifyUpdate,
  pauseUpdate,
  recordingWorkflowId,
  resumeUpdate,
  statusQuery,
  stopSignal,
  stopUpdate,
} from '../../workflows/messages';
import { initialSearchAttributes } from '../../domain/search-attributes';
import { DEFAULT_ACTIVITY_QUEUE_PREFIX } from '../../domain/catalog';
import type { RecordingStatus as WorkflowStatus } from '../../workflows/types';
import { requestedBySchema, toExtendRequest, toModifyRequest, type ExtendInput } from './control-inputs';
import { parseFields, RecordingConflictError } from './errors';
import { firstDifference, startedRequest } from './existing-spec';
import { closedState, mapHandleError } from './handle-errors';
import { reapNow, terminatedResult, withClosure } from './closure';
import { withQueuePosition } from './queue-position';
import { listRecordings, RECORDING_WORKFLOW_TYPE, type ListFilter, type RecordingSummary } from './list';
import { publicResult, publicStatus, type RecordingResult, type RecordingStatus } from './public-shapes';
import { storageLookup } from './run-storage';
import { createScheduleOps, type RecordingSchedules } from './schedules';
import { recordIdSchema, toRecordingRequest, type RecordingSpec } from './spec';

export interface RecordingsClientOptions {
  /** A Temporal client built with runtime/codec.ts `dataConverter(keys)`: secrets stay encrypted in history. */
  readonly client: Client;
  /** Task queue of the recording workflows (config TASK_QUEUE). */
  readonly taskQueue: string;
  /** Prefix of the activity task queues (config ACTIVITY_QUEUE_PREFIX); the workflow's default when absent. */
  readonly activityQueuePrefix?: string;
  readonly now?: () => number;
}

/** Where a started recording lives. */
export interface StartedRecording {
  readonly recordId: string;
  readonly workflowId: string;
  /** true: the recordId already named this recording (same spec); nothing new was started. */
  readonly existing: boolean;
}

export interface StopOptions {
  /** Wait for the provider task to stop (an Update; needs a running worker) and return the status. */
  readonly wait?: boolean;
  readonly requestedBy?: string;
}

export interface RecordingsClient {
  /**
   * Starts a recording, or returns the existing one with this recordId (running or ended): never a
   * second. A recordId already started with another spec is a {@link RecordingConflictError}.
   */
  startRecording(spec: RecordingSpec): Promise<StartedRecording>;
  /** Durable stop: by default a Signal, accepted even while every worker is down (invariant 3). */
  stop(recordId: string, options: StopOptions & { readonly wait: true }): Promise<RecordingStatus>;
  stop(recordId: string, options?: StopOptions): Promise<RecordingStatus | undefined>;
  /** tiw-online: pause / resume the task; other products reject it. */
  pause(recordId: string): Promise<RecordingStatus>;
  resume(recordId: string): Promise<RecordingStatus>;
  /** trtc-cloud: replace MixLayoutParams and/or SubscribeStreamUserIds; answers the complete set sent. */
  modify(recordId: string, changes: unknown): Promise<Readonly<Record<string, unknown>>>;
  /** Move the scheduled end (`endAt`) and/or the maximum duration; `null` clears one. */
  extend(recordId: string, change: ExtendInput): Promise<RecordingStatus>;
  status(recordId: string): Promise<RecordingStatus>;
  /** The final result; waits for the end unless `wait: false`, which gives `undefined` while it runs. */
  result(recordId: string, options?: { readonly wait?: boolean }): Promise<RecordingResult | undefined>;
  list(filter?: ListFilter): Promise<RecordingSummary[]>;
  readonly schedules: RecordingSchedules;
}

/** Builds the library over `options.client`. */
export function createRecordingsClient(options: RecordingsClientOptions): RecordingsClient {
  const { client, taskQueue, activityQueuePrefix } = options;
  const now = options.now ?? Date.now;

  function handleOf(recordId: unknown): { handle: WorkflowHandle<typeof recordingWorkflow>; id: string } {
    const id = parseFields(recordIdSchema, recordId, 'recordId');
    return { handle: client.workflow.getHandle<typeof recordingWorkflow>(recordingWorkflowId(id)), id };
  }

  async function onHandle<T>(
    recordId: string,
    operation: string,
    fn: (handle: WorkflowHandle<typeof recordingWorkflow>) => Promise<T>,
  ): Promise<T> {
    const { handle, id } = handleOf(recordId);
    try {
      return await fn(handle);
    } catch (error) {
      return mapHandleError(error, handle, id, operation);
    }
  }

  const storageOf = storageLookup(client);

  /** The last status with what Temporal knows of a closed run (workflows/types.ts `closure`). */
  async function statusOf(handle: WorkflowHandle<typeof recordingWorkflow>): Promise<WorkflowStatus> {
    const [status, description] = await Promise.all([handle.query(statusQuery), handle.describe()]);
    const closed = await withClosure(client, { status, description });
    return status.state === 'Queued' ? withQueuePosition(client, closed) : closed;
  }

  /** The public shape (ISO times, file URLs, internals under `debug`) of a workflow status. */
  async function shown(handle: WorkflowHandle<typeof recordingWorkflow>, status: WorkflowStatus) {
    return publicStatus(status, await storageOf(handle.workflowId));
  }

  async function stop(recordId: string, stopOptions: StopOptions = {}): Promise<RecordingStatus | undefined> {
    const { requestedBy } = stopOptions;
    const request =
      requestedBy === undefined ? {} : { requestedBy: parseFields(requestedBySchema, requestedBy, 'requestedBy') };
    const { handle, id } = handleOf(recordId);
    try {
      if (stopOptions.wait === true)
        return await shown(handle, await handle.executeUpdate(stopUpdate, { args: [request] }));
      await handle.signal(stopSignal, request);
      return undefined;
    } catch (error) {
      if ((await closedState(handle).catch(() => undefined)) !== true) return mapHandleError(error, handle, id, 'stop');
      // Closed: done, unless it left tasks that may bill; then stopping them is the reaper's job, started now.
      const [status, description] = await Promise.all([handle.query(statusQuery), handle.describe()]);
      const closed = await withClosure(client, { status, description });
      const reap = closed.closure?.reap.state;
      // A start that may have created a task needs the start's own input to look it up: the sweep has it.
      if ((reap === 'pending' || reap === 'running') && closed.closure?.startMayHaveCreated !== true) {
        const wait = stopOptions.wait === true;
        const reapOptions = {
          taskQueue,
          activityQueuePrefix: activityQueuePrefix ?? DEFAULT_ACTIVITY_QUEUE_PREFIX,
          wait,
        };
        await reapNow(client, reapOptions, { status: closed, description });
        return wait ? shown(handle, await statusOf(handle)) : undefined;
      }
      return stopOptions.wait === true ? shown(handle, closed) : undefined;
    }
  }

  return {
    async startRecording(spec) {
      const request = toRecordingRequest(spec, now(), activityQueuePrefix);
      const workflowId = recordingWorkflowId(request.recordId);
      const later = request.schedule?.startAtMs !== undefined && request.schedule.startAtMs > now();
      try {
        await client.workflow.start<typeof recordingWorkflow>(RECORDING_WORKFLOW_TYPE, {
          taskQueue,
          workflowId,
          args: [request],
          // Only the first start of a recordId creates it (of 20 concurrent calls, one; an ended
          // recording is never started again: the recordId names one recording forever). Every
          // other call is answered from the stored request below, so a start costs no history
          // read unless the id already exists.
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: initialSearchAttributes(
            request.recordId,
            request.product,
            request.params,
            later ? 'Scheduled' : 'Starting',
          ),
        });
        return { recordId: request.recordId, workflowId, existing: false };
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
      // It exists: the same request is answered as it is; a different one is a conflict naming the field
      // (one whose start event cannot be read any more is answered as it is: the id is taken).
      const stored = await startedRequest(client, workflowId);
      const field = stored === undefined ? undefined : firstDifference(request, stored);
      if (field !== undefined) throw new RecordingConflictError(request.recordId, field);
      return { recordId: request.recordId, workflowId, existing: true };
    },
    stop: stop as RecordingsClient['stop'],
    pause: (recordId) => onHandle(recordId, 'pause', async (h) => shown(h, await h.executeUpdate(pauseUpdate))),
    resume: (recordId) => onHandle(recordId, 'resume', async (h) => shown(h, await h.executeUpdate(resumeUpdate))),
    modify: (recordId, changes) => {
      const request = toModifyRequest(changes);
      return onHandle(recordId, 'modify', (h) => h.executeUpdate(modifyUpdate, { args: [request] }));
    },
    extend: (recordId, change) => {
      const request = toExtendRequest(change, now());
      return onHandle(recordId, 'extend', async (h) =>
        shown(h, await h.executeUpdate(extendUpdate, { args: [request] })),
      );
    },
    status: (recordId) => onHandle(recordId, 'status', async (h) => shown(h, await statusOf(h))),
    result: (recordId, resultOptions = {}) =>
      onHandle(recordId, 'result', async (h) => {
        if (resultOptions.wait === false && (await closedState(h)) === false) return undefined;
        const storage = storageOf(h.workflowId);
        try {
          const result = await h.result();
          return publicResult(result, await storage);
        } catch (error) {
          // Closed from outside (Terminate, time-out): no result was written; read the last status as one.
          if (!(error instanceof WorkflowFailedError)) throw error;
          const status = await statusOf(h);
          return publicResult(terminatedResult(status, now()), await storage);
        }
      }),
    list: (filter) => listRecordings(client, filter),
    schedules: createScheduleOps({ client, taskQueue, activityQueuePrefix }),
  };
}
