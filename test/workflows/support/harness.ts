/**
 * One time-skipping environment per test file: the recording workflow bundled once, a workflow
 * worker, one activity worker per rate-limit queue (as production runs them) backed by a fake
 * provider that each test replaces, and helpers to start recordings and save histories.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import {
  WorkflowUpdateFailedError,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { admissionTaskQueue, reaperTaskQueue, type RecordingActivities } from '../../../domain/contract';
import { NO_ADMISSION_LIMITS, type AdmissionLimits } from '../../../domain/admission';
import { createAdmissionActivities } from '../../../worker/admission';
import { CATALOG, activityTaskQueue, type Operation, type Product } from '../../../domain/catalog';
import { recordingWorkflow } from '../../../workflows';
import { RECORDING_SEARCH_ATTRIBUTES, initialSearchAttributes } from '../../../domain/search-attributes';
import { recordingWorkflowId, statusQuery } from '../../../workflows/messages';
import type { RecordingRequest, RecordingStatus } from '../../../workflows/types';
import { createDevServerEnv, createTimeSkippingEnv } from '../../support/temporal';
import { FakeProvider } from './fake-provider';
import { historyToJson } from './history-json';

export const HISTORY_DIR = join(__dirname, '..', 'histories');

const noop = (): undefined => undefined;
/** Drops every line: the workflow bundler's progress output is noise in test runs. */
export const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

export type RecordingHandle = WorkflowHandle<typeof recordingWorkflow>;
export type StartedRecording = WorkflowHandleWithFirstExecutionRunId<typeof recordingWorkflow>;

/** The time-skipping server knows no custom search attributes until they are added. */
async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const IVT = temporal.api.enums.v1.IndexedValueType;
  const searchAttributes = Object.fromEntries(
    RECORDING_SEARCH_ATTRIBUTES.map((k) => [
      k.name,
      k.type === SearchAttributeType.KEYWORD_LIST
        ? IVT.INDEXED_VALUE_TYPE_KEYWORD_LIST
        : IVT.INDEXED_VALUE_TYPE_KEYWORD,
    ]),
  );
  await env.connection.operatorService.addSearchAttributes({ namespace: env.namespace ?? 'default', searchAttributes });
}

let bundlePromise: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle (built once per test file). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundlePromise ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../../workflows'), logger: quietLogger });
  return bundlePromise;
}

function operationsOf(product: Product): Operation[] {
  return Object.keys(CATALOG[product].actions) as Operation[];
}

export class Harness {
  provider = new FakeProvider();
  readonly taskQueue = `recording-${randomUUID()}`;
  readonly prefix = `t${randomUUID().slice(0, 8)}`;
  private readonly workers: Worker[] = [];
  private readonly runs: Promise<void>[] = [];

  private constructor(readonly env: TestWorkflowEnvironment) {}

  /**
   * `server: 'dev'` runs on a real dev server (real time) instead of the time-skipping test
   * server, for tests that need no skipped time and hit that server's defects.
   */
  static async create(
    products: readonly Product[],
    options: {
      server?: 'time-skipping' | 'dev';
      /** The admission activities' limits (read at each call); none by default: every recording starts at once. */
      admission?: { limits: AdmissionLimits; checkIntervalMs: number };
    } = {},
  ): Promise<Harness> {
    const env = options.server === 'dev' ? await createDevServerEnv() : await createTimeSkippingEnv();
    const h = new Harness(env);
    try {
      await registerSearchAttributes(env);
      const queues = new Set(products.flatMap((p) => operationsOf(p).map((op) => activityTaskQueue(p, op, h.prefix))));
      // Delegates to whichever fake the current test installed.
      const activities: RecordingActivities = {
        startTask: (i) => h.provider.activities().startTask(i),
        recoverTask: (i) => h.provider.activities().recoverTask(i),
        describeTask: (i) => h.provider.activities().describeTask(i),
        modifyTask: (i) => h.provider.activities().modifyTask(i),
        pauseTask: (i) => h.provider.activities().pauseTask(i),
        resumeTask: (i) => h.provider.activities().resumeTask(i),
        stopTask: (i) => h.provider.activities().stopTask(i),
      };
      for (const taskQueue of queues)
        h.workers.push(await Worker.create({ connection: env.nativeConnection, taskQueue, activities }));
      // A recording of a product with a concurrency quota asks for a slot first (workflows/queue.ts).
      const admission = options.admission ?? { limits: NO_ADMISSION_LIMITS, checkIntervalMs: 60_000 };
      h.workers.push(
        await Worker.create({
          connection: env.nativeConnection,
          taskQueue: admissionTaskQueue(h.prefix),
          activities: createAdmissionActivities(env.client, {
            taskQueue: h.taskQueue,
            activityQueuePrefix: h.prefix,
            ...admission,
          }),
        }),
      );
      h.workers.push(await h.workflowWorker(h.taskQueue));
      for (const w of h.workers) h.runs.push(w.run());
      return h;
    } catch (err) {
      await h.teardown();
      throw err;
    }
  }

  /**
   * A workflow worker on `taskQueue` (not started). `sticky: false` keeps no workflow cache, so
   * once it stops, the next task goes straight to the shared queue (the time-skipping server
   * would otherwise hold it for the stopped worker's sticky queue).
   */
  async workflowWorker(taskQueue: string, sticky = true): Promise<Worker> {
    return Worker.create({
      connection: this.env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      ...(sticky ? {} : { maxCachedWorkflows: 0 }),
    });
  }

  /** A worker on the reaper's activity queue with the given (fake) activities, stopped at teardown. */
  async reaperWorker(activities: object): Promise<void> {
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: reaperTaskQueue(this.prefix),
      activities,
    });
    this.workers.push(worker);
    this.runs.push(worker.run());
  }

  async teardown(): Promise<void> {
    for (const w of this.workers) if (w.getState() === 'RUNNING') w.shutdown();
    await Promise.all(this.runs);
    await this.env.teardown();
  }

  /** A request with this harness's queue prefix and a unique recordId. */
  request(product: Product, params: Record<string, unknown>, extra: Partial<RecordingRequest> = {}): RecordingRequest {
    return {
      recordId: `rec-${randomUUID().slice(0, 12)}`,
      product,
      params,
      activityQueuePrefix: this.prefix,
      ...extra,
    };
  }

  async start(request: RecordingRequest, taskQueue = this.taskQueue): Promise<StartedRecording> {
    return this.env.client.workflow.start(recordingWorkflow, {
      taskQueue,
      workflowId: recordingWorkflowId(request.recordId),
      args: [request],
      typedSearchAttributes: initialSearchAttributes(
        request.recordId,
        request.product,
        request.params,
        request.schedule?.startAtMs ? 'Scheduled' : 'Starting',
      ),
    });
  }

  now(): Promise<number> {
    return this.env.currentTimeMs();
  }
}

/**
 * With RECORD_HISTORIES=<generation>, writes the run histories of a finished workflow to
 * test/workflows/histories/<generation>/<name>[.runfirst|.runlast].json for the replay test.
 * A generation is a new folder per workflow change, so the histories of every earlier version
 * keep replaying against the new code.
 */
export async function saveHistory(h: Harness, handle: StartedRecording, name: string): Promise<void> {
  const generation = process.env['RECORD_HISTORIES'];
  if (generation === undefined || generation === '') return;
  if (!/^[0-9a-z][0-9a-z.-]*$/.test(generation)) {
    throw new Error(
      `RECORD_HISTORIES must name a new history generation (a folder such as 2026-12-identity-in-input), got "${generation}"`,
    );
  }
  const dir = join(HISTORY_DIR, generation);
  mkdirSync(dir, { recursive: true });
  const first = handle.firstExecutionRunId;
  const latest = (await handle.describe()).runId;
  const runs = first === latest ? [latest] : [first, latest];
  for (const [i, runId] of runs.entries()) {
    const history = await h.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const suffix = runs.length > 1 ? `.run${i === 0 ? 'first' : 'last'}` : '';
    writeFileSync(join(dir, `${name}${suffix}.json`), historyToJson(history));
  }
}

/** Polls the status query (real time, bounded: 10 s) until `until` holds; fails the test otherwise. */
export async function waitForStatus(
  handle: RecordingHandle,
  until: (s: RecordingStatus) => boolean,
  what: string,
): Promise<RecordingStatus> {
  let last: RecordingStatus | undefined;
  for (let i = 0; i < 200; i += 1) {
    last = await handle.query(statusQuery);
    if (until(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`status never reached: ${what} (last state ${last?.state ?? '?'})`);
}

/** Asserts that an update was rejected (validator or handler) with a message matching `pattern`. */
export async function expectUpdateRejected(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(pattern);
}
