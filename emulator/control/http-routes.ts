/** The control API over HTTP under `/_emulator/`: zod-checked JSON in, JSON out, one route per control method. */
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { PRODUCTS } from '../catalog';
import { type EmulatorControl } from './emulator-control';
import { faultRuleSchema } from './faults';

/** Path prefix of the control API; everything else on the port is the Tencent Cloud API. */
export const CONTROL_PREFIX = '/_emulator/';

const product = z.enum(PRODUCTS);
const room = z.strictObject({ sdkAppId: z.int().positive(), roomId: z.union([z.string().min(1), z.int()]) });
const member = room.extend({ userId: z.string().min(1), audio: z.boolean().optional(), video: z.boolean().optional() });
const device = z.strictObject({ projectId: z.string().min(1), deviceId: z.string().min(1) });
const stream = z.strictObject({ domain: z.string().optional(), app: z.string().optional(), stream: z.string().min(1) });
const advance = z.strictObject({ ms: z.number().min(0).optional(), seconds: z.number().min(0).optional() });
const skew = z.strictObject({ ms: z.number() });
const clockMode = z.strictObject({
  mode: z.enum(['real', 'accelerated', 'manual']),
  factor: z.number().positive().optional(),
});
const target = z.strictObject({
  product,
  url: z.string().optional(),
  key: z.string().max(64).optional(),
  scope: z.string().optional(),
});
const endTask = z.strictObject({ reason: z.string().optional() });
const flush = z.strictObject({ timeoutMs: z.int().min(0).max(60_000).optional() });

type Route = (control: EmulatorControl, body: unknown, query: URLSearchParams, params: string[]) => unknown;

function boolParam(value: string | null): boolean | undefined {
  return value === null ? undefined : value === 'true';
}

function identityFromQuery(q: URLSearchParams): Record<string, string | number> {
  const identity: Record<string, string | number> = {};
  for (const key of ['recordId', 'userId', 'recordUserId', 'roomId', 'streamName', 'projectId', 'deviceId']) {
    const value = q.get(key);
    if (value !== null) identity[key] = value;
  }
  const sdkAppId = q.get('sdkAppId');
  if (sdkAppId !== null) identity.sdkAppId = Number(sdkAppId);
  return identity;
}

/** `METHOD path-pattern` → handler; `:x` segments become params. */
const routes: Record<string, Route> = {
  'GET health': (c) => ({ ok: true, now: c.now() }),
  'GET state': (c) => ({
    now: c.now(),
    tasks: c.tasks(),
    rooms: c.rooms(),
    streams: c.streams(),
    faults: c.faults(),
    callbacks: c.callbacks(),
  }),
  'GET tasks': (c, _b, q) => {
    const p = q.get('product');
    const running = boolParam(q.get('running'));
    return c.tasks({
      ...(p !== null ? { product: product.parse(p) } : {}),
      ...(running !== undefined ? { running } : {}),
      identity: identityFromQuery(q),
    });
  },
  'GET tasks/:product/:taskId': (c, _b, _q, [p = '', id = '']) => c.task(product.parse(p), id) ?? null,
  'POST tasks/:product/:taskId/end': (c, b, _q, [p = '', id = '']) => ({
    ended: c.endTask(product.parse(p), id, endTask.parse(b).reason),
  }),
  'GET calls': (c, _b, q) =>
    c.calls({
      ...(q.get('service') !== null ? { service: q.get('service') ?? '' } : {}),
      ...(q.get('action') !== null ? { action: q.get('action') ?? '' } : {}),
      ...(q.get('product') !== null ? { product: product.parse(q.get('product')) } : {}),
      ...(q.get('taskId') !== null ? { taskId: q.get('taskId') ?? '' } : {}),
    }),
  'GET rooms': (c) => c.rooms(),
  'POST rooms/join': (c, b) => {
    const m = member.parse(b);
    c.joinRoom(m, m.userId, {
      ...(m.audio !== undefined ? { audio: m.audio } : {}),
      ...(m.video !== undefined ? { video: m.video } : {}),
    });
    return { ok: true };
  },
  'POST rooms/leave': (c, b) => ({ ok: c.leaveRoom(member.parse(b), member.parse(b).userId) }),
  'POST rooms/publish': (c, b) => {
    const m = member.parse(b);
    return {
      ok: c.publish(m, m.userId, {
        ...(m.audio !== undefined ? { audio: m.audio } : {}),
        ...(m.video !== undefined ? { video: m.video } : {}),
      }),
    };
  },
  'POST rooms/board': (c, b) => (c.boardActivity(room.parse(b)), { ok: true }),
  'POST rooms/dismiss': (c, b) => ({ ok: c.dismissRoom(room.parse(b)) }),
  'POST devices/online': (c, b) => (c.deviceOnline(device.parse(b).projectId, device.parse(b).deviceId), { ok: true }),
  'POST devices/offline': (c, b) => ({ ok: c.deviceOffline(device.parse(b).projectId, device.parse(b).deviceId) }),
  'GET streams': (c) => c.streams(),
  'POST streams/push': (c, b) => c.pushStream(stream.parse(b)),
  'POST streams/stop': (c, b) => ({ ok: c.stopStream(stream.parse(b)) }),
  'GET clock': (c) => ({ now: c.now() }),
  'POST clock/advance': (c, b) => {
    const a = advance.parse(b);
    return { fired: c.advance((a.ms ?? 0) + (a.seconds ?? 0) * 1000), now: c.now() };
  },
  'POST clock/mode': (c, b) => {
    const m = clockMode.parse(b);
    c.setClockMode(m.mode, m.factor);
    return { now: c.now() };
  },
  'POST clock/skew': (c, b) => (c.skewSignatureClock(skew.parse(b).ms), { ok: true }),
  'GET faults': (c) => c.faults(),
  'POST faults': (c, b) => c.addFault(faultRuleSchema.parse(b)),
  'DELETE faults': (c) => (c.clearFaults(), { ok: true }),
  'DELETE faults/:id': (c, _b, _q, [id = '']) => ({ ok: c.removeFault(id) }),
  'GET callbacks': (c, _b, q) =>
    c.callbacks(q.get('product') !== null ? { product: product.parse(q.get('product')) } : {}),
  'GET callbacks/targets': (c) => c.callbackTargets(),
  'POST callbacks/targets': (c, b) => {
    const t = target.parse(b);
    c.setCallbackTarget(
      t.product,
      { ...(t.url !== undefined ? { url: t.url } : {}), ...(t.key !== undefined ? { key: t.key } : {}) },
      t.scope,
    );
    return { ok: true };
  },
  'POST callbacks/flush': async (c, b) => (await c.flushCallbacks(flush.parse(b ?? {}).timeoutMs), { ok: true }),
  'POST reset': (c) => (c.reset(), { ok: true }),
};

function match(method: string, path: string): { route: Route; params: string[] } | undefined {
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent);
  for (const [key, route] of Object.entries(routes)) {
    const [routeMethod, pattern = ''] = key.split(' ');
    const parts = pattern.split('/');
    if (routeMethod !== method || parts.length !== segments.length) continue;
    const params: string[] = [];
    if (
      parts.every((part, i) => (part.startsWith(':') ? (params.push(segments[i] ?? ''), true) : part === segments[i]))
    ) {
      return { route, params };
    }
  }
  return undefined;
}

/** Answers one control request. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  body: Buffer,
  control: EmulatorControl,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const found = match(req.method ?? 'GET', url.pathname.slice(CONTROL_PREFIX.length));
  const reply = (status: number, value: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(value));
  };
  if (!found) return reply(404, { error: `no control route ${req.method ?? ''} ${url.pathname}` });
  try {
    const text = body.toString('utf8');
    const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
    reply(200, await found.route(control, parsed, url.searchParams, found.params));
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : String(error);
    reply(400, { error: message });
  }
}
