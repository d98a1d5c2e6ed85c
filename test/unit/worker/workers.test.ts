/** Running a set of workers: all drain together, and one failure stops the rest. */
import { type State } from '@temporalio/worker';
import { runWorkers, shutdownWorkers, type RunnableWorker } from '../../../worker/workers';

class FakeWorker implements RunnableWorker {
  state: State = 'INITIALIZED';
  private finish: (error?: Error) => void = () => undefined;

  getState(): State {
    return this.state;
  }

  run(): Promise<void> {
    this.state = 'RUNNING';
    return new Promise<void>((resolve, reject) => {
      this.finish = (error) => {
        this.state = error ? 'FAILED' : 'STOPPED';
        if (error) reject(error);
        else resolve();
      };
    });
  }

  shutdown(): void {
    if (this.state !== 'RUNNING') throw new Error('Not running'); // as the SDK does
    this.state = 'STOPPING';
    setImmediate(() => this.finish());
  }

  fail(error: Error): void {
    this.finish(error);
  }
}

test('shutdownWorkers drains the running workers and skips the others', async () => {
  const running = new FakeWorker();
  const idle = new FakeWorker();
  const run = running.run();
  shutdownWorkers([running, idle]);
  await run;
  expect(running.getState()).toBe('STOPPED');
  expect(idle.getState()).toBe('INITIALIZED');
});

test('runWorkers resolves once every worker has drained', async () => {
  const workers = [new FakeWorker(), new FakeWorker()];
  const done = runWorkers(workers);
  shutdownWorkers(workers);
  await expect(done).resolves.toBeUndefined();
  expect(workers.map((w) => w.getState())).toEqual(['STOPPED', 'STOPPED']);
});

test('one failing worker stops the others and its error is rethrown', async () => {
  const workers = [new FakeWorker(), new FakeWorker(), new FakeWorker()];
  const done = runWorkers(workers);
  workers[1]?.fail(new Error('poller died'));
  await expect(done).rejects.toThrow('poller died');
  expect(workers.map((w) => w.getState())).toEqual(['STOPPED', 'FAILED', 'STOPPED']);
});

test('runWorkers refuses an empty list', async () => {
  await expect(runWorkers([])).rejects.toThrow('no workers to run');
});
