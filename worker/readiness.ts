/**
 * The worker's readiness (GET /readyz): Temporal reachable, the namespace present, this process's
 * pollers running and seen by the server on the workflow task queue, the payload key's
 * fingerprint known. Each Temporal call has a deadline, so /readyz answers within seconds.
 */
import { type Connection } from '@temporalio/client';
import { type RunnableWorker } from './workers';

export interface ReadinessCheck {
  readonly ok: boolean;
  /** Why not, or what was found; never a secret. */
  readonly detail: string;
}

export interface Readiness {
  readonly ready: boolean;
  /** The payload key fingerprint this worker decrypts with (runtime/payload-key-id.ts). */
  readonly payloadKey: string;
  /** The identity this worker's pollers use (it carries the fingerprint). */
  readonly identity: string;
  readonly checks: {
    readonly temporal: ReadinessCheck;
    readonly namespace: ReadinessCheck;
    readonly pollers: ReadinessCheck;
    readonly payloadKey: ReadinessCheck;
  };
}

export interface ReadinessOptions {
  readonly connection: Pick<Connection, 'workflowService' | 'withDeadline'>;
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly identity: string;
  readonly payloadKey: string;
  readonly workers: () => readonly Pick<RunnableWorker, 'getState'>[];
  /** Deadline of each Temporal call; 3 s by default. */
  readonly deadlineMs?: number;
}

// temporal.api.enums.v1 values (the proto package is not a direct dependency).
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_WORKFLOW = 1;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Runs every check (Temporal first: the others need it) and says which failed. */
export async function checkReadiness(options: ReadinessOptions): Promise<Readiness> {
  const deadlineMs = options.deadlineMs ?? 3_000;
  const { connection, namespace } = options;
  const call = <T>(fn: () => Promise<T>): Promise<T> => connection.withDeadline(Date.now() + deadlineMs, fn);
  const skipped: ReadinessCheck = { ok: false, detail: 'not checked: Temporal is not reachable' };

  let reachable: ReadinessCheck;
  try {
    const info = await call(() => connection.workflowService.getSystemInfo({}));
    reachable = { ok: true, detail: `reachable at ${options.address} (server ${info.serverVersion ?? 'unknown'})` };
  } catch (error) {
    reachable = { ok: false, detail: `Temporal at ${options.address} not reachable: ${message(error)}` };
  }

  let namespaceCheck = skipped;
  let pollers = skipped;
  if (reachable.ok) {
    try {
      await call(() => connection.workflowService.describeNamespace({ namespace }));
      namespaceCheck = { ok: true, detail: `namespace ${namespace} exists` };
    } catch (error) {
      namespaceCheck = { ok: false, detail: `namespace ${namespace}: ${message(error)}` };
    }
    pollers = await checkPollers(options, call);
  }

  const payloadKey: ReadinessCheck = /^sha256:[0-9a-f]{16}$/.test(options.payloadKey)
    ? { ok: true, detail: options.payloadKey }
    : { ok: false, detail: 'no payload key fingerprint' };
  const checks = { temporal: reachable, namespace: namespaceCheck, pollers, payloadKey };
  return {
    ready: Object.values(checks).every((check) => check.ok),
    payloadKey: options.payloadKey,
    identity: options.identity,
    checks,
  };
}

async function checkPollers(
  options: ReadinessOptions,
  call: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<ReadinessCheck> {
  const states = options.workers().map((worker) => worker.getState());
  const notRunning = states.filter((state) => state !== 'RUNNING');
  if (states.length === 0 || notRunning.length > 0)
    return {
      ok: false,
      detail: `workers not running: ${states.length === 0 ? 'none started' : notRunning.join(', ')}`,
    };
  try {
    const { pollers } = await call(() =>
      options.connection.workflowService.describeTaskQueue({
        namespace: options.namespace,
        taskQueue: { name: options.taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
      }),
    );
    const seen = (pollers ?? []).some((poller) => poller.identity === options.identity);
    return seen
      ? { ok: true, detail: `${states.length} workers running; polling ${options.taskQueue}` }
      : {
          ok: false,
          detail: `${states.length} workers running, but the server has no poll of ${options.taskQueue} from this worker yet`,
        };
  } catch (error) {
    return { ok: false, detail: `task queue ${options.taskQueue}: ${message(error)}` };
  }
}
