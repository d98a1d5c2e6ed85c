/** Worker process entrypoint: validated config, one logger, the recording workers, clean exit. */
import { resolve } from 'node:path';
import { loadWorkerConfig } from './config';
import { type RegisterWorkers, runWorkerHost } from './host';
import { createLogger } from './logger';
import { installRuntime } from './runtime';

/**
 * TODO(integrator): the seam where the recording workflow and activities are wired, e.g.
 *   const activities = createActivities({ cloud: <CloudCaller for ctx.config.provider>, ... });
 *   return [
 *     await createWorkflowWorker(ctx, { taskQueue: ctx.config.temporal.taskQueue,
 *       workflowsPath: WORKFLOWS_PATH, workflowBundlePath: ctx.config.workflowBundlePath }),
 *     ...(await createActivityWorkers(ctx, ctx.activityQueues, activities)),
 *   ];
 * (createWorkflowWorker / createActivityWorkers come from ./workers.)
 */
export const registerRecordingWorkers: RegisterWorkers = () =>
  Promise.reject(new Error('registerRecordingWorkers is not wired yet (worker/main.ts)'));

/** The workflows module (workflows/index), resolved from source or from dist/. */
export const WORKFLOWS_PATH = resolve(__dirname, '..', 'workflows');

async function main(): Promise<void> {
  const loaded = loadWorkerConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ level: loaded.config.logLevel, fields: { service: 'worker' } });
  installRuntime(logger);
  await runWorkerHost(loaded.config, logger, registerRecordingWorkers);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    createLogger({ level: 'ERROR', fields: { service: 'worker' } }).error('worker failed', { error });
    process.exit(1);
  });
}
