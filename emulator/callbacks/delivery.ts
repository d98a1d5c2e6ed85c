/**
 * Sends provider callbacks over HTTP with the product's time-out and retry schedule: attempts
 * and retries are scheduled on the emulator clock, each attempt's time-out runs in real time.
 */
import http from 'node:http';
import https from 'node:https';
import { type Product } from '../catalog';
import { type EmulatorClock } from '../time/clock';
import { type RetryPolicy } from './policies';

/** One callback message; `build` runs per attempt (CSS re-signs each time, the others repeat the body). */
export interface CallbackMessage {
  readonly product: Product;
  /** Event name as the product spells it (`301`, `OnlineRecordFinished`, `332:record_ended`, …). */
  readonly event: string;
  readonly url: string;
  readonly taskId?: string;
  readonly policy: RetryPolicy;
  build(at: number): { readonly headers: Readonly<Record<string, string>>; readonly body: string };
}

export interface DeliveryAttempt {
  readonly at: number;
  endedAt?: number;
  status?: number;
  error?: string;
}

/** The inspection view of one message and its attempts. */
export interface Delivery {
  readonly id: number;
  readonly product: Product;
  readonly event: string;
  readonly url: string;
  readonly taskId?: string;
  readonly createdAt: number;
  state: 'pending' | 'delivered' | 'failed';
  readonly attempts: DeliveryAttempt[];
  lastBody: string;
}

/**
 * Delivers callback messages and keeps every attempt for inspection. When an attempt is due
 * (and when the next one is) follows the emulator clock; how long the provider waits for an
 * answer is real time: a receiver answers in wall-clock time whatever the emulated clock does,
 * so a manual clock must not stretch a 5 s time-out to forever, nor an accelerated one shrink
 * it to milliseconds. Every attempt therefore ends within its policy's time-out.
 */
export class CallbackDispatcher {
  private readonly deliveries: Delivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  /** One attempt at a time per URL, in the order they fall due: events keep their order. */
  private readonly lanes = new Map<string, { busy: boolean; queue: (() => void)[] }>();
  private nextId = 1;

  constructor(private readonly clock: EmulatorClock) {}

  /** Queues a message; the first attempt starts on the next tick. */
  send(message: CallbackMessage): Delivery {
    const delivery: Delivery = {
      id: this.nextId++,
      product: message.product,
      event: message.event,
      url: message.url,
      ...(message.taskId !== undefined ? { taskId: message.taskId } : {}),
      createdAt: this.clock.now(),
      state: 'pending',
      attempts: [],
      lastBody: '',
    };
    this.deliveries.push(delivery);
    this.clock.after(
      0,
      () => this.inLane(message.url, () => this.attempt(delivery, message)),
      `callback ${message.event}`,
    );
    return delivery;
  }

  list(): readonly Delivery[] {
    return this.deliveries;
  }

  /**
   * Resolves once no attempt is in flight and no attempt is due to start (bounded by
   * `timeoutMs` of real time). With a test-controlled clock, call it between `advance()`
   * steps so each answer is taken at the emulated time it belongs to. An attempt waiting
   * on a receiver that never answers ends after its policy's time-out of real time (5 s
   * TRTC/TIW, 20 s CSS), so a test expecting that passes a longer `timeoutMs`.
   */
  async flush(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const busy = (): boolean =>
      this.inFlight.size > 0 ||
      this.clock.pendingTimers().some((t) => t.at <= this.clock.now() && t.label.startsWith('callback'));
    // Due-now attempts start on a zero-delay timer; yield so they are in flight before we look.
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (busy() && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((r) => setTimeout(r, 5))]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** Aborts in-flight attempts and forgets every message. */
  reset(): void {
    for (const controller of this.controllers) controller.abort();
    this.controllers.clear();
    this.deliveries.length = 0;
    this.lanes.clear();
  }

  private inLane(url: string, job: () => void): void {
    const lane = this.lanes.get(url) ?? { busy: false, queue: [] };
    this.lanes.set(url, lane);
    if (lane.busy) {
      lane.queue.push(job);
      return;
    }
    lane.busy = true;
    job();
  }

  private releaseLane(url: string): void {
    const lane = this.lanes.get(url);
    if (!lane) return;
    const next = lane.queue.shift();
    if (next) next();
    else lane.busy = false;
  }

  private attempt(delivery: Delivery, message: CallbackMessage): void {
    if (!this.deliveries.includes(delivery)) return this.releaseLane(message.url);
    const record: DeliveryAttempt = { at: this.clock.now() };
    delivery.attempts.push(record);
    const { headers, body } = message.build(record.at);
    delivery.lastBody = body;
    const controller = new AbortController();
    this.controllers.add(controller);
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (settle = resolve));
    this.inFlight.add(done);
    let finished = false;
    const finish = (result: { status?: number; error?: string }): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timeout);
      this.controllers.delete(controller);
      Object.assign(record, result, { endedAt: this.clock.now() });
      if (result.status === 200) delivery.state = 'delivered';
      else this.scheduleRetry(delivery, message);
      this.releaseLane(message.url);
      this.inFlight.delete(done);
      settle();
    };
    // Real time, not the emulator clock (see the class comment); unref'd so it never holds the process.
    const timeout = setTimeout(() => {
      controller.abort();
      finish({ error: `no answer within ${message.policy.timeoutMs} ms` });
    }, message.policy.timeoutMs);
    timeout.unref();
    try {
      const url = new URL(message.url);
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent: false,
        signal: controller.signal,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      });
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => finish({ status: response.statusCode ?? 0 }));
        response.on('error', (error) => finish({ error: error.message }));
      });
      request.on('error', (error) => finish({ error: error.message }));
      request.end(body);
    } catch (error) {
      finish({ error: String(error) });
    }
  }

  private scheduleRetry(delivery: Delivery, message: CallbackMessage): void {
    if (!this.deliveries.includes(delivery)) return;
    const now = this.clock.now();
    const delay = message.policy.nextDelayMs(delivery.attempts.length, now - delivery.createdAt);
    if (delay === undefined) {
      delivery.state = 'failed';
      return;
    }
    this.clock.after(
      delay,
      () => this.inLane(message.url, () => this.attempt(delivery, message)),
      `callback retry ${message.event}`,
    );
  }
}
