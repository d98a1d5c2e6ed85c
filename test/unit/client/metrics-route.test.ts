/** The gateway's GET /metrics serves this process's registry, counters included, as Prometheus text. */
import Fastify from 'fastify';
import { metricsRoute } from '../../../client/gateway/metrics-route';
import { callbacks } from '../../../runtime/metrics';

test('GET /metrics answers the registry in the Prometheus text format with the counters moved', async () => {
  const app = Fastify();
  await app.register(metricsRoute);
  callbacks.inc({ product: 'css-live', outcome: 'rejected', reason: 'signature-expired' });
  // Over real HTTP: Fastify's inject() loads an ESM-only dependency that this Node and jest cannot require.
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const reply = await fetch(`${address}/metrics`);
  const body = await reply.text();
  await app.close();
  expect(reply.status).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(body).toContain(
    'recording_callbacks_total{product="css-live",outcome="rejected",reason="signature-expired"} 1',
  );
  expect(body).toContain('# TYPE recording_provider_call_duration_seconds histogram');
});
