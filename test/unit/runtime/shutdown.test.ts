/** Signals are handled once: the first drains, the second exits at once; failures exit 1. */
import { EventEmitter } from 'node:events';
import { onShutdownSignal, type SignalTarget } from '../../../runtime/shutdown';

const silent = {
  log: jest.fn(),
  trace: jest.fn(),
  debug: jest.fn(),
  info: jest.fn(),
  warn: jest.fn(),
  error: jest.fn(),
};

function setup(shutdown: () => void | Promise<void>) {
  const emitter = new EventEmitter();
  const target = emitter as unknown as SignalTarget;
  const exit = jest.fn<void, [number]>();
  const handle = onShutdownSignal(shutdown, { logger: silent, target, exit });
  return { emitter, exit, handle };
}

test('the first signal calls shutdown once and resolves `requested`', async () => {
  const shutdown = jest.fn();
  const { emitter, exit, handle } = setup(shutdown);
  emitter.emit('SIGTERM', 'SIGTERM');
  await expect(handle.requested).resolves.toBe('SIGTERM');
  await Promise.resolve();
  expect(shutdown).toHaveBeenCalledTimes(1);
  expect(exit).not.toHaveBeenCalled();
});

test('a second signal exits at once with 128 + its number', async () => {
  const shutdown = jest.fn(() => new Promise<void>(() => undefined)); // never finishes draining
  const { emitter, exit, handle } = setup(shutdown);
  emitter.emit('SIGINT', 'SIGINT');
  await handle.requested;
  emitter.emit('SIGINT', 'SIGINT');
  expect(exit).toHaveBeenCalledWith(130);
  emitter.emit('SIGTERM', 'SIGTERM');
  expect(exit).toHaveBeenLastCalledWith(143);
  expect(shutdown).toHaveBeenCalledTimes(1);
});

test('a shutdown that fails is logged and exits with 1', async () => {
  const { emitter, exit } = setup(() => Promise.reject(new Error('drain failed')));
  emitter.emit('SIGTERM', 'SIGTERM');
  await new Promise((resolve) => setImmediate(resolve));
  expect(exit).toHaveBeenCalledWith(1);
  const [message, meta] = silent.error.mock.calls[0] as [string, { error: Error }];
  expect(message).toBe('shutdown failed');
  expect(meta.error.message).toBe('drain failed');
});

test('dispose removes the handlers', () => {
  const { emitter, handle } = setup(jest.fn());
  expect(emitter.listenerCount('SIGTERM')).toBe(1);
  handle.dispose();
  expect(emitter.listenerCount('SIGTERM')).toBe(0);
  expect(emitter.listenerCount('SIGINT')).toBe(0);
});
