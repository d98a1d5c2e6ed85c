/**
 * `npm start`: the whole local stack from one command. With no configuration: a Temporal dev
 * server (SQLite in .data/), the emulator as provider (port 4600), the gateway (API and
 * callbacks, port 8080) and the workers; TEMPORAL_ADDRESS and Tencent credentials replace the
 * dev server and the emulator. Ctrl-C stops everything in reverse order.
 */
import { loadWorkerConfig } from '../worker/config';
import { createLogger } from '../worker/logger';
import { installRuntime } from '../worker/runtime';
import { onShutdownSignal } from '../worker/shutdown';
import { localBanner } from './local-banner';
import { createLocalLogger } from './local-logger';
import { startLocalStack } from './local-stack';

async function main(): Promise<void> {
  const loaded = loadWorkerConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLocalLogger(loaded.config.logLevel);
  installRuntime(logger);
  const stack = await startLocalStack({ config: loaded.config, logger });
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

main().catch((error: unknown) => {
  createLogger({ level: 'ERROR', fields: { service: 'local' } }).error('local stack failed', { error });
  process.exit(1);
});
