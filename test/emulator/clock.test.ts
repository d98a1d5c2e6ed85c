/** The emulator clock: manual advance fires timers in due order at their own time; modes switch without jumps. */
import { EmulatorClock } from '../../emulator/time/clock';

describe('EmulatorClock', () => {
  test('manual advance fires due timers in order, each seeing its own due time', () => {
    const clock = new EmulatorClock({ mode: 'manual', startMs: 1_000_000 });
    const seen: string[] = [];
    clock.after(3_000, () => seen.push(`b@${clock.now()}`));
    clock.after(1_000, () => {
      seen.push(`a@${clock.now()}`);
      clock.after(500, () => seen.push(`a2@${clock.now()}`));
    });
    clock.after(10_000, () => seen.push('late'));
    expect(clock.advance(5_000)).toBe(3);
    expect(seen).toEqual(['a@1001000', 'a2@1001500', 'b@1003000']);
    expect(clock.now()).toBe(1_005_000);
    expect(clock.pendingTimers().map((t) => t.at)).toEqual([1_010_000]);
  });

  test('a cleared timer never fires and a throwing timer is recorded, not fatal', () => {
    const clock = new EmulatorClock({ mode: 'manual', startMs: 0 });
    let fired = false;
    const timer = clock.after(10, () => (fired = true));
    clock.clearTimer(timer);
    clock.after(
      20,
      () => {
        throw new Error('boom');
      },
      'exploding',
    );
    clock.advance(100);
    expect(fired).toBe(false);
    expect(clock.timerErrors).toEqual([{ label: 'exploding', message: 'Error: boom', at: 20 }]);
  });

  test('accelerated time runs factor times faster than the wall clock', () => {
    let wall = 0;
    const clock = new EmulatorClock({ mode: 'accelerated', factor: 60, startMs: 0, realNow: () => wall });
    wall = 1_000;
    expect(clock.now()).toBe(60_000);
    clock.setMode('manual');
    wall = 5_000;
    expect(clock.now()).toBe(60_000);
    clock.setMode('real');
    wall = 6_000;
    expect(clock.now()).toBe(61_000);
  });

  test('a manual clock still runs timers that are already due on the next tick', async () => {
    const clock = new EmulatorClock({ mode: 'manual', startMs: 0 });
    const fired = new Promise<number>((resolve) => clock.after(0, (at) => resolve(at)));
    await expect(fired).resolves.toBe(0);
  });

  test('real mode fires timers from the wall clock', async () => {
    const clock = new EmulatorClock({ mode: 'real' });
    const start = clock.now();
    // `after` reads the clock again, so the due time may lie a millisecond past `start + 20`.
    const at = await new Promise<number>((resolve) => clock.after(20, resolve));
    expect(at).toBeGreaterThanOrEqual(start + 20);
    expect(at).toBeLessThanOrEqual(start + 20 + 15);
    expect(clock.now()).toBeGreaterThanOrEqual(at);
  });

  test('rejects a negative advance and an accelerated clock without a factor', () => {
    expect(() => new EmulatorClock({ mode: 'manual' }).advance(-1)).toThrow(RangeError);
    expect(() => new EmulatorClock({ mode: 'accelerated' })).toThrow('factor');
  });
});
