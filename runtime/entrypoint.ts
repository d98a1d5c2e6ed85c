/** What every process entrypoint (worker, gateway, `npm start`) does first and last. */
import { type ConfigResult } from './config';
import { createLogger } from './logger';

/**
 * The process's validated config slice (`load` is one of runtime/config.ts's loaders);
 * otherwise every problem is printed together and the exit code set to 1.
 */
export function configFromEnvironment<C>(
  load: (env: Readonly<Record<string, string | undefined>>) => ConfigResult<C>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): C | undefined {
  const loaded = load(env);
  if (loaded.ok) return loaded.config;
  process.stderr.write(`${loaded.error.message}\n`);
  process.exitCode = 1;
  return undefined;
}

/** Runs `main`; a failure it did not handle is logged once (redacted) and exits 1. */
export function runMain(service: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    createLogger({ level: 'ERROR', fields: { service } }).error(`${service} failed`, { error });
    process.exit(1);
  });
}
