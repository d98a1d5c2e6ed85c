// Test doubles for the client/ unit tests: a scriptable workflow router, a collecting logger and signed callback bodies.
import { createHash, createHmac } from 'node:crypto';
import { createCallbackReceiver, type CallbackReceiverOptions } from '../../../client/gateway/callbacks/receiver';
import type { Product } from '../../../domain/catalog';
import type { ProviderEvent } from '../../../domain/contract';
import type { SignalOutcome, WorkflowRouter } from '../../../client/gateway/callbacks/workflow-router';
import { Secret } from '../../../runtime/redact';

/** A router whose visibility index is a plain map from routing key to workflow ids. */
export class FakeRouter implements WorkflowRouter {
  readonly index = new Map<string, string[]>();
  readonly lookups: string[][] = [];
  readonly signals: { workflowId: string; event: ProviderEvent }[] = [];
  readonly forgotten: string[] = [];
  readonly closed = new Set<string>();
  /** Set to make the next lookups fail or hang. */
  failWith: Error | undefined;
  hang = false;
  signalDelayMs = 0;

  findWorkflows(keys: readonly string[]): Promise<readonly string[]> {
    this.lookups.push([...keys]);
    if (this.hang) return new Promise(() => undefined);
    if (this.failWith !== undefined) return Promise.reject(this.failWith);
    const ids = keys.flatMap((key) => this.index.get(key) ?? []);
    return Promise.resolve([...new Set(ids)]);
  }

  async signalEvent(workflowId: string, event: ProviderEvent): Promise<SignalOutcome> {
    if (this.signalDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.signalDelayMs));
    if (this.closed.has(workflowId)) return 'closed';
    this.signals.push({ workflowId, event });
    return 'accepted';
  }

  readonly hints: string[] = [];

  signalPollHint(workflowId: string): Promise<SignalOutcome> {
    if (this.closed.has(workflowId)) return Promise.resolve('closed');
    this.hints.push(workflowId);
    return Promise.resolve('accepted');
  }

  forget(workflowId: string): void {
    this.forgotten.push(workflowId);
  }
}

/** Collects every log line as JSON text, to assert on content (and on what must never appear). */
export class CollectingLogger {
  readonly lines: { level: string; message: string; meta?: Record<string, unknown> }[] = [];

  private add(level: string, message: string, meta?: Record<string, unknown>): void {
    this.lines.push({ level, message, ...(meta === undefined ? {} : { meta }) });
  }

  debug(message: string, meta?: Record<string, unknown>): void {
    this.add('DEBUG', message, meta);
  }

  info(message: string, meta?: Record<string, unknown>): void {
    this.add('INFO', message, meta);
  }

  warn(message: string, meta?: Record<string, unknown>): void {
    this.add('WARN', message, meta);
  }

  error(message: string, meta?: Record<string, unknown>): void {
    this.add('ERROR', message, meta);
  }

  text(): string {
    return JSON.stringify(this.lines, (_k, v: unknown) =>
      v instanceof Error ? { name: v.name, message: v.message } : v,
    );
  }
}

// Keys: the TRTC and TIW keys are the documented vectors' keys (reference §10).
export const KEYS = { trtc: '123654', tiw: 'Xz4ZgayTr7rMgWQrH', css: 'cssKey42', trro: 'trroKey7' } as const;
export const callbackKeys = {
  trtc: new Secret(KEYS.trtc),
  tiw: new Secret(KEYS.tiw),
  css: new Secret(KEYS.css),
  trro: new Secret(KEYS.trro),
};

export const TASK = '-gCTFWtU7t7DUlo7A8IswFszO9z2O-rbERqJAoK-4pycoZXKjIAAnasdcasdOEycyX4CnzhIm4RAQ..';

/** The documented TRTC vector (a room event, group 2 type 204) with its documented Sign. */
export const TRTC_VECTOR = {
  body: '{\n\t"EventGroupId":\t2,\n\t"EventType":\t204,\n\t"CallbackTs":\t1664209748188,\n\t"EventInfo":\t{\n\t\t"RoomId":\t8489,\n\t\t"EventTs":\t1664209748,\n\t\t"EventMsTs":\t1664209748180,\n\t\t"UserId":\t"user_85034614",\n\t\t"Reason":\t0\n\t}\n}',
  sign: 'kkoFeO3Oh2ZHnjtg8tEAQhtXK16/KI05W3BQff8IvGA=',
};

/** The documented TIW vector: Sign for ExpireTime 1588040109 under the TIW key. */
export const TIW_VECTOR = { expireTime: 1588040109, sign: 'a2dabb362a9b811c0e26953a6276a41c' };

export function hmacSign(key: string, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64');
}

export function md5Sign(key: string, expiry: number): string {
  return createHash('md5').update(`${key}${expiry}`).digest('hex');
}

/** A TRTC-family body (group 3 on-cloud, 8 web) as the provider would serialise it. */
export function trtcBody(
  group: number,
  type: number,
  info: Record<string, unknown>,
  callbackTs = 1700000000123,
): string {
  return JSON.stringify({ EventGroupId: group, EventType: type, CallbackTs: callbackTs, EventInfo: info });
}

export function tiwBody(
  eventType: string,
  data: Record<string, unknown>,
  expireTime: number,
  key: string = KEYS.tiw,
): string {
  return JSON.stringify({
    EventType: eventType,
    EventData: data,
    ExpireTime: expireTime,
    SdkAppId: 1400000001,
    Sign: md5Sign(key, expireTime),
    Timestamp: 1700000000,
  });
}

export function cssBody(fields: Record<string, unknown>, t: number, key: string = KEYS.css): string {
  return JSON.stringify({ ...fields, t, sign: md5Sign(key, t) });
}

export const bytes = (text: string): Uint8Array => Buffer.from(text, 'utf8');

/**
 * A callback receiver over the fakes, with a settable clock (starting at `startMs`) and a
 * `post` that feeds it a raw body as the gateway would.
 */
export function receiverHarness(startMs: number, overrides: Partial<CallbackReceiverOptions> = {}) {
  let now = startMs;
  const router = new FakeRouter();
  const logger = new CollectingLogger();
  const receiver = createCallbackReceiver({
    keys: callbackKeys,
    router,
    logger,
    now: () => now,
    routeTimeoutMs: 200,
    ...overrides,
  });
  const post = (product: Product, body: string, signHeader?: string) =>
    receiver.receive({ product, rawBody: bytes(body), ...(signHeader === undefined ? {} : { signHeader }) });
  return { router, logger, receiver, post, setNow: (ms: number) => (now = ms) };
}
