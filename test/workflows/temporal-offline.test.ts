/** Proves the provisioned Temporal binaries run with no network: time-skipping and dev server. */
import { randomUUID } from 'node:crypto';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createDevServerEnv, createTimeSkippingEnv } from '../support/temporal';
import { echoPing, pingSignal, sleepThreeDays } from './fixtures/sleepy';
import { quietLogger } from './support/harness';

let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./fixtures/sleepy'), logger: quietLogger });
});

async function runWith<T>(env: TestWorkflowEnvironment, body: (taskQueue: string) => Promise<T>): Promise<T> {
  const taskQueue = `offline-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle });
  return worker.runUntil(body(taskQueue));
}

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('a workflow sleeping three days completes in seconds of real time', async () => {
    const startedAt = Date.now();
    const result = await runWith(env, (taskQueue) =>
      env.client.workflow.execute(sleepThreeDays, { taskQueue, workflowId: `sleep-${randomUUID()}` }),
    );
    expect(result).toBe('woke');
    expect(Date.now() - startedAt).toBeLessThan(30_000);
  });
});

describe('dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createDevServerEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('a workflow round-trips a signal and returns its result', async () => {
    const result = await runWith(env, async (taskQueue) => {
      const handle = await env.client.workflow.start(echoPing, { taskQueue, workflowId: `echo-${randomUUID()}` });
      await handle.signal(pingSignal, 'hello');
      return handle.result();
    });
    expect(result).toBe('pong:hello');
  });
});
