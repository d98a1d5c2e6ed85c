/** Gateway process entrypoint: validated config, one logger, serve until SIGINT/SIGTERM, close in order. */
import { loadGatewayConfig } from '../../runtime/config';
import { configFromEnvironment, runMain } from '../../runtime/entrypoint';
import { createLogger } from '../../runtime/logger';
import { onShutdownSignal } from '../../runtime/shutdown';
import { startGateway } from './run';

async function main(): Promise<void> {
  const config = configFromEnvironment(loadGatewayConfig);
  if (config === undefined) return;
  const logger = createLogger({ level: config.logLevel, fields: { service: 'gateway' } });
  const gateway = await startGateway(config, logger);
  // Closing happens here, so a second signal during the close still exits at once.
  const signals = onShutdownSignal(() => undefined, { logger });
  try {
    await signals.requested;
    await gateway.close();
  } finally {
    signals.dispose();
  }
}

if (require.main === module) runMain('gateway', main);
