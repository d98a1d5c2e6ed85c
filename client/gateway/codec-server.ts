/**
 * Temporal's remote codec protocol over the project's payload codec (runtime/codec.ts), so the
 * Temporal UI (or `temporal workflow show --codec-endpoint`) shows an operator plaintext:
 * `POST <prefix>/decode` and `<prefix>/encode` with `{"payloads": [{metadata: {k: base64}, data: base64}]}`,
 * answered in the same shape. Bearer token required (compared in constant time); CORS for the
 * configured UI origins, preflight included. A Fastify plugin, mounted by the gateway or run alone.
 *
 *   npm run codec            # standalone: CODEC_HOST:CODEC_PORT, CODEC_AUTH_TOKEN required
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import { type Payload } from '@temporalio/common';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { EncryptionCodec, PayloadDecryptionError, type EncryptionKeyring } from '../../runtime/codec';
import { loadCodecConfig } from '../../runtime/config';
import { type Secret } from '../../runtime/redact';
import { configFromEnvironment, runMain } from '../../runtime/entrypoint';
import { createLogger, type JsonLogger } from '../../runtime/logger';
import { onShutdownSignal } from '../../runtime/shutdown';

export interface CodecRoutesOptions {
  readonly keys: EncryptionKeyring;
  /** The bearer token callers must send. */
  readonly token: Secret;
  /** Origins allowed by CORS (the Temporal UI's, e.g. `http://localhost:8233`). */
  readonly corsOrigins: readonly string[];
  /** Namespaces this codec serves (the `X-Namespace` header); any when absent. */
  readonly namespaces?: readonly string[];
}

/** At most this many payloads, this many bytes of body: a history page is far smaller. */
const MAX_PAYLOADS = 1_000;
export const CODEC_BODY_LIMIT = 8 * 1024 * 1024;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'must be base64' });
const bodySchema = z.strictObject({
  payloads: z
    .array(
      z.object({
        metadata: z.record(z.string(), base64).optional(),
        data: base64.optional(),
      }),
    )
    .max(MAX_PAYLOADS, { error: `must hold at most ${MAX_PAYLOADS} payloads` }),
});

type JsonPayload = z.infer<typeof bodySchema>['payloads'][number];

function fromJson(payload: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(payload.data ?? '', 'base64'),
  };
}

function toJson(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** True when `header` is `Bearer <token>`; equal-length digests keep the comparison constant-time. */
export function bearerMatches(header: string | undefined, token: Secret): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(token.reveal())) && match !== null;
}

const errorBody = (code: string, message: string, field?: string) => ({
  error: { code, ...(field === undefined ? {} : { field }), message },
});

/** The codec routes (`/decode`, `/encode`) under the prefix it is registered with. */
export const codecRoutes: FastifyPluginAsync<CodecRoutesOptions> = async (app, options) => {
  const codec = new EncryptionCodec(options.keys);
  // JSON only: Fastify's default text/plain parser would let a form-less text post through to validation.
  app.removeContentTypeParser('text/plain');
  await app.register(cors, {
    origin: [...options.corsOrigins],
    methods: ['POST', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'],
    credentials: true,
    maxAge: 600,
  });
  app.addHook('preHandler', async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, options.token)) {
      await reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send(errorBody('unauthorized', 'a valid bearer token is required'));
      return reply;
    }
    const namespace = request.headers['x-namespace'];
    if (
      options.namespaces !== undefined &&
      (typeof namespace !== 'string' || !options.namespaces.includes(namespace))
    ) {
      await reply.code(403).send(errorBody('forbidden', 'this codec does not serve that namespace', 'X-Namespace'));
      return reply;
    }
    return undefined;
  });
  for (const operation of ['decode', 'encode'] as const) {
    app.post(`/${operation}`, { bodyLimit: CODEC_BODY_LIMIT }, async (request, reply) => {
      const parsed = bodySchema.safeParse(request.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.map(String).join('.') || 'payloads';
        return reply.code(400).send(errorBody('invalid-body', issue?.message ?? 'invalid body', field));
      }
      try {
        const payloads = await codec[operation](parsed.data.payloads.map(fromJson));
        return { payloads: payloads.map(toJson) };
      } catch (error) {
        // A key this codec does not hold, or a tampered payload; never the key or the plaintext.
        if (error instanceof PayloadDecryptionError)
          return reply.code(422).send(errorBody('undecodable', error.message));
        throw error;
      }
    });
  }
};

/** A Fastify app with only the codec routes under `/codec` (the standalone server, and tests). */
export async function buildCodecApp(options: CodecRoutesOptions, logger?: JsonLogger): Promise<FastifyInstance> {
  const app: FastifyInstance =
    logger === undefined
      ? Fastify({ logger: false })
      : (Fastify({ loggerInstance: logger.pino }) as unknown as FastifyInstance);
  await app.register(codecRoutes, { ...options, prefix: '/codec' });
  return app;
}

async function main(): Promise<void> {
  const config = configFromEnvironment(loadCodecConfig);
  if (config === undefined) return;
  const logger = createLogger({ level: config.logLevel, fields: { service: 'codec' } });
  const token = config.codec.token;
  if (token === undefined) return;
  const app = await buildCodecApp(
    { keys: config.payloadKeys, token, corsOrigins: config.codec.corsOrigins, namespaces: [config.temporal.namespace] },
    logger,
  );
  await app.listen({ host: config.codec.host, port: config.codec.port });
  await new Promise<void>((resolve) => onShutdownSignal(() => resolve(), { logger }));
  await app.close();
}

if (require.main === module) runMain('codec', main);
