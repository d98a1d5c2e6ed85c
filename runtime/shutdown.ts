/**
 * Graceful shutdown on SIGINT/SIGTERM, handled once: the first signal asks the workers to
 * drain (running activities finish within the grace time); a second one exits at once.
 */
import { constants } from 'node:os';
import { type Logger } from '@temporalio/common';

/** What the handlers attach to; `process` in production, an EventEmitter in tests. */
export interface SignalTarget {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface ShutdownOptions {
  readonly logger: Logger;
  readonly signals?: readonly NodeJS.Signals[];
  readonly target?: SignalTarget;
  /** Ends the process; `process.exit` by default. */
  readonly exit?: (code: number) => void;
}

export interface ShutdownHandle {
  /** Resolves with the first signal received. */
  readonly requested: Promise<NodeJS.Signals>;
  /** Removes the handlers (call in `finally`, once the workers have stopped). */
  dispose(): void;
}

/**
 * Calls `shutdown` on the first signal; on the second, logs and exits with 128 + signal
 * number. A `shutdown` that throws or rejects is logged and ends the process with 1, since
 * a worker that cannot drain must not linger half-stopped.
 */
export function onShutdownSignal(
  shutdown: (signal: NodeJS.Signals) => void | Promise<void>,
  options: ShutdownOptions,
): ShutdownHandle {
  const { logger, signals = ['SIGINT', 'SIGTERM'], target = process, exit = (code) => process.exit(code) } = options;
  let first: NodeJS.Signals | undefined;
  let resolveRequested: (signal: NodeJS.Signals) => void = () => undefined;
  const requested = new Promise<NodeJS.Signals>((resolve) => {
    resolveRequested = resolve;
  });
  const listener = (signal: NodeJS.Signals): void => {
    if (first !== undefined) {
      logger.warn('second signal: exiting without waiting for the workers', { signal, first });
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    first = signal;
    logger.info('shutting down: draining workers (send the signal again to exit at once)', { signal });
    resolveRequested(signal);
    Promise.resolve()
      .then(() => shutdown(signal))
      .catch((error: unknown) => {
        logger.error('shutdown failed', { error });
        exit(1);
      });
  };
  for (const signal of signals) target.on(signal, listener);
  return {
    requested,
    dispose: () => {
      for (const signal of signals) target.off(signal, listener);
    },
  };
}
