// The payload key id a worker publishes in its poller identity, read back as the gateway reads it.
import { payloadKeyIdOf, workerIdentity } from '../../../runtime/worker-identity';

it("publishes the key id after Temporal's default pid@host identity and reads it back", () => {
  const identity = workerIdentity('sha256:0123456789abcdef', 42, 'worker-a');
  expect(identity).toBe('42@worker-a payload-key=sha256:0123456789abcdef');
  expect(payloadKeyIdOf(identity)).toBe('sha256:0123456789abcdef');
});

it('reads no key id from a worker that publishes none', () => {
  expect(payloadKeyIdOf('42@worker-a')).toBeUndefined();
  expect(payloadKeyIdOf('42@worker-a payload-key=')).toBeUndefined();
});
