/**
 * The demo's own throwaway stack: a temporary data directory, a dev server on a free port (no
 * UI), the emulator as the provider, gateway and workers, all removed again by `stop()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningEmulator } from '../emulator/index';
import { loadStackConfig } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { freePort } from '../worker/process-tools';
import { installRuntime } from '../worker/runtime';
import { startLocalStack, type LocalStack } from './local-stack';

export interface DemoStack {
  readonly stack: LocalStack;
  readonly emulator: RunningEmulator;
  /** Stops the stack and removes its data directory. */
  stop(): Promise<void>;
}

/** Starts the stack; LOG_LEVEL (default ERROR) sets how much of its logging reaches stderr. */
export async function startDemoStack(): Promise<DemoStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'recording-demo-'));
  const env = {
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_DEV_UI_PORT: 'off',
    SHUTDOWN_GRACE_MS: '2000',
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'ERROR',
  };
  const loaded = loadStackConfig(env);
  if (!loaded.ok) throw loaded.error;
  const logger = createLogger({
    level: loaded.config.logLevel,
    fields: { service: 'demo' },
    sink: (line) => process.stderr.write(`${line}\n`),
  });
  installRuntime(logger);
  // TIW takes 30 s by default to process a stopped recording; 3 s keeps the demo short.
  const stack = await startLocalStack({
    config: loaded.config,
    logger,
    gatewayPort: 0,
    emulator: { port: 0, behaviour: { tiwProcessingSeconds: 3 } },
  });
  const stop = async (): Promise<void> => {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  // No credentials in this environment, so the emulator is always the provider.
  if (stack.emulator === undefined) {
    await stop();
    throw new Error('the demo drives the emulator');
  }
  return { stack, emulator: stack.emulator, stop };
}
