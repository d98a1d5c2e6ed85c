/** /readyz says which check failed: Temporal unreachable (naming the address), namespace missing, pollers not seen. */
import { checkReadiness, type ReadinessOptions } from '../../../worker/readiness';

const identity = '42@host payload-key=sha256:0123456789abcdef';

function fakeConnection(
  overrides: Partial<Record<'getSystemInfo' | 'describeNamespace' | 'describeTaskQueue', () => Promise<unknown>>> = {},
) {
  const service = {
    getSystemInfo: () => Promise.resolve({ serverVersion: '1.32.0' }),
    describeNamespace: () => Promise.resolve({}),
    describeTaskQueue: () => Promise.resolve({ pollers: [{ identity }] }),
    ...overrides,
  };
  return {
    workflowService: service as unknown as ReadinessOptions['connection']['workflowService'],
    withDeadline: <T>(_deadline: number | Date, fn: () => Promise<T>) => fn(),
  };
}

const options = (connection: ReturnType<typeof fakeConnection>, states = ['RUNNING', 'RUNNING']): ReadinessOptions => ({
  connection,
  address: 'temporal:7233',
  namespace: 'recordings-prod',
  taskQueue: 'recordings',
  identity,
  payloadKey: 'sha256:0123456789abcdef',
  workers: () => states.map((state) => ({ getState: () => state as never })),
});

test('ready when every check passes, with the fingerprint and identity in the body', async () => {
  const readiness = await checkReadiness(options(fakeConnection()));
  expect(readiness).toMatchObject({ ready: true, payloadKey: 'sha256:0123456789abcdef', identity });
});

test('Temporal unreachable: not ready, naming the address; the other Temporal checks are skipped', async () => {
  const readiness = await checkReadiness(
    options(fakeConnection({ getSystemInfo: () => Promise.reject(new Error('14 UNAVAILABLE: connect refused')) })),
  );
  expect(readiness.ready).toBe(false);
  expect(readiness.checks.temporal.detail).toContain('temporal:7233');
  expect(readiness.checks.namespace.ok).toBe(false);
  expect(readiness.checks.payloadKey.ok).toBe(true);
});

test('a missing namespace, stopped workers, or pollers the server has not seen are each reported', async () => {
  const noNamespace = await checkReadiness(
    options(fakeConnection({ describeNamespace: () => Promise.reject(new Error('5 NOT_FOUND: namespace not found')) })),
  );
  expect(noNamespace.checks.namespace).toEqual({
    ok: false,
    detail: expect.stringContaining('recordings-prod') as string,
  });
  const draining = await checkReadiness(options(fakeConnection(), ['RUNNING', 'DRAINING']));
  expect(draining.checks.pollers).toEqual({ ok: false, detail: 'workers not running: DRAINING' });
  const unseen = await checkReadiness(
    options(fakeConnection({ describeTaskQueue: () => Promise.resolve({ pollers: [{ identity: 'other' }] }) })),
  );
  expect(unseen.ready).toBe(false);
  expect(unseen.checks.pollers.detail).toContain('no poll of recordings from this worker');
});
