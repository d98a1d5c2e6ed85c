/**
 * `npm start`: the whole local stack from one command. With no configuration: a Temporal dev
 * server (SQLite in .data/), the emulator as provider, the worker and the callback gateway;
 * with TEMPORAL_ADDRESS and Tencent credentials set, those are used instead.
 */
import { loadWorkerConfig } from '../worker/config';
import { runWorkerHost } from '../worker/host';
import { createLogger } from '../worker/logger';
import { registerRecordingWorkers } from '../worker/main';
import { installRuntime } from '../worker/runtime';
import { openTemporal } from '../worker/temporal-endpoint';

async function main(): Promise<void> {
  const loaded = loadWorkerConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const config = loaded.config;
  const logger = createLogger({ level: config.logLevel, fields: { service: 'local' } });
  installRuntime(logger);
  const temporal = await openTemporal(config, logger);
  try {
    // TODO(integrator): when config.provider.kind === 'emulator', start the emulator
    // (emulator/index.ts startEmulator) and point the worker's cloud caller at its url.
    // TODO(integrator): start the callback gateway (client/ createGatewayServer) on
    // config.gateway.host:port against temporal.address; stop both in `finally`.
    logger.info('local stack up', {
      temporal: temporal.address,
      ui: temporal.devServer?.uiUrl,
      provider: config.provider.kind,
      gateway: `http://${config.gateway.host}:${config.gateway.port}`,
      // TODO(integrator): the exact client command that starts a recording.
      next: 'start a recording with the client CLI (client/cli) against this address',
    });
    await runWorkerHost(config, logger, registerRecordingWorkers, { endpoint: temporal });
  } finally {
    await temporal.close();
  }
}

main().catch((error: unknown) => {
  createLogger({ level: 'ERROR', fields: { service: 'local' } }).error('local stack failed', { error });
  process.exit(1);
});
