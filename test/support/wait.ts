/**
 * Waiting in integration tests: poll until a condition holds, bounded by a deadline that is
 * generous (the machine may be loaded) and that names what was awaited and the last value seen.
 */
import { setTimeout as delay } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long (default 120 s). */
  readonly timeoutMs?: number;
  /** Between reads (default 250 ms). */
  readonly intervalMs?: number;
  /** Extra text for the time-out error, e.g. the last lines of the processes' logs. */
  readonly context?: () => string;
}

/** Reads until `done(value)`; returns that value. A read that throws fails the wait. */
export async function until<T>(
  what: string,
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  options: WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 120_000, intervalMs = 250, context } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      const extra = context === undefined ? '' : `\n${context()}`;
      throw new Error(`${what} not reached within ${timeoutMs} ms: ${JSON.stringify(value)}${extra}`);
    }
    await delay(intervalMs);
  }
}

/** Probes until it answers a value (not undefined); a probe that throws counts as not yet. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: WaitOptions = {},
): Promise<T> {
  const value = await until(
    what,
    () => probe().catch(() => undefined),
    (v) => v !== undefined,
    options,
  );
  return value as T;
}

/** Checks until `check()` is true. */
export async function untilTrue(
  what: string,
  check: () => boolean | Promise<boolean>,
  options: WaitOptions = {},
): Promise<void> {
  await until(what, check, (ok) => ok, options);
}
