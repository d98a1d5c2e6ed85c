/**
 * The time API 3.0 signatures are checked against (the 5-minute X-TC-Timestamp window).
 *
 * Kept apart from the simulation clock on purpose: clients (the official SDK, our cloud/
 * client under Temporal) sign with the real time, while tests move the simulation clock by
 * hours to run provider timers. By default signatures are checked against wall time plus
 * a settable offset (`skew`), so "the server clock is 6 minutes ahead" is one control call;
 * `source: 'emulated'` checks them against the simulation clock instead, for clients that
 * sign with the emulator's clock.
 */
import { type EmulatorClock } from './clock';

export type SignatureTimeSource = 'wall' | 'emulated';

/** The "now" that TC3 timestamps are checked against: wall or emulated time, plus a settable skew. */
export class SignatureClock {
  private offsetMs = 0;

  constructor(
    private readonly clock: EmulatorClock,
    private readonly source: SignatureTimeSource,
    private readonly wallNow: () => number = Date.now,
  ) {}

  /** Epoch ms the server believes it is, for signature checks. */
  now(): number {
    return (this.source === 'emulated' ? this.clock.now() : this.wallNow()) + this.offsetMs;
  }

  /** Sets how far the server's clock is off (positive = ahead of the caller). */
  setSkew(offsetMs: number): void {
    if (!Number.isFinite(offsetMs)) throw new RangeError('skew: offsetMs must be a finite number');
    this.offsetMs = offsetMs;
  }

  skew(): number {
    return this.offsetMs;
  }
}
