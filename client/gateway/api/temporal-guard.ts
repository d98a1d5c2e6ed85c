/**
 * Fail fast and say why: every call the gateway makes to Temporal runs under a deadline, and the
 * calls that need a worker (start, queries, updates) first check that one polls the task queue
 * with the same payload key. Without this a query with no worker hangs until the client gives up
 * and answers 500; a start with a foreign key is accepted and then sits on a decryption error.
 *
 * The workers publish their payload key id in their poller identity (runtime/payload-key-id.ts: a fingerprint of the key bytes),
 * which DescribeTaskQueue returns: one call answers both "is a worker polling" and "can it open
 * what we seal".
 */
import { type Client } from '@temporalio/client';
import { payloadKeyOfIdentity } from '../../../runtime/payload-key-id';
import { ApiError } from './errors';

/** TASK_QUEUE_TYPE_WORKFLOW: the recording workflows' queue is the one whose pollers decrypt start inputs. */
const WORKFLOW_TASK_QUEUE = 1;
/** gRPC status codes that mean "Temporal did not answer": DEADLINE_EXCEEDED, UNAVAILABLE. */
const UNREACHABLE_CODES = new Set([4, 14]);
/**
 * A poller is counted while it polled this recently. Temporal lists pollers for minutes after
 * they are gone; an idle worker renews its long poll about once a minute.
 */
const FRESH_POLLER_MS = 120_000;
/** The worker check is cached this long, so a burst of requests makes one DescribeTaskQueue call. */
const WORKER_CHECK_CACHE_MS = 2_000;
/** Wait before the second look when no poller is listed. */
const RECHECK_MS = 500;

export interface TemporalGuardOptions {
  readonly client: Client;
  /** Where Temporal is (named in the 503 so an operator knows what to fix). */
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  /** Fingerprints of the gateway's payload keys (runtime/payload-key-id.ts): the current one first, then older ones it can still open. */
  readonly keyIds: readonly string[];
  readonly timeoutMs: number;
  readonly now?: () => number;
}

export interface ReadinessCheck {
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: {
    readonly temporal: ReadinessCheck;
    readonly namespace: ReadinessCheck;
    readonly workers: ReadinessCheck;
    readonly payloadKey: ReadinessCheck;
  };
}

export interface TemporalGuard {
  /** Runs `fn` under the deadline; Temporal unreachable or too slow → 503 naming the address. */
  call<T>(fn: () => Promise<T>): Promise<T>;
  /** 503 `no-worker` or `key-mismatch` unless a worker with our payload key polls the task queue. */
  requireWorker(): Promise<void>;
  readiness(): Promise<Readiness>;
  /**
   * Waits (bounded) for calls the deadline answered for but that still run underneath: the
   * client's retry timers must fire before the connection is closed, or they hit a closed channel.
   */
  drain(): Promise<void>;
}

/** The longest `drain` waits: past the deadline, each retry fails at once. */
const DRAIN_MS = 15_000;

function grpcCode(error: unknown): number | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Whether `error` says Temporal could not be reached or did not answer in time. */
export function isTemporalUnreachable(error: unknown): boolean {
  const code = grpcCode(error);
  if (code !== undefined) return UNREACHABLE_CODES.has(code);
  const message = error instanceof Error ? error.message : '';
  return /deadline|failed to connect|unavailable|ECONNREFUSED/i.test(message);
}

interface Poller {
  readonly identity: string;
  readonly keyId: string | undefined;
}

export function createTemporalGuard(options: TemporalGuardOptions): TemporalGuard {
  const { client, address, namespace, taskQueue, keyIds, timeoutMs } = options;
  const now = options.now ?? Date.now;
  const [currentKeyId = ''] = keyIds;
  const unreachable = () =>
    new ApiError(
      503,
      'temporal-unavailable',
      'TEMPORAL_ADDRESS',
      `must answer within ${timeoutMs} ms`,
      `Temporal at ${address} did not answer within ${timeoutMs} ms`,
      { 'retry-after': '5' },
    );

  const inflight = new Set<Promise<unknown>>();

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    // The gRPC deadline cancels the call; the timer is the bound even where a connect ignores it.
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(unreachable()), timeoutMs + 250);
    });
    const underlying = client.withDeadline(now() + timeoutMs, fn);
    const settled = underlying.then(
      () => undefined,
      () => undefined,
    );
    inflight.add(settled);
    void settled.then(() => inflight.delete(settled));
    try {
      return await Promise.race([underlying, bound]);
    } catch (error) {
      if (!(error instanceof ApiError) && isTemporalUnreachable(error)) throw unreachable();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function pollers(): Promise<Poller[]> {
    const described = await call(() =>
      client.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: WORKFLOW_TASK_QUEUE,
      }),
    );
    const cutoff = now() - FRESH_POLLER_MS;
    return (described.pollers ?? [])
      .filter((p) => {
        const seconds = Number(p.lastAccessTime?.seconds ?? 0);
        return seconds === 0 || seconds * 1000 >= cutoff;
      })
      .map((p) => ({ identity: p.identity ?? '', keyId: payloadKeyOfIdentity(p.identity ?? '') }));
  }

  /** `undefined` when fine, else the refusal. */
  function judge(list: readonly Poller[]): ApiError | undefined {
    if (list.length === 0) {
      return new ApiError(
        503,
        'no-worker',
        'TASK_QUEUE',
        'must have a worker polling it',
        `no worker polls task queue ${taskQueue} in namespace ${namespace}: start one (npm run worker)`,
        { 'retry-after': '5' },
      );
    }
    const foreign = list.filter((p) => p.keyId !== undefined && !keyIds.includes(p.keyId));
    if (foreign.length > 0) {
      return new ApiError(
        503,
        'key-mismatch',
        'PAYLOAD_ENCRYPTION_KEY',
        "must be the workers' key",
        `the gateway seals with payload key ${currentKeyId}, but ${foreign.length} worker(s) on ${taskQueue} use ${[...new Set(foreign.map((p) => p.keyId))].join(', ')}: they could not open what it starts`,
      );
    }
    return undefined;
  }

  let cached: { at: number } | undefined;
  let checking: Promise<ApiError | undefined> | undefined;

  return {
    call,
    async drain() {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, DRAIN_MS);
      });
      await Promise.race([Promise.all([...inflight]), limit]);
      clearTimeout(timer);
    },
    async requireWorker() {
      if (cached !== undefined && now() - cached.at <= WORKER_CHECK_CACHE_MS) return;
      // Concurrent requests share one look (a burst of starts makes one DescribeTaskQueue call).
      checking ??= (async () => {
        let refusal = judge(await pollers());
        // A worker that has just started polling may not be listed yet: look once more.
        if (refusal?.code === 'no-worker') {
          await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
          refusal = judge(await pollers());
        }
        // Only a positive answer is cached: a worker that starts is seen on the next request.
        cached = refusal === undefined ? { at: now() } : undefined;
        return refusal;
      })().finally(() => {
        checking = undefined;
      });
      const refusal = await checking;
      if (refusal !== undefined) throw refusal;
    },
    async readiness() {
      const fail = (detail: string): ReadinessCheck => ({ ok: false, detail });
      const skipped = fail('not checked: an earlier check failed');
      try {
        await call(() => client.workflowService.getSystemInfo({}));
      } catch (error) {
        const detail = error instanceof ApiError ? error.message : `Temporal at ${address} refused the connection`;
        return {
          ready: false,
          checks: { temporal: fail(detail), namespace: skipped, workers: skipped, payloadKey: skipped },
        };
      }
      const temporal = { ok: true, detail: `reachable at ${address}` };
      try {
        await call(() => client.workflowService.describeNamespace({ namespace }));
      } catch {
        return {
          ready: false,
          checks: {
            temporal,
            namespace: fail(`namespace ${namespace} not found`),
            workers: skipped,
            payloadKey: skipped,
          },
        };
      }
      const namespaceCheck = { ok: true, detail: `namespace ${namespace} present` };
      const list = await pollers().catch(() => undefined);
      if (list === undefined) {
        const detail = `task queue ${taskQueue} could not be described`;
        return {
          ready: false,
          checks: { temporal, namespace: namespaceCheck, workers: fail(detail), payloadKey: skipped },
        };
      }
      const refusal = judge(list);
      const workers =
        list.length === 0
          ? fail(refusal?.message ?? 'no worker')
          : { ok: true, detail: `${list.length} poller(s) on ${taskQueue}` };
      const payloadKey =
        list.length === 0
          ? skipped
          : refusal === undefined
            ? { ok: true, detail: `workers use payload key ${currentKeyId}` }
            : fail(refusal.message);
      return {
        ready: workers.ok && payloadKey.ok,
        checks: { temporal, namespace: namespaceCheck, workers, payloadKey },
      };
    },
  };
}
