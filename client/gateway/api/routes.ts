/**
 * The recordings API under `/v1`: one route per library operation, each with zod schemas for
 * its path, query, body and answers. The same schemas validate requests (a failure names the
 * field and the rule), type the handlers and generate the OpenAPI document (openapi.ts).
 * The library checks the product parameters and times itself; nothing here reaches Temporal
 * before every check has passed.
 */
import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type RecordingsClient } from '../../recordings/client';
import { isStopped } from '../../recordings/closure';
import { extendSchema, requestedBySchema } from '../../recordings/control-inputs';
import { RECORDING_STATES } from '../../recordings/list';
import { scheduleCreateSchema, scheduleIdSchema } from '../../recordings/schedules';
import { recordIdSchema, recordingSpecSchema } from '../../recordings/spec';
import { PRODUCTS } from '../../../domain/catalog';
import { trtcCloudModifySchema } from '../../../recorders/trtc-cloud/params';
import { type Authenticator, type Scope } from './auth';
import { errorBodySchema } from './errors';
import { type TemporalGuard } from './temporal-guard';

export interface ApiRouteDeps {
  readonly recordings: RecordingsClient;
  readonly auth: Authenticator;
  /** Deadlines and the worker check; absent in unit tests over a stub Temporal client. */
  readonly guard?: TemporalGuard;
}

const count = z
  .string()
  .regex(/^([1-9]\d{0,2}|1000)$/, { error: 'must be an integer in [1, 1000]' })
  .transform(Number);
const listQuery = z.strictObject({
  product: z.enum(PRODUCTS, { error: `must be one of ${PRODUCTS.join(', ')}` }).optional(),
  state: z.enum(RECORDING_STATES, { error: `must be one of ${RECORDING_STATES.join(', ')}` }).optional(),
  limit: count.optional(),
});
const noQuery = z.strictObject({});
const emptyBody = z.strictObject({}, { error: 'must be an empty JSON object' });
const stopBody = z.strictObject({
  /** true: wait for the provider task to stop (needs a running worker) and answer the status. */
  wait: z.boolean({ error: 'must be true or false' }).optional(),
  requestedBy: requestedBySchema.optional(),
});
const noteBody = z.strictObject({
  note: z.string({ error: 'must be a string' }).max(500, { error: 'must be at most 500 characters' }).optional(),
});
const recordParams = z.strictObject({ recordId: recordIdSchema });
const scheduleParams = z.strictObject({ scheduleId: scheduleIdSchema });

/** A recording's status (workflows/types.ts RecordingStatus); fields beyond these may be added. */
const statusSchema = z
  .looseObject({ recordId: z.string(), product: z.string(), state: z.string() })
  .meta({ id: 'RecordingStatus' });
const resultSchema = z
  .looseObject({ recordId: z.string(), product: z.string(), state: z.string(), endReason: z.string() })
  .meta({ id: 'RecordingResult' });
const startedSchema = z.strictObject({ recordId: z.string(), workflowId: z.string() }).meta({ id: 'StartedRecording' });
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  413: errorBodySchema,
  415: errorBodySchema,
  500: errorBodySchema,
  503: errorBodySchema,
};

/** Untrusted JSON already checked by the route schema, handed to a library call that checks it again. */
const validatedByLibrary = <T>(value: unknown): T => value as T;
/** A library answer as its documented shape (the loose schemas above name its stable fields). */
const documented = <T>(value: unknown): T => value as T;
type Status = z.output<typeof statusSchema>;

/** The API routes on `app` (a /v1-prefixed, JSON-only context; see server.ts). */
export function registerApiRoutes(parent: FastifyInstance, deps: ApiRouteDeps): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { recordings, auth, guard } = deps;
  // A promise, so a refusal thrown here becomes the 401/403 answer.
  const scope = (needed: Scope) => (request: FastifyRequest) =>
    Promise.resolve().then(() => auth.authorize(request.headers.authorization, needed));
  // OpenAPI bearer schemes take no scopes; the summary says which one a route needs.
  const read = { onRequest: scope('read'), security: [{ bearer: [] }] };
  const write = { onRequest: scope('write'), security: [{ bearer: [] }] };
  /** Temporal under a deadline; `worker`: the call needs a worker (a query or an update) or starts work for one. */
  const temporal = async <T>(fn: () => Promise<T>, options: { worker: boolean }): Promise<T> => {
    if (guard === undefined) return fn();
    if (options.worker) await guard.requireWorker();
    return guard.call(fn);
  };

  app.route({
    method: 'POST',
    url: '/recordings',
    onRequest: write.onRequest,
    schema: {
      summary: 'Start a recording (idempotent on recordId)',
      description:
        '202 when this call started it; 200 when the recordId already names a recording with the same spec; 409 naming the first differing field when the spec differs.',
      tags: ['recordings'],
      security: write.security,
      querystring: noQuery,
      body: recordingSpecSchema,
      response: { 200: startedSchema, 202: startedSchema, ...errors },
    },
    handler: async (request, reply) => {
      const started = await temporal(() => recordings.startRecording(validatedByLibrary(request.body)), {
        worker: true,
      });
      return reply.code(started.existing === true ? 200 : 202).send({
        recordId: started.recordId,
        workflowId: started.workflowId,
      });
    },
  });

  app.route({
    method: 'GET',
    url: '/recordings',
    onRequest: read.onRequest,
    schema: {
      summary: 'List recordings (visibility)',
      tags: ['recordings'],
      security: read.security,
      querystring: listQuery,
      response: { 200: z.strictObject({ recordings: z.array(z.looseObject({ recordId: z.string() })) }), ...errors },
    },
    handler: async (request) => ({
      recordings: documented<{ recordId: string }[]>(
        await temporal(() => recordings.list(request.query), { worker: false }),
      ),
    }),
  });

  app.route({
    method: 'GET',
    url: '/recordings/:recordId',
    onRequest: read.onRequest,
    schema: {
      summary: "A recording's status",
      tags: ['recordings'],
      security: read.security,
      params: recordParams,
      querystring: noQuery,
      response: { 200: statusSchema, ...errors },
    },
    handler: async (request) =>
      documented<Status>(await temporal(() => recordings.status(request.params.recordId), { worker: true })),
  });

  app.route({
    method: 'GET',
    url: '/recordings/:recordId/result',
    onRequest: read.onRequest,
    schema: {
      summary: 'The final result, or finished: false while it runs (never blocks)',
      tags: ['recordings'],
      security: read.security,
      params: recordParams,
      querystring: noQuery,
      response: {
        200: z.union([
          z.strictObject({ finished: z.literal(false) }),
          z.strictObject({ finished: z.literal(true), result: resultSchema }),
        ]),
        ...errors,
      },
    },
    handler: async (request) => {
      const result = await temporal(() => recordings.result(request.params.recordId, { wait: false }), {
        worker: false,
      });
      return result === undefined
        ? { finished: false as const }
        : { finished: true as const, result: documented<z.output<typeof resultSchema>>(result) };
    },
  });

  app.route({
    method: 'POST',
    url: '/recordings/:recordId/stop',
    onRequest: write.onRequest,
    schema: {
      summary: 'Stop: a durable signal (202), or with wait: true an update that answers once the task stopped',
      tags: ['recordings'],
      security: write.security,
      params: recordParams,
      querystring: noQuery,
      body: stopBody,
      response: {
        200: z.strictObject({ stopped: z.boolean(), status: statusSchema }),
        202: z.strictObject({ accepted: z.literal(true) }),
        ...errors,
      },
    },
    handler: async (request, reply) => {
      const { wait, requestedBy } = request.body;
      const options = requestedBy === undefined ? {} : { requestedBy };
      const { recordId } = request.params;
      if (wait === true) {
        const status = await temporal(() => recordings.stop(recordId, { ...options, wait: true }), { worker: true });
        // Only when nothing may bill any more: a failed stop, or an orphan the reaper could not stop, says false.
        return reply.code(200).send({ stopped: isStopped(status), status: documented<Status>(status) });
      }
      // A signal is durable with every worker down (invariant 3): no worker check.
      await temporal(() => recordings.stop(recordId, options), { worker: false });
      return reply.code(202).send({ accepted: true as const });
    },
  });

  for (const operation of ['pause', 'resume'] as const) {
    app.route({
      method: 'POST',
      url: `/recordings/:recordId/${operation}`,
      onRequest: write.onRequest,
      schema: {
        summary: `${operation === 'pause' ? 'Pause' : 'Resume'} (tiw-online only)`,
        tags: ['recordings'],
        security: write.security,
        params: recordParams,
        querystring: noQuery,
        body: emptyBody,
        response: { 200: statusSchema, ...errors },
      },
      handler: async (request) =>
        documented<Status>(await temporal(() => recordings[operation](request.params.recordId), { worker: true })),
    });
  }

  app.route({
    method: 'POST',
    url: '/recordings/:recordId/modify',
    onRequest: write.onRequest,
    schema: {
      summary: 'Replace the mixed layout and/or subscriptions (trtc-cloud only)',
      tags: ['recordings'],
      security: write.security,
      params: recordParams,
      querystring: noQuery,
      body: trtcCloudModifySchema,
      response: { 200: z.strictObject({ desired: z.record(z.string(), z.unknown()) }), ...errors },
    },
    handler: async (request) => ({
      desired: await temporal(() => recordings.modify(request.params.recordId, request.body), { worker: true }),
    }),
  });

  app.route({
    method: 'POST',
    url: '/recordings/:recordId/extend',
    onRequest: write.onRequest,
    schema: {
      summary: 'Move the scheduled end and/or the maximum duration (null clears one)',
      tags: ['recordings'],
      security: write.security,
      params: recordParams,
      querystring: noQuery,
      body: extendSchema,
      response: { 200: statusSchema, ...errors },
    },
    handler: async (request) =>
      documented<Status>(
        await temporal(() => recordings.extend(request.params.recordId, validatedByLibrary(request.body)), {
          worker: true,
        }),
      ),
  });

  app.route({
    method: 'POST',
    url: '/schedules',
    onRequest: write.onRequest,
    schema: {
      summary: 'Create a recurring recording (a Temporal Schedule)',
      tags: ['schedules'],
      security: write.security,
      querystring: noQuery,
      body: scheduleCreateSchema,
      response: { 201: z.strictObject({ scheduleId: z.string() }), ...errors },
    },
    handler: async (request, reply) => {
      const created = await temporal(() => recordings.schedules.create(validatedByLibrary(request.body)), {
        worker: false,
      });
      return reply.code(201).send({ scheduleId: created.scheduleId });
    },
  });

  app.route({
    method: 'GET',
    url: '/schedules',
    onRequest: read.onRequest,
    schema: {
      summary: 'List recording schedules',
      tags: ['schedules'],
      security: read.security,
      querystring: noQuery,
      response: { 200: z.strictObject({ schedules: z.array(z.looseObject({ scheduleId: z.string() })) }), ...errors },
    },
    handler: async () => ({
      schedules: documented<{ scheduleId: string }[]>(
        await temporal(() => recordings.schedules.list(), { worker: false }),
      ),
    }),
  });

  for (const operation of ['pause', 'unpause'] as const) {
    app.route({
      method: 'POST',
      url: `/schedules/:scheduleId/${operation}`,
      onRequest: write.onRequest,
      schema: {
        summary: `${operation === 'pause' ? 'Pause' : 'Unpause'} a schedule`,
        tags: ['schedules'],
        security: write.security,
        params: scheduleParams,
        querystring: noQuery,
        body: noteBody,
        response: { 200: z.strictObject({ paused: z.boolean() }), ...errors },
      },
      handler: async (request) => {
        await temporal(() => recordings.schedules[operation](request.params.scheduleId, request.body.note), {
          worker: false,
        });
        return { paused: operation === 'pause' };
      },
    });
  }

  app.route({
    method: 'DELETE',
    url: '/schedules/:scheduleId',
    onRequest: write.onRequest,
    schema: {
      summary: 'Delete a schedule (recordings it started go on)',
      tags: ['schedules'],
      security: write.security,
      params: scheduleParams,
      querystring: noQuery,
      response: { 200: z.strictObject({ deleted: z.literal(true) }), ...errors },
    },
    handler: async (request) => {
      await temporal(() => recordings.schedules.delete(request.params.scheduleId), { worker: false });
      return { deleted: true as const };
    },
  });
}
