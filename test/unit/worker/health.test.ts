/** The health endpoint says only ok or unavailable at GET /healthz, and the throttle counts at GET /throttles. */
import { startHealthServer } from '../../../worker/health';
import { ThrottleCounter } from '../../../worker/throttles';

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

test('GET /throttles serves the throttle counts when given, and is 404 otherwise', async () => {
  const counter = new ThrottleCounter();
  const server = await startHealthServer({
    host: '127.0.0.1',
    port: 0,
    isHealthy: () => true,
    throttles: () => counter.snapshot(),
  });
  const bare = await startHealthServer({ host: '127.0.0.1', port: 0, isHealthy: () => true });
  try {
    const read = async () => (await fetch(`http://127.0.0.1:${server.port}/throttles`)).json();
    expect(await read()).toEqual({ total: 0, byApi: {} });
    counter.record({ service: 'trtc', action: 'StartWebRecord', code: 'RequestLimitExceeded', attempt: 1 });
    counter.record({ service: 'trtc', action: 'StartWebRecord', code: 'RequestLimitExceeded', attempt: 2 });
    counter.record({ service: 'live', action: 'CreateLiveRecord', code: 'CloudHttpStatusError', attempt: 1 });
    expect(await read()).toEqual({ total: 3, byApi: { 'live.CreateLiveRecord': 1, 'trtc.StartWebRecord': 2 } });
    expect((await fetch(`http://127.0.0.1:${bare.port}/throttles`)).status).toBe(404);
  } finally {
    await server.close();
    await bare.close();
  }
});
