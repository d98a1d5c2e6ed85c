/** Installs the Temporal Runtime once per process: our logger for SDK and Core, our signal handling. */
import { Runtime } from '@temporalio/worker';
import { type JsonLogger } from '../runtime/logger';

/**
 * Must run before the first NativeConnection or Worker. Core logs are forwarded to `logger`
 * (one format, one redaction), and the Runtime's own signal handlers are turned off because
 * runtime/shutdown.ts handles signals once, for the whole process.
 */
export function installRuntime(logger: JsonLogger): void {
  Runtime.install({
    logger,
    shutdownSignals: [],
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} } },
  });
}
