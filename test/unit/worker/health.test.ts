/** The health endpoint says only ok or unavailable, and only at GET /healthz. */
import { startHealthServer } from '../../../worker/health';

test('the health endpoint answers 200 while healthy, 503 otherwise, 404 elsewhere', async () => {
  let healthy = true;
  const server = await startHealthServer({ host: '127.0.0.1', port: 0, isHealthy: () => healthy });
  try {
    const url = `http://127.0.0.1:${server.port}`;
    const ok = await fetch(`${url}/healthz`);
    expect([ok.status, await ok.json()]).toEqual([200, { status: 'ok' }]);
    healthy = false;
    const down = await fetch(`${url}/healthz?verbose=1`);
    expect([down.status, await down.json()]).toEqual([503, { status: 'unavailable' }]);
    expect((await fetch(`${url}/metrics`)).status).toBe(404);
    expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(404);
  } finally {
    await server.close();
  }
});
