/**
 * The gateway's HTTP server on Fastify: the recordings API under /v1 (bearer auth, zod schemas,
 * OpenAPI at /v1/openapi.json, docs at /v1/docs), the provider callback receiver, /healthz and
 * /readyz. Every error answer has one shape: `{"error": {"code", "field", "rule", "message"}}`.
 *
 * Why Fastify: it is the Node framework whose route schemas are first class, so one set of zod
 * schemas (fastify-type-provider-zod) validates requests, types handlers and generates OpenAPI
 * (@fastify/swagger); it brings body limits, timeouts, encapsulated content-type parsers (the
 * API's JSON-only parser and the callbacks' raw bytes live side by side) and a kept-up HTTP layer,
 * which the hand-written node:http router, body reader and responder it replaces had to re-do.
 */
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { type LogMetadata } from '@temporalio/common';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifySchemaCompiler } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fromZodIssues } from '../recordings/errors';
import { type RecordingsClient } from '../recordings/client';
import { type ApiToken, createAuthenticator } from './api/auth';
import { ApiError, internalError, toApiError } from './api/errors';
import { parseJsonBody } from './api/json-body';
import { registerApiRoutes } from './api/routes';
import { type TemporalGuard } from './api/temporal-guard';
import { type CallbackReceiver } from './callbacks/receiver';
import { codecRoutes, type CodecRoutesOptions } from './codec-server';
import { metricsRoute } from './metrics-route';
import { DEFAULT_CALLBACK_BODY_LIMIT, registerCallbackRoutes } from './callbacks/routes';

export interface GatewayLogger {
  debug(message: string, meta?: LogMetadata): void;
  info(message: string, meta?: LogMetadata): void;
  warn(message: string, meta?: LogMetadata): void;
  error(message: string, meta?: LogMetadata): void;
}

export interface GatewayServerOptions {
  /** The API is served when given. */
  readonly recordings?: RecordingsClient;
  /** The API's bearer tokens; none: every API route answers 401. */
  readonly tokens?: readonly ApiToken[];
  /** Deadlines, the worker check and /readyz (absent: no deadline, no readyz; unit tests). */
  readonly guard?: TemporalGuard;
  /** The callback endpoints are served when given. */
  readonly receiver?: CallbackReceiver;
  readonly logger: GatewayLogger;
  readonly apiBodyLimitBytes?: number;
  readonly callbackBodyLimitBytes?: number;
  /** Reported by /healthz; true by default. */
  readonly isHealthy?: () => boolean;
  /** Serve GET /metrics (this process's Prometheus registry, runtime/metrics.ts). */
  readonly metrics?: boolean;
  /** Serve Temporal's remote codec protocol under /codec (its own bearer token and CORS). */
  readonly codec?: CodecRoutesOptions;
}

export interface GatewayServer {
  readonly server: Server;
  readonly app: FastifyInstance;
  /** Starts listening; resolves with the bound port (0 picks a free one). */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

const DEFAULT_API_BODY_LIMIT = 1024 * 1024;
const API_PREFIX = '/v1';
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** zod validation whose failure is the library's own error, so it names fields the same way. */
const zodValidator: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const parsed = schema.safeParse(data);
    return parsed.success ? { value: parsed.data } : { error: fromZodIssues(parsed.error.issues) };
  };

/** `/v1/recordings/:recordId/stop` as a regular expression over concrete paths (for 405). */
const patternOf = (url: string): RegExp =>
  new RegExp(
    `^${url
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/:[A-Za-z]+/g, '[^/]+')
      .replace(/\*/g, '.*')}$`,
  );

/** Builds the server; nothing listens until `listen`. */
export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  const { logger, guard } = options;
  const healthy = options.isHealthy ?? (() => true);
  const app = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    bodyLimit: options.apiBodyLimitBytes ?? DEFAULT_API_BODY_LIMIT,
    // Slow or stalled clients must not hold sockets for long (providers wait at most 5-20 s).
    requestTimeout: 30_000,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 256 },
  });
  app.server.headersTimeout = 10_000;
  app.setValidatorCompiler(zodValidator);
  // Answers are plain JSON; the schemas document them and the conformance run checks them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  const routes: { method: string; pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, pattern: patternOf(route.url) });
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('cache-control', 'no-store');
    done(null, payload);
  });

  const send = (reply: FastifyReply, error: ApiError) =>
    reply.code(error.status).headers(error.headers).type('application/json; charset=utf-8').send(error.body);

  app.setErrorHandler((error, request, reply) => {
    const known = toApiError(error);
    const path = request.url.split('?')[0];
    if (known === undefined) logger.error('gateway request failed', { method: request.method, path, error });
    const answer = known ?? internalError();
    if (answer.status >= 500) {
      logger.warn('gateway answered an error', {
        method: request.method,
        path,
        status: answer.status,
        code: answer.code,
      });
    }
    return send(reply, answer);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allow = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
    if (allow.length > 0) {
      return send(
        reply,
        new ApiError(405, 'method-not-allowed', '(method)', `must be ${allow.join(' or ')}`, undefined, {
          allow: allow.join(', '),
        }),
      );
    }
    return send(
      reply,
      new ApiError(404, 'not-found', '(path)', 'must name a route', `no route for ${request.method} ${path}`),
    );
  });

  app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Recording orchestrator API',
        version: '1',
        description:
          'Durable recordings on Tencent Cloud (TRTC, web, TIW, CSS, TRRO). Every /v1 route needs `Authorization: Bearer <token>` (read or write scope); /healthz, /readyz, /v1/openapi.json and /v1/docs are public.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    // Schemas with a .meta({ id }) become components, referenced from every route that uses them.
    transformObject: jsonSchemaTransformObject,
  });
  // Served from the package's own files: the docs page works with no network.
  app.register(fastifySwaggerUi, { routePrefix: `${API_PREFIX}/docs` });

  const publicAnswer = { security: [], tags: ['health'] };
  const health = z.strictObject({ status: z.enum(['ok', 'unavailable']) });
  const check = z.strictObject({ ok: z.boolean(), detail: z.string() });
  const readiness = z.strictObject({
    status: z.enum(['ready', 'not-ready']),
    checks: z.strictObject({ temporal: check, namespace: check, workers: check, payloadKey: check }),
  });
  app.register((root, _options, registered) => {
    root.get(
      '/healthz',
      { schema: { ...publicAnswer, summary: 'The process is up', response: { 200: health, 503: health } } },
      (_request, reply) => reply.code(healthy() ? 200 : 503).send({ status: healthy() ? 'ok' : 'unavailable' }),
    );
    if (guard !== undefined) {
      root.get(
        '/readyz',
        {
          schema: {
            ...publicAnswer,
            summary: 'Temporal reachable, namespace present, a worker polling with the same payload key',
            response: { 200: readiness, 503: readiness },
          },
        },
        async (_request, reply) => {
          const answer = await guard.readiness();
          return reply
            .code(answer.ready ? 200 : 503)
            .send({ status: answer.ready ? 'ready' : 'not-ready', checks: answer.checks });
        },
      );
    }
    root.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, (_request, reply) => reply.send(app.swagger()));
    registered();
  });

  if (options.metrics === true) app.register(metricsRoute);
  if (options.codec !== undefined) app.register(codecRoutes, { prefix: '/codec', ...options.codec });

  if (options.recordings !== undefined) {
    const recordings = options.recordings;
    const auth = createAuthenticator(options.tokens ?? []);
    app.register(
      (api, _options, registered) => {
        // JSON only: no other parser exists here, so any other type is 415 (form posts included).
        api.removeAllContentTypeParsers();
        api.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
          try {
            done(null, parseJsonBody(body as Buffer));
          } catch (error) {
            done(error as Error, undefined);
          }
        });
        // A body-taking route also refuses a request with no JSON type at all: an empty form post
        // skips every parser, and must not be taken for `{}`.
        api.addHook('preParsing', (request, _reply, payload, done) => {
          const type = request.headers['content-type'] ?? '';
          if (BODY_METHODS.has(request.method) && !/^application\/json\s*(;|$)/i.test(type)) {
            done(new ApiError(415, 'unsupported-media-type', 'content-type', 'must be application/json'));
            return;
          }
          done(null, payload);
        });
        registerApiRoutes(api, { recordings, auth, ...(guard === undefined ? {} : { guard }) });
        registered();
      },
      { prefix: API_PREFIX },
    );
  }

  if (options.receiver !== undefined) {
    const receiver = options.receiver;
    app.register((callbacks, _options, registered) => {
      registerCallbackRoutes(callbacks, receiver, options.callbackBodyLimitBytes ?? DEFAULT_CALLBACK_BODY_LIMIT);
      registered();
    });
  }

  return {
    server: app.server,
    app,
    listen: async (port, host) => {
      await app.listen({ port, host });
      return (app.server.address() as AddressInfo).port;
    },
    close: () => app.close(),
  };
}
