/**
 * The gateway's HTTP server (node:http, no framework): the recordings API, the provider callback
 * receiver and /healthz. Every answer is JSON; unexpected errors are logged and answered 500
 * without detail.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type LogMetadata } from '@temporalio/common';
import { type RecordingsClient } from '../recordings/client';
import { errorReply } from './api/errors';
import { recordingRoutes } from './api/routes';
import { type CallbackReceiver } from './callbacks/receiver';
import { callbackRoutes, DEFAULT_CALLBACK_BODY_LIMIT } from './callbacks/routes';
import { BodyTooLargeError } from './http/read-body';
import { sendJson } from './http/respond';
import { matchRoute, type Reply, type Route } from './http/router';

export interface GatewayLogger {
  debug(message: string, meta?: LogMetadata): void;
  info(message: string, meta?: LogMetadata): void;
  warn(message: string, meta?: LogMetadata): void;
  error(message: string, meta?: LogMetadata): void;
}

export interface GatewayServerOptions {
  /** The API is served when given. */
  readonly recordings?: RecordingsClient;
  /** The callback endpoints are served when given. */
  readonly receiver?: CallbackReceiver;
  readonly logger: GatewayLogger;
  readonly apiBodyLimitBytes?: number;
  readonly callbackBodyLimitBytes?: number;
  /** Reported by /healthz; true by default. */
  readonly isHealthy?: () => boolean;
}

export interface GatewayServer {
  readonly server: Server;
  /** Starts listening; resolves with the bound port (0 picks a free one). */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

const DEFAULT_API_BODY_LIMIT = 1024 * 1024;

/** Builds the server; nothing listens until `listen`. */
export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const { logger } = options;
  const healthy = options.isHealthy ?? (() => true);
  const routes: Route[] = [
    {
      method: 'GET',
      path: '/healthz',
      handler: () =>
        Promise.resolve(
          healthy() ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'unavailable' } },
        ),
    },
    ...(options.recordings === undefined
      ? []
      : recordingRoutes(options.recordings, options.apiBodyLimitBytes ?? DEFAULT_API_BODY_LIMIT)),
    ...(options.receiver === undefined
      ? []
      : callbackRoutes(options.receiver, options.callbackBodyLimitBytes ?? DEFAULT_CALLBACK_BODY_LIMIT)),
  ];

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://gateway.invalid');
    const match = matchRoute(routes, method, url.pathname);
    let reply: Reply;
    let close = false;
    if (match.kind === 'not-found')
      reply = { status: 404, body: { error: { message: `no route for ${method} ${url.pathname}` } } };
    else if (match.kind === 'bad-path')
      reply = {
        status: 400,
        body: { error: { field: '(path)', rule: 'must be valid percent-encoding', message: 'bad path' } },
      };
    else if (match.kind === 'method-not-allowed')
      reply = {
        status: 405,
        body: { error: { message: `use ${match.allow.join(' or ')}` } },
        headers: { allow: match.allow.join(', ') },
      };
    else {
      try {
        reply = await match.handler({ request, params: match.params, query: url.searchParams });
      } catch (error) {
        const known = errorReply(error);
        // An unread (too large) body is still on the socket: do not reuse the connection.
        close = error instanceof BodyTooLargeError;
        if (known === undefined) logger.error('gateway request failed', { method, path: url.pathname, error });
        reply = known ?? { status: 500, body: { error: { message: 'internal error' } } };
      }
    }
    if (reply.status >= 500)
      logger.warn('gateway answered an error', { method, path: url.pathname, status: reply.status });
    sendJson(response, reply.status, reply.body, reply.headers, close);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error('gateway could not answer', { error });
      response.destroy();
    });
  });
  // Slow or stalled clients must not hold sockets for long (providers wait at most 5-20 s).
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return {
    server,
    listen: (port, host) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
