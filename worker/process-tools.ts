/** Small bounded helpers for child processes and ports: every wait has a deadline. */
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A port that was free on `host` a moment ago (the OS picks it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('could not read the free port');
  return address.port;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves when the child has exited, or false after `ms`. */
async function exitWithin(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return true;
  const controller = new AbortController();
  try {
    await Promise.race([
      once(child, 'exit', { signal: controller.signal }),
      delay(ms, undefined, { signal: controller.signal }),
    ]);
  } catch {
    // the loser of the race is aborted below; an abort is not a failure
  } finally {
    controller.abort();
  }
  return exited(child);
}

/**
 * Polls `check` every `intervalMs` until it returns true. Rejects when the child exits first
 * or when `timeoutMs` passes, so a broken server never hangs its caller.
 */
export async function waitFor(
  child: ChildProcess,
  timeoutMs: number,
  check: () => Promise<boolean>,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited(child))
      throw new Error(`process exited early (code ${String(child.exitCode)}, signal ${String(child.signalCode)})`);
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`not ready within ${timeoutMs} ms`);
    await exitWithin(child, intervalMs);
  }
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`; resolves once it is gone. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.pid === undefined || exited(child)) return; // never started, or already gone
  child.kill('SIGTERM');
  if (await exitWithin(child, graceMs)) return;
  child.kill('SIGKILL');
  if (!(await exitWithin(child, 5_000))) throw new Error(`process ${String(child.pid)} survived SIGKILL for 5 s`);
}
