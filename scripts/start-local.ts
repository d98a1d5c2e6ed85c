/**
 * `npm start`: the whole local stack from one command. With no configuration: a Temporal dev
 * server (SQLite in .data/), the emulator as provider (port 4600), the gateway (API and
 * callbacks, port 8080) and the workers; TEMPORAL_ADDRESS and Tencent credentials replace the
 * dev server and the emulator. Ctrl-C stops everything in reverse order.
 */
import { loadStackConfig } from '../runtime/config';
import { configFromEnvironment, runMain } from '../runtime/entrypoint';
import { installRuntime } from '../worker/runtime';
import { onShutdownSignal } from '../runtime/shutdown';
import { localBanner } from './local-banner';
import { createLocalLogger } from './local-logger';
import { startLocalStack } from './local-stack';

async function main(): Promise<void> {
  const config = configFromEnvironment(loadStackConfig);
  if (config === undefined) return;
  const logger = createLocalLogger(config.logLevel);
  const sdkMetricsAddress = installRuntime(logger, { metricsAddress: config.sdkMetricsAddress });
  const stack = await startLocalStack({ config: { ...config, sdkMetricsAddress }, logger });
  // Handlers stay until everything is closed, so a second Ctrl-C during the close exits at once.
  const signals = onShutdownSignal(() => undefined, { logger });
  try {
    process.stdout.write(localBanner(stack));
    const workersEnded = (stack.worker?.done ?? new Promise<never>(() => undefined)).then(
      () => 'the workers stopped',
      (error: unknown) => `the workers failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    const why = await Promise.race([signals.requested.then(() => undefined), workersEnded]);
    if (why !== undefined) {
      logger.error(`stopping the local stack: ${why}`);
      process.exitCode = 1;
    }
  } finally {
    await stack.stop();
    signals.dispose();
  }
  logger.info('local stack stopped');
}

runMain('local stack', main);
