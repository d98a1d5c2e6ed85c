/** Gateway process entrypoint: validated config, one logger, serve until SIGINT/SIGTERM, close in order. */
import { loadWorkerConfig } from '../../worker/config';
import { createLogger } from '../../worker/logger';
import { onShutdownSignal } from '../../worker/shutdown';
import { startGateway } from './run';

async function main(): Promise<void> {
  const loaded = loadWorkerConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ level: loaded.config.logLevel, fields: { service: 'gateway' } });
  const gateway = await startGateway(loaded.config, logger);
  // Closing happens here, so a second signal during the close still exits at once.
  const signals = onShutdownSignal(() => undefined, { logger });
  try {
    await signals.requested;
    await gateway.close();
  } finally {
    signals.dispose();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    createLogger({ level: 'ERROR', fields: { service: 'gateway' } }).error('gateway failed', { error });
    process.exit(1);
  });
}
