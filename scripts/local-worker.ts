/**
 * The recording workers hosted inside another process (npm start, demo, tests): the worker
 * host with its own shutdown trigger instead of process signals, so the caller decides when
 * they drain, and a promise that settles once every worker polls.
 */
import { EventEmitter } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { type Worker } from '@temporalio/worker';
import { type WorkerConfig } from '../runtime/config';
import { runWorkerHost, type RegisterWorkers } from '../worker/host';
import { type JsonLogger } from '../runtime/logger';
import { recordingWorkers } from '../worker/main';
import { type SignalTarget } from '../runtime/shutdown';
import { type TemporalEndpoint } from '../worker/temporal-endpoint';

export interface InProcessWorker {
  /** Settles when the workers have stopped; rejects if one failed. */
  readonly done: Promise<void>;
  /** Drains the workers (once; later calls share the first). */
  stop(): Promise<void>;
}

export interface InProcessWorkerOptions {
  readonly config: WorkerConfig;
  readonly logger: JsonLogger;
  readonly temporal: TemporalEndpoint;
  /** The emulator's base URL when it is the provider. */
  readonly emulatorUrl?: string;
  /** Bound on creating the workers (bundling the workflows takes the longest). */
  readonly readyTimeoutMs?: number;
}

async function allRunning(workers: readonly Worker[], deadline: number): Promise<void> {
  while (!workers.every((worker) => worker.getState() === 'RUNNING')) {
    if (Date.now() > deadline) throw new Error('recording workers did not reach RUNNING in time');
    await delay(20);
  }
}

/** Starts the recording workers; resolves once all of them run. */
export async function startInProcessWorker(options: InProcessWorkerOptions): Promise<InProcessWorker> {
  const trigger = new EventEmitter();
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  const base = recordingWorkers(options.emulatorUrl === undefined ? {} : { emulatorUrl: options.emulatorUrl });
  let created: (workers: Worker[]) => void = () => undefined;
  const workersCreated = new Promise<Worker[]>((resolve) => {
    created = resolve;
  });
  const register: RegisterWorkers = async (ctx) => {
    const workers = await base(ctx);
    created(workers);
    return workers;
  };
  const done = runWorkerHost(options.config, options.logger, register, {
    endpoint: options.temporal,
    signalTarget: trigger as unknown as SignalTarget,
  });
  const stoppedEarly = done.then(() => {
    throw new Error('recording workers stopped before they ran');
  });
  await Promise.race([workersCreated.then((workers) => allRunning(workers, deadline)), stoppedEarly]);
  // From here a failure shows in `done`; the early-stop guard must not become an unhandled rejection.
  stoppedEarly.catch(() => undefined);
  let stopping: Promise<void> | undefined;
  return {
    done,
    stop: () => {
      // One signal only: the worker host treats a second one as "exit the process now".
      stopping ??= (trigger.emit('SIGTERM', 'SIGTERM'), done);
      return stopping;
    },
  };
}
