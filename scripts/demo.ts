/**
 * `npm run demo`: one recording of each product end to end on a stack this process starts
 * (its own dev server, the emulator, gateway and workers), each ending a different way, and
 * each lifecycle printed. Real time with short durations: about a minute in all.
 */
import { PRODUCTS, type Product } from '../domain/catalog';
import { runMain } from '../runtime/entrypoint';
import { DEMO_PLANS, runPlan } from './demo-plans';
import { startDemoStack, type DemoStack } from './demo-stack';
import { formatLifecycle, watchLifecycle } from './lifecycle-log';

/** The whole demo must end within this, or it fails. */
const DEMO_BOUND_MS = 150_000;

async function runOne({ stack, emulator }: DemoStack, product: Product, seq: number, runId: string): Promise<string> {
  const { recordings } = stack.client;
  const recordId = `demo-${product}-${runId}`;
  const nowMs = Date.now();
  const watch = watchLifecycle(recordings, recordId);
  // The watch is stopped before formatting, so `seen` holds the last state too.
  const result = await runPlan({ recordings, control: emulator.control, product, seq, recordId, nowMs }).finally(() =>
    watch.stop(),
  );
  return formatLifecycle(`${product}: ${DEMO_PLANS[product].title}`, nowMs, watch.seen, result);
}

async function main(): Promise<void> {
  const started = Date.now();
  process.stdout.write('starting a local stack (Temporal dev server, emulator, gateway, workers)...\n');
  const demo = await startDemoStack();
  const { stack, emulator } = demo;
  const timer = setTimeout(() => {
    process.stderr.write(`demo: not finished within ${DEMO_BOUND_MS / 1000} s\n`);
    process.exit(1);
  }, DEMO_BOUND_MS);
  try {
    process.stdout.write(
      `stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: Temporal ${stack.temporal.address}, emulator ${emulator.url}, gateway ${stack.gateway.url}\n`,
    );
    process.stdout.write('recording one session of each product (about a minute)...\n\n');
    const runId = Date.now().toString(36);
    const outcomes = await Promise.allSettled(PRODUCTS.map((product, i) => runOne(demo, product, i + 1, runId)));
    for (const outcome of outcomes)
      process.stdout.write(
        `${outcome.status === 'fulfilled' ? outcome.value : `FAILED: ${String(outcome.reason)}`}\n\n`,
      );
    const left = emulator.control.runningTasks();
    process.stdout.write(
      `provider tasks still running: ${left.length === 0 ? 'none' : left.map((t) => `${t.product} ${t.taskId}`).join(', ')}\n`,
    );
    process.stdout.write(`demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    if (outcomes.some((o) => o.status === 'rejected') || left.length > 0) process.exitCode = 1;
  } finally {
    clearTimeout(timer);
    await demo.stop();
  }
}

runMain('demo', main);
