/**
 * The JSON API over the recordings library. The library validates recordings, changes and ids
 * (zod + recorders); this layer validates what only HTTP has: query strings and body shapes.
 */
import { z } from 'zod';
import { parseFields } from '../../recordings/errors';
import { type RecordingsClient } from '../../recordings/client';
import { isStopped } from '../../recordings/closure';
import { type RequestContext, type Route } from '../http/router';
import { parseQuery, readJsonBody } from './request';

const count = z
  .string()
  .regex(/^\d{1,4}$/, { error: 'must be an integer in [1, 1000]' })
  .transform(Number);
const listQuerySchema = z.strictObject({
  product: z.string().optional(),
  state: z.string().optional(),
  limit: count.optional(),
});
const noQuery = z.strictObject({});
const emptyBody = z.strictObject({}, { error: 'must be an empty JSON object' });
const stopBody = z.strictObject({
  /** true: wait for the provider task to stop (needs a running worker) and answer the status. */
  wait: z.boolean({ error: 'must be true or false' }).optional(),
  requestedBy: z.string({ error: 'must be a string' }).optional(),
});
const noteBody = z.strictObject({
  note: z.string({ error: 'must be a string' }).max(500, { error: 'must be at most 500 characters' }).optional(),
});

const param = (ctx: RequestContext, name: string): string => ctx.params[name] ?? '';

/** Untrusted JSON handed to a library call that validates every field itself (zod + recorders). */
const validatedByLibrary = <T>(value: unknown): T => value as T;
const okJson = (body: unknown, status = 200) => ({ status, body });

/** Every API route; `bodyLimitBytes` bounds each request body. */
export function recordingRoutes(recordings: RecordingsClient, bodyLimitBytes: number): Route[] {
  const body = (ctx: RequestContext) => readJsonBody(ctx.request, bodyLimitBytes);
  return [
    {
      method: 'POST',
      path: '/recordings',
      // 202: the lifecycle runs on; idempotent on recordId (a repeat answers the same recording).
      handler: async (ctx) => {
        parseQuery(ctx.query, noQuery);
        return okJson(await recordings.startRecording(validatedByLibrary(await body(ctx))), 202);
      },
    },
    {
      method: 'GET',
      path: '/recordings',
      handler: async (ctx) =>
        okJson({ recordings: await recordings.list(validatedByLibrary(parseQuery(ctx.query, listQuerySchema))) }),
    },
    {
      method: 'GET',
      path: '/recordings/:recordId',
      handler: async (ctx) => {
        parseQuery(ctx.query, noQuery);
        return okJson(await recordings.status(param(ctx, 'recordId')));
      },
    },
    {
      method: 'GET',
      path: '/recordings/:recordId/result',
      // Never blocks: `finished: false` while the recording runs.
      handler: async (ctx) => {
        parseQuery(ctx.query, noQuery);
        const result = await recordings.result(param(ctx, 'recordId'), { wait: false });
        return okJson(result === undefined ? { finished: false } : { finished: true, result });
      },
    },
    {
      method: 'POST',
      path: '/recordings/:recordId/stop',
      handler: async (ctx) => {
        const { wait, requestedBy } = parseFields(stopBody, await body(ctx));
        const options = { ...(requestedBy === undefined ? {} : { requestedBy }) };
        if (wait === true) {
          const status = await recordings.stop(param(ctx, 'recordId'), { ...options, wait: true });
          // Only when nothing may bill any more: a failed stop, or an orphan the reaper could not stop, says false.
          return okJson({ stopped: isStopped(status), status });
        }
        await recordings.stop(param(ctx, 'recordId'), options);
        return okJson({ accepted: true }, 202);
      },
    },
    {
      method: 'POST',
      path: '/recordings/:recordId/pause',
      handler: async (ctx) => {
        parseFields(emptyBody, await body(ctx));
        return okJson(await recordings.pause(param(ctx, 'recordId')));
      },
    },
    {
      method: 'POST',
      path: '/recordings/:recordId/resume',
      handler: async (ctx) => {
        parseFields(emptyBody, await body(ctx));
        return okJson(await recordings.resume(param(ctx, 'recordId')));
      },
    },
    {
      method: 'POST',
      path: '/recordings/:recordId/modify',
      handler: async (ctx) => okJson({ desired: await recordings.modify(param(ctx, 'recordId'), await body(ctx)) }),
    },
    {
      method: 'POST',
      path: '/recordings/:recordId/extend',
      handler: async (ctx) =>
        okJson(await recordings.extend(param(ctx, 'recordId'), validatedByLibrary(await body(ctx)))),
    },
    {
      method: 'POST',
      path: '/schedules',
      handler: async (ctx) => okJson(await recordings.schedules.create(validatedByLibrary(await body(ctx))), 201),
    },
    {
      method: 'GET',
      path: '/schedules',
      handler: async (ctx) => {
        parseQuery(ctx.query, noQuery);
        return okJson({ schedules: await recordings.schedules.list() });
      },
    },
    {
      method: 'POST',
      path: '/schedules/:scheduleId/pause',
      handler: async (ctx) => {
        const { note } = parseFields(noteBody, await body(ctx));
        await recordings.schedules.pause(param(ctx, 'scheduleId'), note);
        return okJson({ paused: true });
      },
    },
    {
      method: 'POST',
      path: '/schedules/:scheduleId/unpause',
      handler: async (ctx) => {
        const { note } = parseFields(noteBody, await body(ctx));
        await recordings.schedules.unpause(param(ctx, 'scheduleId'), note);
        return okJson({ paused: false });
      },
    },
    {
      method: 'DELETE',
      path: '/schedules/:scheduleId',
      handler: async (ctx) => {
        await recordings.schedules.delete(param(ctx, 'scheduleId'));
        return okJson({ deleted: true });
      },
    },
  ];
}
