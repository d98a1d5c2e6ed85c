/** The emulator's one source of time: real, accelerated or test-controlled, with timers that run on it. */

/** How emulated time relates to wall time. */
export type ClockMode = 'real' | 'accelerated' | 'manual';

export interface ClockOptions {
  readonly mode?: ClockMode;
  /** Emulated ms per real ms: 1 for `real`, >1 for `accelerated`; ignored (0) for `manual`. */
  readonly factor?: number;
  /** Emulated epoch ms at start; defaults to the wall clock. */
  readonly startMs?: number;
  /** Wall-clock source, injectable for tests of the clock itself. */
  readonly realNow?: () => number;
}

/** A scheduled callback; `at` is emulated epoch ms. */
export interface TimerInfo {
  readonly id: number;
  readonly at: number;
  readonly label: string;
}

interface Timer extends TimerInfo {
  readonly fn: (firedAt: number) => void;
}

/**
 * Emulated time = anchor + (wall elapsed × factor) + manual advances. Every provider timer
 * (idle time-outs, expiry, auto stop, CSS windows, callback retries) is a `setTimer` here,
 * so `advance()` can replay hours of provider behaviour in milliseconds, in due order,
 * each timer seeing `now()` equal to its own due time.
 */
export class EmulatorClock {
  private anchorEmu: number;
  private anchorReal: number;
  private factorValue: number;
  private modeValue: ClockMode;
  private readonly realNow: () => number;
  private timers: Timer[] = [];
  private nextId = 1;
  private wake: NodeJS.Timeout | undefined;
  private firing = false;
  /** Errors thrown by timer callbacks; kept for inspection instead of crashing the server. */
  readonly timerErrors: { label: string; message: string; at: number }[] = [];

  constructor(options: ClockOptions = {}) {
    this.realNow = options.realNow ?? Date.now;
    this.modeValue = options.mode ?? 'real';
    this.factorValue = factorFor(this.modeValue, options.factor);
    this.anchorReal = this.realNow();
    this.anchorEmu = options.startMs ?? this.anchorReal;
  }

  get mode(): ClockMode {
    return this.modeValue;
  }

  get factor(): number {
    return this.factorValue;
  }

  /** Emulated epoch milliseconds. */
  now(): number {
    return Math.floor(this.anchorEmu + (this.realNow() - this.anchorReal) * this.factorValue);
  }

  /** Switches mode (and factor) without a jump in emulated time. */
  setMode(mode: ClockMode, factor?: number): void {
    this.reanchor(this.now());
    this.modeValue = mode;
    this.factorValue = factorFor(mode, factor);
    this.arm();
  }

  /** Runs `fn` once emulated time reaches `at` (immediately on the next tick if already past). */
  setTimer(at: number, fn: (firedAt: number) => void, label = 'timer'): TimerInfo {
    const timer: Timer = { id: this.nextId++, at, fn, label };
    const index = this.timers.findIndex((t) => t.at > at);
    if (index === -1) this.timers.push(timer);
    else this.timers.splice(index, 0, timer);
    this.arm();
    return { id: timer.id, at, label };
  }

  /** `setTimer(now + delayMs)`. */
  after(delayMs: number, fn: (firedAt: number) => void, label?: string): TimerInfo {
    return this.setTimer(this.now() + Math.max(0, delayMs), fn, label);
  }

  clearTimer(timer: TimerInfo | undefined): void {
    if (timer === undefined) return;
    this.timers = this.timers.filter((t) => t.id !== timer.id);
  }

  pendingTimers(): TimerInfo[] {
    return this.timers.map(({ id, at, label }) => ({ id, at, label }));
  }

  /**
   * Moves emulated time forward by `ms`, firing every timer that falls due on the way, in
   * order; timers scheduled by those callbacks fire too if they fall inside the window.
   * Returns how many timers fired.
   */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance: ms must be a finite number >= 0');
    const target = this.now() + ms;
    const fired = this.fireDue(target);
    if (this.now() < target) this.reanchor(target);
    this.arm();
    return fired;
  }

  /** Drops every timer (emulator reset / stop). */
  clearAll(): void {
    this.timers = [];
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
  }

  private fireDue(limit: number): number {
    if (this.firing) return 0;
    this.firing = true;
    let fired = 0;
    try {
      for (let next = this.timers[0]; next !== undefined && next.at <= limit; next = this.timers[0]) {
        this.timers.shift();
        // Pin emulated time to the due time so the callback sees exactly when it fired.
        if (this.now() < next.at) this.reanchor(next.at);
        fired += 1;
        try {
          next.fn(next.at);
        } catch (error) {
          this.timerErrors.push({ label: next.label, message: String(error), at: next.at });
        }
      }
    } finally {
      this.firing = false;
    }
    return fired;
  }

  private reanchor(emu: number): void {
    this.anchorEmu = emu;
    this.anchorReal = this.realNow();
  }

  /** Keeps one unref'd wall-clock timer for the earliest due timer when time flows on its own. */
  private arm(): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    const next = this.timers[0];
    if (next === undefined || this.firing) return;
    // A stopped (manual) clock still runs timers that are already due, on the next tick:
    // "retry immediately" must not wait for the test's next advance().
    if (this.factorValue === 0 && next.at > this.now()) return;
    const delay = this.factorValue === 0 ? 0 : Math.max(0, Math.ceil((next.at - this.now()) / this.factorValue));
    this.wake = setTimeout(
      () => {
        this.wake = undefined;
        this.fireDue(this.now());
        this.arm();
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    this.wake.unref();
  }
}

function factorFor(mode: ClockMode, factor: number | undefined): number {
  if (mode === 'manual') return 0;
  if (mode === 'real') return 1;
  if (factor === undefined || !Number.isFinite(factor) || factor <= 0) {
    throw new RangeError('clock: accelerated mode needs a factor > 0');
  }
  return factor;
}
