/** A tiny HTTP health endpoint for container orchestration: GET /healthz → 200 or 503; GET /throttles → counts. */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type ThrottleSnapshot } from './throttles';

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `{"status":"ok"}` while `isHealthy()` holds, `{"status":"unavailable"}` with 503
 * otherwise, and the throttle counts (worker/throttles.ts) on GET /throttles when given;
 * anything else is 404. It reveals nothing else.
 */
export async function startHealthServer(options: {
  host: string;
  port: number;
  isHealthy: () => boolean;
  throttles?: () => ThrottleSnapshot;
}): Promise<HealthServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method === 'GET' && path === '/throttles' && options.throttles !== undefined) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(options.throttles()));
      return;
    }
    if (request.method !== 'GET' || path !== '/healthz') {
      response.writeHead(404).end();
      return;
    }
    const healthy = options.isHealthy();
    response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: healthy ? 'ok' : 'unavailable' }));
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
