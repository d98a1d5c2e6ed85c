/**
 * The worker process body: Temporal endpoint, one connection, the workers the integrator
 * registers, a health endpoint, and graceful shutdown; everything is closed in `finally`.
 */
import { Connection } from '@temporalio/client';
import { type DataConverter } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { activityQueueLayout, type ActivityQueueSpec } from './activity-workers';
import { dataConverter } from '../runtime/codec';
import { type WorkerConfig } from '../runtime/config';
import { startHealthServer } from './health';
import { type JsonLogger } from '../runtime/logger';
import { missingSearchAttributes } from './search-attribute-registry';
import { RECORDING_SEARCH_ATTRIBUTES } from './search-attributes';
import { onShutdownSignal, type SignalTarget } from '../runtime/shutdown';
import { THROTTLE_LOG_INTERVAL_MS, processThrottles } from './throttles';
import { openTemporal, type TemporalEndpoint } from './temporal-endpoint';
import { workerIdentity } from '../runtime/worker-identity';
import { runWorkers, shutdownWorkers, type WorkerContext } from './workers';

/** Everything a registration needs to build this process's workers. */
export interface WorkerHostContext extends WorkerContext {
  readonly config: WorkerConfig;
  readonly logger: JsonLogger;
  readonly address: string;
  readonly activityQueues: readonly ActivityQueueSpec[];
  readonly dataConverter: DataConverter;
  /** Registers a resource (e.g. the cloud client) to close once the workers have stopped. */
  readonly closeAfterWorkers: (close: () => Promise<void>) => void;
}

/** Creates (not runs) the workers; see worker/main.ts for the recording registration. */
export type RegisterWorkers = (ctx: WorkerHostContext) => Promise<Worker[]>;

export interface HostOptions {
  /** Where shutdown signals come from; `process` by default (tests pass an EventEmitter). */
  readonly signalTarget?: SignalTarget;
  /** An endpoint the caller opened (and will close), e.g. start-local sharing its dev server. */
  readonly endpoint?: TemporalEndpoint;
}

/**
 * Runs until a shutdown signal has drained every worker, or a worker fails (rethrown).
 * Fails before starting any worker when the namespace lacks the recording search attributes.
 */
export async function runWorkerHost(
  config: WorkerConfig,
  logger: JsonLogger,
  register: RegisterWorkers,
  options: HostOptions = {},
): Promise<void> {
  // Computed first: a bad RATE_LIMITS override fails before anything starts.
  const activityQueues = activityQueueLayout({
    prefix: config.temporal.activityQueuePrefix,
    scale: config.rateLimits.scale,
    headroom: config.rateLimits.headroom,
    overrides: config.rateLimits.overrides,
  });
  const endpoint = options.endpoint ?? (await openTemporal(config, logger));
  try {
    await checkSearchAttributes(endpoint.address, config.temporal.namespace);
    const connection = await NativeConnection.connect({ address: endpoint.address });
    const closers: (() => Promise<void>)[] = [];
    try {
      const ctx: WorkerHostContext = {
        config,
        logger,
        address: endpoint.address,
        connection,
        namespace: config.temporal.namespace,
        dataConverter: dataConverter(config.payloadKeys),
        identity: workerIdentity(config.payloadKeys.current.id),
        shutdownGraceMs: config.shutdownGraceMs,
        activityQueues,
        closeAfterWorkers: (close) => closers.push(close),
      };
      const workers = await register(ctx);
      await runUntilSignal(ctx, workers, options.signalTarget);
    } finally {
      for (const close of closers.reverse()) {
        await close().catch((error: unknown) => logger.warn('resource not closed', { error }));
      }
      // Workers that were created but never ran still hold the connection; the process is
      // ending anyway, so a refused close must not hide the error that got us here.
      await connection.close().catch((error: unknown) => logger.warn('Temporal connection not closed', { error }));
    }
  } finally {
    if (options.endpoint === undefined) await endpoint.close();
  }
}

async function runUntilSignal(
  ctx: WorkerHostContext,
  workers: Worker[],
  target: SignalTarget | undefined,
): Promise<void> {
  const signals = onShutdownSignal(() => shutdownWorkers(workers), { logger: ctx.logger, target });
  const health =
    ctx.config.healthPort === undefined
      ? undefined
      : await startHealthServer({
          host: '127.0.0.1',
          port: ctx.config.healthPort,
          isHealthy: () => workers.every((worker) => worker.getState() === 'RUNNING'),
          throttles: () => processThrottles.snapshot(),
        });
  ctx.logger.info('worker running', { address: ctx.address, namespace: ctx.namespace, workers: workers.length });
  const throttleLog = logThrottles(ctx.logger);
  try {
    await runWorkers(workers);
    ctx.logger.info('workers stopped');
  } finally {
    throttleLog.stop();
    signals.dispose();
    await health?.close();
  }
}

/** Logs the throttle counts every interval in which they grew, and once more at the end. */
function logThrottles(logger: JsonLogger): { stop(): void } {
  let logged = processThrottles.snapshot().total;
  const report = (final: boolean): void => {
    const counts = processThrottles.snapshot();
    if (!final && counts.total === logged) return;
    logged = counts.total;
    // A throttle is retried, never a failure; a growing count says the head-room is too small.
    const message = 'provider throttles (RequestLimitExceeded) so far';
    if (counts.total === 0) logger.info(message, { ...counts });
    else logger.warn(message, { ...counts });
  };
  const timer = setInterval(() => report(false), THROTTLE_LOG_INTERVAL_MS);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      report(true);
    },
  };
}

/** Fails fast, naming what is missing, rather than failing every workflow task later. */
async function checkSearchAttributes(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const { missing, wrongType } = await missingSearchAttributes(connection, namespace, RECORDING_SEARCH_ATTRIBUTES);
    const problems = [
      ...missing.map((key) => `${key.name} (${key.type}) is missing`),
      ...wrongType.map((name) => `${name} has another type`),
    ];
    if (problems.length > 0) {
      throw new Error(
        `namespace ${namespace} is not ready for recordings: ${problems.join('; ')}; register them (docker/temporal/setup-namespace.sh)`,
      );
    }
  } finally {
    await connection.close();
  }
}
