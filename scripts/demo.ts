/**
 * `npm run demo`: one recording of each product end to end on a stack this process starts
 * (its own dev server, the emulator, gateway and workers), each ending a different way, and
 * each lifecycle printed. Real time with short durations: about a minute in all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCTS, type Product } from '../recorders/catalog';
import { loadWorkerConfig } from '../worker/config';
import { createLogger } from '../worker/logger';
import { freePort } from '../worker/process-tools';
import { installRuntime } from '../worker/runtime';
import { DEMO_PLANS } from './demo-plans';
import { formatLifecycle, watchLifecycle } from './lifecycle-log';
import { startLocalStack, type LocalStack } from './local-stack';
import { SCENARIOS } from './scenarios';

/** The whole demo must end within this, or it fails. */
const DEMO_BOUND_MS = 150_000;

async function runOne(stack: LocalStack, product: Product, seq: number, runId: string): Promise<string> {
  const scenario = SCENARIOS[product];
  const plan = DEMO_PLANS[product];
  const recordings = stack.client.recordings;
  const control = stack.emulator?.control;
  if (control === undefined) throw new Error('the demo drives the emulator');
  const recordId = `demo-${product}-${runId}`;
  const t0 = Date.now();
  const base = scenario.spec(recordId, seq, t0, { collectTimeoutMs: 45_000 });
  const spec = plan.adjust?.(base, t0) ?? base;
  scenario.setUp(control, seq);
  await recordings.startRecording(spec);
  const watch = watchLifecycle(recordings, recordId);
  try {
    await plan.drive({ recordings, control, recordId, seq, scenario });
    const result = await recordings.result(recordId);
    if (result === undefined) throw new Error(`${recordId}: no result`);
    await watch.stop();
    return formatLifecycle(`${product}: ${plan.title}`, t0, watch.seen, result);
  } finally {
    await watch.stop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'recording-demo-'));
  const env = {
    DATA_DIR: dataDir,
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_DEV_UI_PORT: 'off',
    SHUTDOWN_GRACE_MS: '2000',
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'ERROR',
  };
  const loaded = loadWorkerConfig(env);
  if (!loaded.ok) throw loaded.error;
  const logger = createLogger({ level: loaded.config.logLevel, fields: { service: 'demo' }, sink: (line) => process.stderr.write(`${line}\n`) });
  installRuntime(logger);
  process.stdout.write('starting a local stack (Temporal dev server, emulator, gateway, workers)...\n');
  // TIW takes 30 s by default to process a stopped recording; 3 s keeps the demo short.
  const stack = await startLocalStack({ config: loaded.config, logger, gatewayPort: 0, emulator: { port: 0, behaviour: { tiwProcessingSeconds: 3 } } });
  const timer = setTimeout(() => {
    process.stderr.write(`demo: not finished within ${DEMO_BOUND_MS / 1000} s\n`);
    process.exit(1);
  }, DEMO_BOUND_MS);
  try {
    process.stdout.write(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: Temporal ${stack.temporal.address}, emulator ${stack.emulator?.url ?? '-'}, gateway ${stack.gateway.url}\n`);
    process.stdout.write('recording one session of each product (about a minute)...\n\n');
    const runId = Date.now().toString(36);
    const outcomes = await Promise.allSettled(PRODUCTS.map((product, i) => runOne(stack, product, i + 1, runId)));
    for (const outcome of outcomes) process.stdout.write(`${outcome.status === 'fulfilled' ? outcome.value : `FAILED: ${String(outcome.reason)}`}\n\n`);
    const left = stack.emulator?.control.runningTasks() ?? [];
    process.stdout.write(`provider tasks still running: ${left.length === 0 ? 'none' : left.map((t) => `${t.product} ${t.taskId}`).join(', ')}\n`);
    process.stdout.write(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    if (outcomes.some((o) => o.status === 'rejected') || left.length > 0) process.exitCode = 1;
  } finally {
    clearTimeout(timer);
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
