/**
 * An in-memory provider behind the RecordingActivities contract: records every call (with the
 * task queue it arrived on and the server time), keeps task state, and lets a test script
 * outcomes per activity. No I/O, so workflow tests assert exactly what was asked of the provider.
 */
import { Context } from '@temporalio/activity';
import type {
  OutputFile,
  ProviderEndCause,
  ProviderTaskState,
  RecordingActivities,
  StartTaskInput,
  TaskObservation,
  TaskRef,
} from '../../../domain/contract';
import { controlDeadline } from '../../../domain/bounds';
import { deriveIdentity } from '../../../domain/identity';

export type ActivityName = keyof RecordingActivities;

export interface FakeCall {
  readonly name: ActivityName;
  readonly input: unknown;
  readonly taskQueue: string;
  /** Server time of the call (time-skipping: the skipped clock). */
  readonly atMs: number;
}

export interface FakeTask {
  readonly ref: TaskRef;
  state: ProviderTaskState;
  endCause?: ProviderEndCause;
  providerStatus?: string;
  files: OutputFile[];
}

type Handler<K extends ActivityName> = (
  input: Parameters<RecordingActivities[K]>[0],
  callNumber: number,
) =>
  | Awaited<ReturnType<RecordingActivities[K]>>
  | undefined
  | Promise<Awaited<ReturnType<RecordingActivities[K]>> | undefined>;

/** Per-activity overrides: return a value to answer, `undefined` to fall back to the default, or throw. */
export type FakeScript = { [K in ActivityName]?: Handler<K> };

function serverNow(): number {
  try {
    return Context.current().info.currentAttemptScheduledTimestampMs;
  } catch {
    return Date.now(); // outside an activity (direct unit use)
  }
}

function queueOf(): string {
  try {
    return Context.current().info.taskQueue;
  } catch {
    return '(direct)';
  }
}

export class FakeProvider {
  readonly calls: FakeCall[] = [];
  readonly tasks = new Map<string, FakeTask>();
  script: FakeScript = {};
  private created = 0;

  callsOf(name: ActivityName): FakeCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  count(name: ActivityName): number {
    return this.callsOf(name).length;
  }

  /** The provider ends a task by itself (idle, forced stop, …): describe then says so. */
  endTask(taskId: string, cause: ProviderEndCause, state: ProviderTaskState = 'ended'): void {
    const task = this.mustGet(taskId);
    task.state = state;
    task.endCause = cause;
  }

  mustGet(taskId: string): FakeTask {
    const task = this.tasks.get(taskId);
    if (task === undefined) throw new Error(`fake provider: no task ${taskId}`);
    return task;
  }

  /** Creates a task as the real start would (deterministic TaskIds per provider instance). */
  createTask(input: StartTaskInput, atMs: number): TaskRef {
    this.created += 1;
    const p = input.params;
    const deadline = controlDeadline(input.product, p, atMs, 0);
    const ref: TaskRef = {
      product: input.product,
      taskId: input.product === 'css-live' ? String(9000 + this.created) : `${input.product}-task-${this.created}`,
      identity: deriveIdentity(input.product, input.recordId, input.attempt, p),
      ...(typeof p['SdkAppId'] === 'number' ? { sdkAppId: p['SdkAppId'] } : {}),
      ...(typeof p['RoomId'] === 'string' || typeof p['RoomId'] === 'number' ? { roomId: String(p['RoomId']) } : {}),
      ...(typeof p['StreamName'] === 'string' ? { streamName: p['StreamName'] } : {}),
      ...(deadline === undefined ? {} : { controlExpiresAtMs: deadline.expiresAtMs }),
    };
    this.tasks.set(ref.taskId, { ref, state: 'recording', files: [] });
    return ref;
  }

  private async handle<K extends ActivityName>(
    name: K,
    input: Parameters<RecordingActivities[K]>[0],
    fallback: () => Awaited<ReturnType<RecordingActivities[K]>>,
  ): Promise<Awaited<ReturnType<RecordingActivities[K]>>> {
    const atMs = serverNow();
    this.calls.push({ name, input: JSON.parse(JSON.stringify(input)), taskQueue: queueOf(), atMs });
    const scripted = this.script[name];
    const answer = scripted === undefined ? undefined : await scripted(input, this.count(name));
    return answer ?? fallback();
  }

  /** The activity implementations to register on workers. */
  activities(): RecordingActivities {
    return {
      startTask: (input) =>
        this.handle('startTask', input, () => ({
          kind: 'started',
          task: this.createTask(input, serverNow()),
          requestId: `req-${this.calls.length}`,
        })),
      recoverTask: (input) => this.handle('recoverTask', input, () => ({ kind: 'not-found' })),
      describeTask: (input) =>
        this.handle('describeTask', input, (): TaskObservation => {
          const task = this.tasks.get(input.task.taskId);
          if (task === undefined) return { state: 'ended', endCause: 'not-found', files: [] };
          return {
            state: task.state,
            ...(task.endCause ? { endCause: task.endCause } : {}),
            ...(task.providerStatus ? { providerStatus: task.providerStatus } : {}),
            files: task.files,
          };
        }),
      modifyTask: (input) => this.handle('modifyTask', input, () => undefined),
      pauseTask: (input) =>
        this.handle('pauseTask', input, () => void (this.mustGet(input.task.taskId).state = 'paused')),
      resumeTask: (input) =>
        this.handle('resumeTask', input, () => void (this.mustGet(input.task.taskId).state = 'recording')),
      stopTask: (input) =>
        this.handle('stopTask', input, () => {
          const task = this.tasks.get(input.task.taskId);
          if (task === undefined || task.state === 'ended') return { kind: 'already-ended', code: 'ResourceNotFound' };
          task.state = 'ended';
          task.endCause = 'stopped-by-api';
          return { kind: 'stopped', requestId: `req-${this.calls.length}` };
        }),
    };
  }
}
