/** Worker process entrypoint: validated config, one logger, the recording workers, clean exit. */
import { resolve } from 'node:path';
import { loadWorkerConfig } from '../runtime/config';
import { configFromEnvironment, runMain } from '../runtime/entrypoint';
import { type RegisterWorkers, runWorkerHost } from './host';
import { createLogger } from '../runtime/logger';
import { installRuntime } from './runtime';
import { createActivities } from '../activities/index';
import { createCloudCaller } from './cloud-caller';
import { processThrottles } from './throttles';
import { createActivityWorkers, createWorkflowWorker } from './workers';

/**
 * The recording workers of this process: one for the workflows, one per rate-limited
 * activity queue (domain/catalog.ts), all sharing one cloud client.
 */
export function recordingWorkers(options: { emulatorUrl?: string } = {}): RegisterWorkers {
  return async (ctx) => {
    const cloud = createCloudCaller(ctx.config.provider, options.emulatorUrl);
    ctx.closeAfterWorkers(() => cloud.close());
    const activities = createActivities({ cloud, onThrottle: (event) => processThrottles.record(event) });
    const workflowWorker = await createWorkflowWorker(ctx, {
      taskQueue: ctx.config.temporal.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      workflowBundlePath: ctx.config.workflowBundlePath,
    });
    return [workflowWorker, ...(await createActivityWorkers(ctx, ctx.activityQueues, activities))];
  };
}

export const registerRecordingWorkers: RegisterWorkers = recordingWorkers();

/** The workflows module (workflows/index), resolved from source or from dist/. */
export const WORKFLOWS_PATH = resolve(__dirname, '..', 'workflows');

async function main(): Promise<void> {
  const config = configFromEnvironment(loadWorkerConfig);
  if (config === undefined) return;
  const logger = createLogger({ level: config.logLevel, fields: { service: 'worker' } });
  installRuntime(logger);
  await runWorkerHost(config, logger, registerRecordingWorkers);
}

if (require.main === module) runMain('worker', main);
