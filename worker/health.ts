/**
 * The worker's small HTTP port for operations: GET /healthz (process up), /readyz (can do work),
 * /metrics (Prometheus) and /throttles (counts). node:http on purpose: four fixed GET routes, no bodies.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type MetricsScrape } from '../runtime/metrics';
import { type Readiness } from './readiness';
import { type ThrottleSnapshot } from './throttles';

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export interface HealthServerOptions {
  readonly host: string;
  readonly port: number;
  /** Liveness: the process and its workers are up (GET /healthz: 200 or 503). */
  readonly isHealthy: () => boolean;
  /** Readiness (GET /readyz: 200 when ready, 503 otherwise, with each check's verdict). */
  readonly readiness?: () => Promise<Readiness>;
  /** Prometheus text (GET /metrics). */
  readonly metrics?: () => Promise<MetricsScrape>;
  readonly throttles?: () => ThrottleSnapshot;
}

/** Serves the routes it was given; anything else is 404. It reveals nothing but what they return. */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const json = (status: number, body: unknown) => ({
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  async function answer(path: string): Promise<{ status: number; headers?: Record<string, string>; body?: string }> {
    if (path === '/healthz') {
      const healthy = options.isHealthy();
      return json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable' });
    }
    if (path === '/readyz' && options.readiness !== undefined) {
      const readiness = await options.readiness();
      return json(readiness.ready ? 200 : 503, readiness);
    }
    if (path === '/metrics' && options.metrics !== undefined) {
      const scrape = await options.metrics();
      return { status: 200, headers: { 'content-type': scrape.contentType }, body: scrape.body };
    }
    if (path === '/throttles' && options.throttles !== undefined) return json(200, options.throttles());
    return { status: 404 };
  }
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (request.method !== 'GET') {
      response.writeHead(404).end();
      return;
    }
    answer(path).then(
      ({ status, headers, body }) => response.writeHead(status, headers).end(body),
      () => response.writeHead(500, { 'content-type': 'application/json' }).end('{"status":"error"}'),
    );
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
