/** Installs the Temporal Runtime once per process: our logger for SDK and Core, our signal handling, Core metrics. */
import { Runtime } from '@temporalio/worker';
import { type JsonLogger } from '../runtime/logger';

export interface RuntimeOptions {
  /**
   * `host:port` where Core serves its Prometheus metrics (TEMPORAL_METRICS_ADDRESS, 127.0.0.1:9464
   * by default); the worker's /metrics appends them to its own. Absent: no Core metrics.
   */
  readonly metricsAddress?: string;
}

/**
 * Must run before the first NativeConnection or Worker. Core logs are forwarded to `logger`
 * (one format, one redaction), and the Runtime's own signal handlers are turned off because
 * runtime/shutdown.ts handles signals once, for the whole process.
 *
 * Returns the address Core metrics are served on, or undefined: when the address is taken (a
 * second worker on the host with the default) the Runtime is installed without Core metrics
 * and a warning names TEMPORAL_METRICS_ADDRESS, rather than refusing to start the worker.
 */
export function installRuntime(logger: JsonLogger, options: RuntimeOptions = {}): string | undefined {
  const install = (metricsAddress: string | undefined): Runtime =>
    Runtime.install({
      logger,
      shutdownSignals: [],
      telemetryOptions: {
        logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
        ...(metricsAddress === undefined
          ? {}
          : {
              // Counters end in _total and durations are in seconds, as Prometheus expects.
              metrics: {
                prometheus: { bindAddress: metricsAddress, countersTotalSuffix: true, useSecondsForDurations: true },
              },
            }),
      },
    });
  if (options.metricsAddress === undefined) {
    install(undefined);
    return undefined;
  }
  try {
    install(options.metricsAddress);
    return options.metricsAddress;
  } catch (error) {
    logger.warn('Temporal SDK metrics off: their address could not be bound; set TEMPORAL_METRICS_ADDRESS', {
      address: options.metricsAddress,
      error,
    });
    install(undefined);
    return undefined;
  }
}
