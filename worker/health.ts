/** A tiny HTTP health endpoint for container orchestration: GET /healthz → 200 or 503. */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves `{"status":"ok"}` while `isHealthy()` holds, `{"status":"unavailable"}` with 503
 * otherwise; anything but GET /healthz is 404. It reveals nothing else.
 */
export async function startHealthServer(options: {
  host: string;
  port: number;
  isHealthy: () => boolean;
}): Promise<HealthServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
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
