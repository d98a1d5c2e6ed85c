/** Worker process entrypoint: validated config, one logger, the recording workers, clean exit. */
import { resolve } from 'node:path';
import { loadWorkerConfig } from '../runtime/config';
import { configFromEnvironment, runMain } from '../runtime/entrypoint';
import { type RegisterWorkers, runWorkerHost, type WorkerHostContext } from './host';
import { createLogger } from '../runtime/logger';
import { installRuntime } from './runtime';
import { createActivities } from '../activities/index';
import { createCloudCaller } from './cloud-caller';
import { processThrottles } from './throttles';
import { serveRecordingCounts } from './recordings-gauge';
import { setRecordingCountSource } from '../runtime/metrics';
import { meterThrottle, meteredActivities, meteredCloudCaller } from './metered';
import { createActivityWorkers, createWorkflowWorker } from './workers';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { reaperTaskQueue } from '../domain/contract';
import { createAdmissionWorker } from './admission';
import { createReaperActivities } from './orphan-finder';
import { temporalConnectionOptions } from '../runtime/temporal-connection';
import { ensureOrphanSweepSchedule } from './orphan-sweep-schedule';
import { historyReplayer } from './workflow-bundle';
import { createFleetEstimate, describeBudgets, visibilityFleetCount } from './fleet-estimate';

/**
 * The recording workers of this process: one for the workflows (recordings, and the orphan
 * sweep and its reaps), one per rate-limited activity queue (domain/catalog.ts), all sharing
 * one cloud client, and the orphan sweep's own activity worker with its Schedule.
 */
export function recordingWorkers(options: { emulatorUrl?: string } = {}): RegisterWorkers {
  return async (ctx) => {
    const cloud = createCloudCaller(ctx.config.provider, options.emulatorUrl);
    ctx.closeAfterWorkers(() => cloud.close());
    const client = await visibilityClient(ctx);
    // The describe quota is shared by the fleet: polls widen as it grows (worker/fleet-estimate.ts).
    const fleet = createFleetEstimate({
      count: visibilityFleetCount(client),
      budgetPerSecond: describeBudgets(ctx.activityQueues),
    });
    const stopCounting = fleet.start();
    ctx.closeAfterWorkers(() => Promise.resolve(stopCounting()));
    const activities = meteredActivities(
      createActivities({
        cloud: meteredCloudCaller(cloud),
        fleet,
        onThrottle: (event) => {
          processThrottles.record(event);
          meterThrottle(event);
        },
      }),
    );
    const workflowWorker = await createWorkflowWorker(ctx, {
      taskQueue: ctx.config.temporal.taskQueue,
      workflowsPath: WORKFLOWS_PATH,
      workflowBundlePath: ctx.config.workflowBundlePath,
      tuning: ctx.config.workflowTuning,
    });
    return [
      workflowWorker,
      ...(await createActivityWorkers(ctx, ctx.activityQueues, activities)),
      await orphanSweepWorker(ctx, client),
      await admissionWorker(ctx, client),
    ];
  };
}

/** The admission activities (workflows/admission.ts): signal-with-start of a quota's semaphore, holder checks. */
function admissionWorker(ctx: WorkerHostContext, client: Client): Promise<Worker> {
  const { taskQueue, activityQueuePrefix } = ctx.config.temporal;
  return createAdmissionWorker(ctx, client, { taskQueue, activityQueuePrefix, ...ctx.config.admission });
}

/** A client for visibility queries (counts, the orphan sweep), closed after the workers. */
async function visibilityClient(ctx: WorkerHostContext): Promise<Client> {
  const { namespace } = ctx.config.temporal;
  const connection = await Connection.connect(temporalConnectionOptions(ctx.config, ctx.address));
  ctx.closeAfterWorkers(() => connection.close());
  return new Client({ connection, namespace, dataConverter: ctx.dataConverter });
}

/** The sweep's activity (visibility and status queries) and, unless ORPHAN_SWEEP_INTERVAL=off, its Schedule. */
async function orphanSweepWorker(ctx: WorkerHostContext, client: Client): Promise<Worker> {
  const { namespace, taskQueue, activityQueuePrefix } = ctx.config.temporal;
  serveRecordingCounts(client);
  // Registered after the connection's closer, so it runs first: no scrape counts on a closed connection.
  ctx.closeAfterWorkers(() => Promise.resolve(setRecordingCountSource(undefined)));
  const sweep = ctx.config.orphanSweep;
  if (sweep === undefined)
    ctx.logger.warn('orphan sweep schedule not managed by this worker (ORPHAN_SWEEP_INTERVAL=off)');
  else await ensureOrphanSweepSchedule(client, { taskQueue, activityQueuePrefix, ...sweep }, ctx.logger);
  return Worker.create({
    connection: ctx.connection,
    namespace,
    ...(ctx.identity === undefined ? {} : { identity: ctx.identity }),
    taskQueue: reaperTaskQueue(activityQueuePrefix),
    activities: createReaperActivities(
      client,
      ctx.dataConverter,
      ctx.logger,
      historyReplayer(ctx.config.workflowBundlePath, WORKFLOWS_PATH, ctx.dataConverter, ctx.logger),
    ),
    dataConverter: ctx.dataConverter,
    shutdownGraceTime: ctx.shutdownGraceMs,
  });
}

export const registerRecordingWorkers: RegisterWorkers = recordingWorkers();

/** The workflows module (workflows/index), resolved from source or from dist/. */
export const WORKFLOWS_PATH = resolve(__dirname, '..', 'workflows');

/** The worker process: config from the environment, the recording workers until a signal. */
export async function main(): Promise<void> {
  const config = configFromEnvironment(loadWorkerConfig);
  if (config === undefined) return;
  const logger = createLogger({ level: config.logLevel, fields: { service: 'worker' } });
  const sdkMetricsAddress = installRuntime(logger, { metricsAddress: config.sdkMetricsAddress });
  await runWorkerHost({ ...config, sdkMetricsAddress }, logger, registerRecordingWorkers);
}

if (require.main === module) runMain('worker', main);
