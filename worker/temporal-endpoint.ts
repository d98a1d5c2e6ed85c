/** Where Temporal is: TEMPORAL_ADDRESS when set, otherwise a dev server this process starts. */
import { basename, join, resolve } from 'node:path';
import { type Logger } from '@temporalio/common';
import { type WorkerConfig } from '../runtime/config';
import { type DevServer, resolveTemporalCli, startDevServer } from './dev-server';

export interface TemporalEndpoint {
  readonly address: string;
  /** Present when this process started the dev server (and so must stop it). */
  readonly devServer?: DevServer;
  /** Stops the dev server if this process started one. */
  close(): Promise<void>;
}

/** Project root, from this file's folder whether it runs from source or from dist/. */
export function projectRoot(): string {
  const here = resolve(__dirname, '..');
  return basename(here) === 'dist' ? resolve(here, '..') : here;
}

export async function openTemporal(config: WorkerConfig, logger: Logger): Promise<TemporalEndpoint> {
  const { address, devServer: dev, namespace } = config.temporal;
  if (address !== undefined) return { address, close: () => Promise.resolve() };
  const server = await startDevServer({
    cliPath: resolveTemporalCli(dev.cliPath, projectRoot()),
    dbFile: join(config.dataDir, 'temporal.sqlite'),
    port: dev.port,
    uiPort: dev.uiPort,
    namespace,
    logFile: join(config.dataDir, 'temporal-dev.log'),
    logger,
  });
  return { address: server.address, devServer: server, close: () => server.stop() };
}
