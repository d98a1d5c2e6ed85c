/**
 * The provider callback receiver: verify, interpret, dedupe, route, signal, answer. Transport-free
 * (bytes in, status and JSON out) so it is tested without sockets; server.ts adapts it to HTTP.
 *
 * Acknowledge only after Temporal accepted the signal: from then on the event is in the
 * workflow's history and survives any crash. Before that, a non-200 makes the provider retry
 * (TRTC: at once, then every 10 s while the message is under 1 min old; CSS: up to 12 times,
 * 1 min apart), which is the only durable buffer we have for a callback we could not hand over.
 *
 * TIW and CSS sign an expiry, not the body: anyone who saw one genuine callback could put its
 * signature on a body of their own until it expires. So each such pair is let through with the
 * first body it came with and no other (splice-guard.ts); TRTC-family HMACs cover the body.
 */
import { type LogMetadata } from '@temporalio/common';
import { type ProviderEvent, type ProviderEventKind } from '../../../domain/contract';
import { CATALOG, type Product } from '../../../domain/catalog';
import { interpretCallback } from '../../../recorders/registry';
import { BoundedCache } from '../bounded-cache';
import { routingTiersOf, taskKeyOf } from './routing-keys';
import { createSpliceGuard, type SpliceGuardOptions } from './splice-guard';
import { CALLBACK_KEY_OF, type CallbackKeys, verifyCallback } from './verify';
import { type TaskRevealer } from './task-revealer';
import { type WorkflowRouter } from './workflow-router';
import { callbacks } from '../../../runtime/metrics';

export interface CallbackRequest {
  readonly product: Product;
  /** The body bytes exactly as received. */
  readonly rawBody: Uint8Array;
  /** The `Sign` header (TRTC family). */
  readonly signHeader?: string;
}

export interface CallbackReply {
  readonly status: number;
  readonly body: { readonly code: number; readonly message?: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/** The logger subset used here (runtime/logger.ts JsonLogger fits). */
export interface ReceiverLogger {
  debug(message: string, meta?: LogMetadata): void;
  info(message: string, meta?: LogMetadata): void;
  warn(message: string, meta?: LogMetadata): void;
}

export interface CallbackReceiverOptions {
  readonly keys: CallbackKeys;
  readonly router: WorkflowRouter;
  readonly logger: ReceiverLogger;
  readonly now?: () => number;
  /**
   * Delivered event ids remembered to answer provider retries without a Temporal round trip.
   * Only an optimisation: the workflow dedupes by eventId too, so a restart (empty memory) is safe.
   */
  readonly dedupe?: { readonly maxEntries?: number; readonly ttlMs?: number };
  /**
   * TIW and CSS signatures cover only their expiry, so each (product, sign, expiry) pair is let
   * through with one body only: the first one seen, until the pair expires.
   */
  readonly spliceGuard?: SpliceGuardOptions;
  /** Answer 503 when routing and signalling take longer; below the provider's 5 s. */
  readonly routeTimeoutMs?: number;
  /**
   * Takes tasks whose callback found only closed recordings by identity to the reaper
   * (task-revealer.ts); absent: such callbacks are only acknowledged.
   */
  readonly revealer?: TaskRevealer;
}

export interface CallbackReceiver {
  receive(request: CallbackRequest): Promise<CallbackReply>;
  /**
   * Resolves once every delivery still in flight has settled, answered or not (a route that
   * timed out keeps trying in the background). Called before the Temporal connection closes:
   * a call retrying on a closed connection throws from its timer.
   */
  drain(): Promise<void>;
}

/** A TaskId gets at most one poll hint this often, however many refused bodies name it. */
const HINT_INTERVAL_MS = 30_000;

/** Seconds the provider is told to wait before a retry (TRTC retries every 10 s anyway). */
const RETRY_AFTER_S = '10';

const ok = (message?: string): CallbackReply => ({
  status: 200,
  body: message === undefined ? { code: 0 } : { code: 0, message },
});
const refuse = (status: number, message: string): CallbackReply => ({ status, body: { code: -1, message } });
const retryLater = (message: string): CallbackReply => ({
  status: 503,
  body: { code: -1, message },
  headers: { 'retry-after': RETRY_AFTER_S },
});

type Delivery = 'delivered' | 'not-visible' | 'closed' | 'revealed';

/** Events after which the task no longer runs: nothing left to stop. */
const ENDED: readonly ProviderEventKind[] = ['task-ended', 'task-start-failed'];

/** Counts a callback's outcome (runtime/metrics.ts); `reason` is one of a fixed set of words, never a value. */
function counted(
  product: Product,
  outcome: 'accepted' | 'rejected',
  reason: string,
  reply: CallbackReply,
): CallbackReply {
  callbacks.inc({ product, outcome, reason });
  return reply;
}

class RouteTimeout extends Error {
  override readonly name = 'RouteTimeout';
}

/** Builds the receiver; one per gateway process (it holds the dedupe window). */
export function createCallbackReceiver(options: CallbackReceiverOptions): CallbackReceiver {
  const { router, logger } = options;
  const now = options.now ?? Date.now;
  const routeTimeoutMs = options.routeTimeoutMs ?? 4_000;
  const delivered = new BoundedCache<string, true>({
    maxEntries: options.dedupe?.maxEntries ?? 50_000,
    // TRTC retries for 1 min, CSS for ~12 min: keep ids a little longer than the longest.
    ttlMs: options.dedupe?.ttlMs ?? 30 * 60_000,
    now,
  });
  const spliceGuard = createSpliceGuard({ ...options.spliceGuard, now });
  // TaskIds a poll hint went out for lately (hintPoll).
  const hinted = new BoundedCache<string, true>({ maxEntries: 10_000, ttlMs: HINT_INTERVAL_MS, now });
  // Concurrent deliveries of one event (a provider retry racing a slow first try) share one outcome.
  const inFlight = new Map<string, Promise<Delivery>>();

  /** Signals the recordings holding any of `keys`; `not-visible` when none does. `closed` lists who matched. */
  async function deliverTo(
    event: ProviderEvent,
    keys: readonly string[],
  ): Promise<{ outcome: Exclude<Delivery, 'revealed'>; closedIds: readonly string[] }> {
    let closedIds: readonly string[] = [];
    for (let lookup = 0; lookup < 2; lookup += 1) {
      const ids = await router.findWorkflows(keys);
      if (ids.length === 0) return { outcome: 'not-visible', closedIds: [] };
      closedIds = ids;
      let accepted = false;
      for (const id of ids) {
        const outcome = await router.signalEvent(id, event);
        if (outcome === 'accepted') accepted = true;
        else router.forget(id);
      }
      if (accepted) return { outcome: 'delivered', closedIds: [] };
      // Every match had closed; a cached mapping may be stale, so look once more uncached.
    }
    return { outcome: 'closed', closedIds };
  }

  /**
   * A live task whose TaskId no recording holds, found by its identity only among closed
   * recordings: the create of a run terminated mid-start made it. Only where the signature
   * covers the body (TRTC family): a TIW or CSS signature could be put on a forged body.
   */
  function isRevealed(event: ProviderEvent, tier: number): event is ProviderEvent & { taskId: string } {
    return (
      options.revealer !== undefined &&
      tier > 0 &&
      event.taskId !== undefined &&
      !ENDED.includes(event.kind) &&
      CATALOG[event.product].callbackSignatureCoversBody
    );
  }

  /**
   * Tier by tier (routing-keys.ts): the recording that holds the TaskId gets the event alone;
   * only when none does is it offered to the recordings of its identity (bot, device, stream).
   */
  async function deliverOnce(event: ProviderEvent, tiers: readonly (readonly string[])[]): Promise<Delivery> {
    for (const [tier, keys] of tiers.entries()) {
      const { outcome, closedIds } = await deliverTo(event, keys);
      if (outcome === 'not-visible') continue;
      if (outcome !== 'closed' || !isRevealed(event, tier)) return outcome;
      await options.revealer?.reveal({ product: event.product, taskId: event.taskId, keys, workflowIds: closedIds });
      return 'revealed';
    }
    return 'not-visible';
  }

  function deliver(event: ProviderEvent, tiers: readonly (readonly string[])[]): Promise<Delivery> {
    const running = inFlight.get(event.eventId);
    if (running !== undefined) return running;
    const attempt = deliverOnce(event, tiers).then((outcome) => {
      if (outcome === 'delivered') delivered.set(event.eventId, true);
      return outcome;
    });
    inFlight.set(event.eventId, attempt);
    const clear = (): void => {
      inFlight.delete(event.eventId);
    };
    attempt.then(clear, clear);
    return attempt;
  }

  /**
   * A refused body may be a genuine TIW callback that shares its expiry signature with another
   * (TIW signs only the expiry, and resends the same body on every retry, so it would be lost).
   * Nothing in it is trusted: the recording that published its TaskId is only asked to poll the
   * provider soon, at most once per TaskId per `HINT_INTERVAL_MS` (a forger cannot make it poll
   * more), and never by an identity key (an unauthenticated body must not pick a recording).
   * Returns how many recordings were asked; a failure costs nothing but the hint.
   */
  async function hintPoll(product: Product, body: unknown): Promise<number> {
    if (!CATALOG[product].capabilities.describe) return 0;
    const key = taskKeyOf(interpretCallback(product, body)?.taskId);
    if (key === undefined || hinted.has(key)) return 0;
    hinted.set(key, true);
    try {
      return await withTimeout(
        (async () => {
          let asked = 0;
          for (const id of await router.findWorkflows([key])) {
            if ((await router.signalPollHint(id)) === 'accepted') asked += 1;
          }
          return asked;
        })(),
      );
    } catch (error) {
      logger.debug('poll hint not delivered', { product, error });
      return 0;
    }
  }

  function withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new RouteTimeout(`routing took longer than ${routeTimeoutMs} ms`)),
        routeTimeoutMs,
      );
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  return {
    async drain() {
      await Promise.allSettled([...inFlight.values()]);
    },
    async receive({ product, rawBody, signHeader }) {
      const key = options.keys[CALLBACK_KEY_OF[product]];
      if (key === undefined) {
        logger.warn('callback refused: no callback key configured', { product, keyName: CALLBACK_KEY_OF[product] });
        return counted(
          product,
          'rejected',
          'not-configured',
          refuse(503, `callbacks for ${product} are not configured on this gateway`),
        );
      }
      const verified = verifyCallback(product, rawBody, signHeader, key.reveal(), now());
      if (!verified.ok) {
        logger.warn('callback refused', {
          product,
          status: verified.status,
          reason: verified.reason,
          bytes: rawBody.byteLength,
        });
        return counted(
          product,
          'rejected',
          verified.reason.replaceAll(' ', '-'),
          refuse(verified.status, verified.reason),
        );
      }
      if (verified.expirySignature !== undefined) {
        // Checked before interpretation: a pair first seen on an ignored event must not then vouch for a recording event.
        const splice = spliceGuard.check(product, verified.expirySignature, rawBody);
        if (splice.verdict === 'other-body') {
          const hinted = await hintPoll(product, verified.body);
          logger.warn('callback refused: its signature already came with another body', {
            product,
            status: 401,
            pair: splice.pair,
            expiry: verified.expirySignature.expiry,
            firstBody: splice.firstBody,
            body: splice.body,
            bytes: rawBody.byteLength,
            hinted,
          });
          return counted(
            product,
            'rejected',
            'signature-reused',
            refuse(401, 'signature already used with another body'),
          );
        }
      }
      const event = interpretCallback(product, verified.body);
      if (event === undefined) {
        logger.debug('callback ignored: not a recording event of this product', { product });
        return counted(product, 'accepted', 'not-a-recording-event', ok('ignored'));
      }
      const meta = { product, eventId: event.eventId, kind: event.kind, taskId: event.taskId, detail: event.detail };
      if (delivered.has(event.eventId)) {
        logger.debug('callback duplicate: already delivered', meta);
        return counted(product, 'accepted', 'duplicate', ok('duplicate'));
      }
      const tiers = routingTiersOf(event);
      const keys = tiers.flat();
      if (keys.length === 0) {
        // Nothing to find it by now or on any retry: accept it so the provider stops sending.
        logger.warn('callback ignored: carries no routing key', meta);
        return counted(product, 'accepted', 'no-routing-key', ok('ignored'));
      }
      const pending = deliver(event, tiers);
      try {
        const outcome = await withTimeout(pending);
        if (outcome === 'delivered') {
          logger.info('callback delivered', meta);
          return counted(product, 'accepted', 'delivered', ok());
        }
        if (outcome === 'closed') {
          logger.info('callback ignored: its recording has already ended', meta);
          return counted(product, 'accepted', 'recording-ended', ok('recording ended'));
        }
        if (outcome === 'revealed') {
          logger.warn('callback of a task its closed recording never learnt of: handed to the reaper', meta);
          return counted(product, 'accepted', 'task-revealed', ok('recording ended; its task goes to the reaper'));
        }
        // Likely the workflow has not published the key yet (a web TaskId is known only after
        // the start response; visibility lags writes). The provider's retry will find it.
        logger.info('callback not routed yet: no recording found for its keys; provider will retry', { ...meta, keys });
        return counted(product, 'rejected', 'not-routed-yet', retryLater('recording not found yet'));
      } catch (error) {
        // The late attempt may still finish; its rejection must not go unhandled.
        pending.catch(() => undefined);
        logger.warn('callback not delivered; provider will retry', { ...meta, error });
        const timedOut = error instanceof RouteTimeout;
        return counted(
          product,
          'rejected',
          timedOut ? 'route-timeout' : 'route-failed',
          retryLater(timedOut ? 'timed out handing the event over' : 'could not hand the event over'),
        );
      }
    },
  };
}
