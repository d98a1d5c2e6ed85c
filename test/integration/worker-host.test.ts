/**
 * The worker host against a real server: workers built through the registration seam run
 * with the encrypting data converter and the per-API rates, report health, and drain on
 * the first shutdown signal; a namespace without the search attributes is refused.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { dataConverter } from '../../runtime/codec';
import { loadWorkerConfig, type WorkerConfig } from '../../runtime/config';
import { type DevServer, resolveTemporalCli, startDevServer } from '../../worker/dev-server';
import { runWorkerHost, type RegisterWorkers } from '../../worker/host';
import { createLogger } from '../../runtime/logger';
import { freePort } from '../../worker/process-tools';
import { type SignalTarget } from '../../runtime/shutdown';
import { createActivityWorkers, createWorkflowWorker } from '../../worker/workers';
import * as activities from './fixtures/secret-activities';
import { carriesSecrets } from './fixtures/secret-workflow';

const KEY = Buffer.alloc(32, 3).toString('base64');
const logger = createLogger({ level: 'ERROR', sink: () => undefined });
let dir: string;
let server: DevServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'worker-host-'));
  server = await startDevServer({
    cliPath: resolveTemporalCli(undefined, resolve(__dirname, '..', '..')),
    dbFile: join(dir, 't.sqlite'),
    startTimeoutMs: 60_000,
  });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function config(env: Record<string, string>): WorkerConfig {
  const loaded = loadWorkerConfig({
    TEMPORAL_ADDRESS: server.address,
    PAYLOAD_ENCRYPTION_KEY: KEY,
    SHUTDOWN_GRACE_MS: '2000',
    ...env,
  });
  if (!loaded.ok) throw loaded.error;
  return loaded.config;
}

async function waitForHealth(port: number, deadlineMs: number): Promise<number> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 || Date.now() > deadline) return status;
    await delay(100);
  }
}

test('runs registered workers until the first signal, with encryption and health', async () => {
  const healthPort = await freePort();
  const cfg = config({ WORKER_HEALTH_PORT: String(healthPort) });
  const taskQueue = `host-${randomUUID()}`;
  let queuesSeen = 0;
  const register: RegisterWorkers = async (ctx) => {
    queuesSeen = ctx.activityQueues.length;
    const fixtureQueue = { ...ctx.activityQueues[0]!, taskQueue, maxTaskQueueActivitiesPerSecond: 50 };
    return [
      await createWorkflowWorker(ctx, { taskQueue, workflowsPath: require.resolve('./fixtures/secret-workflow') }),
      ...(await createActivityWorkers(ctx, [fixtureQueue, ...ctx.activityQueues], activities)),
    ];
  };
  const signals = new EventEmitter();
  const hosting = runWorkerHost(cfg, logger, register, { signalTarget: signals as unknown as SignalTarget });
  try {
    expect(await waitForHealth(healthPort, 60_000)).toBe(200);
    expect(queuesSeen).toBeGreaterThan(10);
    const connection = await Connection.connect({ address: server.address });
    try {
      const client = new Client({ connection, dataConverter: dataConverter(cfg.payloadKeys) });
      const input = { recordId: `rec-${randomUUID()}`, userSig: 'sig', storageSecretKey: 'sk' };
      const result = await client.workflow.execute(carriesSecrets, {
        taskQueue,
        workflowId: input.recordId,
        args: [input],
      });
      expect(result).toBe(`signed ${input.recordId} with sig|failed:provider rejected UserSig sig`);
      // Invariant 6: the server itself holds each provider API's rate, under the documented limit
      // by the default RATE_LIMIT_HEADROOM (0.6): 500/s → 200/s, 20/s → 8/s.
      for (const [queue, perSecond] of [
        ['tencent.live.CreateLiveRecord', 200],
        ['tencent.trtc.StartWebRecord', 8],
      ] as const) {
        const described = await connection.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: queue },
          taskQueueType: 2, // TASK_QUEUE_TYPE_ACTIVITY
        });
        expect(described.effectiveRateLimit?.requestsPerSecond).toBe(perSecond);
      }
    } finally {
      await connection.close();
    }
  } finally {
    signals.emit('SIGTERM', 'SIGTERM');
  }
  await expect(hosting).resolves.toBeUndefined();
  await expect(fetch(`http://127.0.0.1:${healthPort}/healthz`)).rejects.toThrow();
});

test('refuses a namespace that lacks the recording search attributes, naming them', async () => {
  const namespace = `bare-${randomUUID().slice(0, 8)}`;
  const connection = await Connection.connect({ address: server.address });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
  } finally {
    await connection.close();
  }
  const register = jest.fn<ReturnType<RegisterWorkers>, Parameters<RegisterWorkers>>();
  // A new namespace becomes visible after the server's namespace cache refreshes: retry, bounded.
  let error: unknown;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    error = await runWorkerHost(config({ TEMPORAL_NAMESPACE: namespace }), logger, register).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (error instanceof Error && error.message.includes('not ready for recordings')) break;
    await delay(250);
  }
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(
    new RegExp(
      `namespace ${namespace} is not ready for recordings: RecordingProduct \\(KEYWORD\\) is missing; .*RecordingKeys \\(KEYWORD_LIST\\) is missing`,
    ),
  );
  expect(register).not.toHaveBeenCalled();
});
