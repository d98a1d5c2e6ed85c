/**
 * A loopback hop between the emulator's callbacks and the gateway's `/callbacks/<product>` that
 * loses, duplicates, reorders and splices them. The emulator is pointed at it
 * (`control.setCallbackTarget`), so callbacks stay signed exactly as the provider signs them.
 *
 * - lost: answered 200 and never forwarded (the provider believes it delivered);
 * - reordered: answered 200 at once and forwarded 1–5 s later (later callbacks overtake it),
 *   re-sent while the gateway answers 5xx, as the provider would;
 * - duplicated: forwarded, then the same bytes again 0–2 s later;
 * - spliced: forwarded, then its signature put on a forged body about another running task
 *   (TIW: `OnlineRecordStopped`; CSS: a file with an attacker's URL; TRTC family: the Sign
 *   header on another TaskId). The gateway must refuse every forged body.
 */
import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { type Product, PRODUCTS } from '../../domain/catalog';
import { type Random } from './random';

export type CallbackFault = 'callback-lost' | 'callback-duplicate' | 'callback-reorder' | 'callback-splice';

/** A running task another recording owns, to forge a callback about. */
export interface SpliceVictim {
  readonly taskId: string;
  readonly roomId?: string;
  readonly recordUserId?: string;
  readonly streamName?: string;
}

export interface CallbackProxyOptions {
  readonly gatewayUrl: string;
  readonly random: Random;
  /** Chance per callback of each enabled fault (checked in a fixed order; at most one fault per callback). */
  readonly rate: number;
  readonly faults: readonly CallbackFault[];
  /** A running task of `product` that is not `exceptTaskId`'s recording, if any. */
  readonly victim: (product: Product, exceptTaskId: string | undefined) => SpliceVictim | undefined;
}

export interface SpliceRecord {
  readonly product: Product;
  readonly victimTaskId: string;
  readonly forgedKind: string;
  readonly status: number;
}

export interface ProxyStats {
  readonly seen: Record<string, number>;
  readonly injected: Record<CallbackFault, number>;
  /** Gateway answers to genuine callbacks, `<product> <status> [<refusal message>]` → count. */
  readonly genuineAnswers: Record<string, number>;
  readonly splices: SpliceRecord[];
  /** Each callback fault with what it hit: the TaskId (or CSS stream) of the genuine callback. */
  readonly hits: { readonly fault: CallbackFault; readonly product: Product; readonly key?: string }[];
}

export interface CallbackProxy {
  readonly url: string;
  readonly stats: ProxyStats;
  /** Faults apply only while enabled (the settle phase turns them off). */
  enabled: boolean;
  /** Resolves once no delayed or duplicate forward is pending (bounded). */
  drain(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

const FORWARDED_HEADERS = ['content-type', 'sign', 'sdkappid'];

export async function startCallbackProxy(options: CallbackProxyOptions): Promise<CallbackProxy> {
  const stats: ProxyStats = {
    seen: Object.fromEntries(PRODUCTS.map((p) => [p, 0])),
    injected: { 'callback-lost': 0, 'callback-duplicate': 0, 'callback-reorder': 0, 'callback-splice': 0 },
    genuineAnswers: {},
    splices: [],
    hits: [],
  };
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>): void => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  async function forward(
    path: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<{ status: number; text: string }> {
    try {
      const answer = await fetch(`${options.gatewayUrl}${path}`, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
      return { status: answer.status, text: await answer.text() };
    } catch (error) {
      return { status: 599, text: String(error) };
    }
  }

  /** Counts the gateway's answer by product, status and (for a refusal) its message. */
  const countGenuine = (product: Product, answer: { status: number; text: string }): void => {
    let message = '';
    if (answer.status !== 200) {
      try {
        const parsed = (JSON.parse(answer.text) as { message?: unknown }).message;
        message = typeof parsed === 'string' ? ` ${parsed}` : '';
      } catch {
        message = ` ${answer.text.slice(0, 80)}`;
      }
    }
    const key = `${product} ${answer.status}${message}`;
    stats.genuineAnswers[key] = (stats.genuineAnswers[key] ?? 0) + 1;
  };

  function decide(product: Product): CallbackFault | undefined {
    if (!proxy.enabled) return undefined;
    for (const fault of options.faults) {
      if (fault === 'callback-splice' && product === 'trtc-web') continue; // web has no second task id to forge well
      if (options.random.chance(options.rate)) return fault;
    }
    return undefined;
  }

  function hit(fault: CallbackFault, product: Product, body: string): void {
    stats.injected[fault]++;
    let key: string | undefined;
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      key = taskIdOf(product, parsed) ?? (typeof parsed['stream_id'] === 'string' ? parsed['stream_id'] : undefined);
    } catch {
      key = undefined;
    }
    stats.hits.push({ fault, product, ...(key !== undefined ? { key } : {}) });
  }

  async function splice(product: Product, path: string, headers: Record<string, string>, body: string): Promise<void> {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return;
    }
    const ownTaskId = taskIdOf(product, parsed);
    const victim = options.victim(product, ownTaskId);
    if (victim === undefined) return;
    const forged = forge(product, parsed, victim);
    if (forged === undefined) return;
    hit('callback-splice', product, body);
    const answer = await forward(path, headers, JSON.stringify(forged.body));
    stats.splices.push({ product, victimTaskId: victim.taskId, forgedKind: forged.kind, status: answer.status });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const product = PRODUCTS.find((p) => path === `/callbacks/${p}`);
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = (status: number, text: string): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(text);
      };
      if (product === undefined) return answer(404, '{"code":-1}');
      stats.seen[product] = (stats.seen[product] ?? 0) + 1;
      const fault = decide(product);
      if (fault === 'callback-lost') {
        hit(fault, product, body);
        return answer(200, '{"code":0}');
      }
      if (fault === 'callback-reorder') {
        hit(fault, product, body);
        answer(200, '{"code":0}');
        const later = async (): Promise<void> => {
          await delay(options.random.int(1_000, 5_000), undefined, { ref: false });
          for (let attempt = 0; attempt < 4; attempt++) {
            const result = await forward(path, headers, body);
            countGenuine(product, result);
            if (result.status < 500) return;
            await delay(3_000, undefined, { ref: false });
          }
        };
        return track(later());
      }
      const work = (async () => {
        const result = await forward(path, headers, body);
        countGenuine(product, result);
        answer(result.status === 599 ? 503 : result.status, result.text);
        if (fault === 'callback-duplicate') {
          hit(fault, product, body);
          await delay(options.random.int(0, 2_000), undefined, { ref: false });
          countGenuine(product, await forward(path, headers, body));
        }
        if (fault === 'callback-splice') await splice(product, path, headers, body);
      })();
      track(work);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const proxy: CallbackProxy = {
    url: `http://127.0.0.1:${port}`,
    stats,
    enabled: true,
    async drain(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (pending.size > 0 && Date.now() < deadline) await delay(100);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function taskIdOf(product: Product, body: Record<string, unknown>): string | undefined {
  const id =
    product === 'tiw-online'
      ? record(body['EventData'])['TaskId']
      : product === 'css-live'
        ? undefined
        : record(body['EventInfo'])['TaskId'];
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** A forged body that keeps the genuine signature fields and talks about the victim's task. */
function forge(
  product: Product,
  genuine: Record<string, unknown>,
  victim: SpliceVictim,
): { kind: string; body: Record<string, unknown> } | undefined {
  switch (product) {
    case 'tiw-online':
      return {
        kind: 'OnlineRecordStopped for another task',
        body: {
          ...genuine,
          EventType: 'OnlineRecordStopped',
          EventData: { TaskId: victim.taskId, RoomId: Number(victim.roomId), RecordUserId: victim.recordUserId },
        },
      };
    case 'css-live': {
      if (victim.streamName === undefined) return undefined;
      const nowS = Math.floor(Date.now() / 1000);
      return {
        kind: 'file with an attacker URL for another stream',
        body: {
          ...genuine,
          event_type: 100,
          stream_id: victim.streamName,
          channel_id: victim.streamName,
          file_id: `forged-${nowS}`,
          record_file_id: `forged-${nowS}`,
          file_format: 'mp4',
          task_id: '',
          start_time: nowS - 60,
          end_time: nowS,
          duration: 60,
          file_size: 1000,
          video_url: 'https://attacker.invalid/forged.mp4',
        },
      };
    }
    default:
      return {
        kind: 'the Sign header on an event for another TaskId',
        body: { ...genuine, EventInfo: { ...record(genuine['EventInfo']), TaskId: victim.taskId } },
      };
  }
}
