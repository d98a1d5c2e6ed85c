/** Small timing helpers for the benchmarks: a bounded ops/s loop and latency percentiles. */

/** Nanoseconds spent running `fn` `count` times. */
function timeBatch(fn: () => unknown, count: number): bigint {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i += 1) fn();
  return process.hrtime.bigint() - start;
}

/**
 * ops/s of `a` and of `b`, measured in alternating batches for about `budgetMs` in all, so
 * load from other processes on a shared machine falls on both alike.
 */
export function compareOpsPerSecond(
  a: () => unknown,
  b: () => unknown,
  budgetMs: number,
  batch = 100,
): [number, number] {
  const budgetNs = BigInt(budgetMs) * 1_000_000n;
  let spentA = 0n;
  let spentB = 0n;
  let batches = 0;
  while (spentA + spentB < budgetNs) {
    spentA += timeBatch(a, batch);
    spentB += timeBatch(b, batch);
    batches += 1;
  }
  const ops = batches * batch;
  return [ops / (Number(spentA) / 1e9), ops / (Number(spentB) / 1e9)];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export interface LatencySummary {
  readonly calls: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
}

export function summarize(samplesUs: readonly number[]): LatencySummary {
  const mean = samplesUs.reduce((sum, v) => sum + v, 0) / samplesUs.length;
  return {
    calls: samplesUs.length,
    meanUs: round(mean),
    p50Us: round(percentile(samplesUs, 50)),
    p99Us: round(percentile(samplesUs, 99)),
  };
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
