/**
 * The Temporal Schedule that runs the orphan sweep (workflows/reaper.ts) every
 * ORPHAN_SWEEP_INTERVAL. Every worker sets it up at boot, creating it or bringing it to this
 * worker's settings, so no operator step is needed; overlapping sweeps are skipped.
 */
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { type Logger } from '@temporalio/common';
import { WORKFLOW_TYPES } from '../workflows/messages';
import type { OrphanSweepInput, UnownedPolicy } from '../workflows/reaper';

export const ORPHAN_SWEEP_SCHEDULE_ID = 'recording-orphan-sweep';
/** Reaps started per sweep at most; a larger backlog takes several sweeps. */
export const SWEEP_LIMIT = 200;

export interface OrphanSweepSettings {
  /** The recording workflows' task queue: the sweep and its reaps run beside them. */
  readonly taskQueue: string;
  readonly activityQueuePrefix: string;
  readonly intervalMs: number;
  readonly lookbackMs: number;
  readonly tiwApps: readonly { readonly sdkAppId: number; readonly region?: string }[];
  readonly unownedPolicy: UnownedPolicy;
  readonly graceMs: number;
}

/** Creates the schedule, or updates it to these settings when it exists. */
export async function ensureOrphanSweepSchedule(
  client: Client,
  settings: OrphanSweepSettings,
  logger: Logger,
): Promise<void> {
  const input: OrphanSweepInput = {
    activityQueuePrefix: settings.activityQueuePrefix,
    lookbackMs: settings.lookbackMs,
    limit: SWEEP_LIMIT,
    ...(settings.tiwApps.length === 0
      ? {}
      : {
          unowned: {
            apps: settings.tiwApps.map((app) => ({ product: 'tiw-online' as const, ...app })),
            policy: settings.unownedPolicy,
            graceMs: settings.graceMs,
          },
        }),
  };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: WORKFLOW_TYPES.orphanSweep,
    workflowId: ORPHAN_SWEEP_SCHEDULE_ID,
    taskQueue: settings.taskQueue,
    args: [input],
    // A sweep stuck behind an unreachable provider gives way to the next one.
    workflowExecutionTimeout: Math.max(settings.intervalMs * 10, 60_000),
  };
  const spec = { intervals: [{ every: settings.intervalMs }] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: 60_000 };
  try {
    await client.schedule.create({ scheduleId: ORPHAN_SWEEP_SCHEDULE_ID, spec, action, policies });
    logger.info('orphan sweep schedule created', { scheduleId: ORPHAN_SWEEP_SCHEDULE_ID, ...settings });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule
      .getHandle(ORPHAN_SWEEP_SCHEDULE_ID)
      .update((previous) => ({ ...previous, spec, action, policies }));
    logger.info('orphan sweep schedule updated', { scheduleId: ORPHAN_SWEEP_SCHEDULE_ID, ...settings });
  }
}
