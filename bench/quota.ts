/** Provider call rates read from the emulator's call records, as a fraction of a documented quota. */

/**
 * Accepted calls per second from the first to the last of `times` (ms, any order), divided by
 * `limitPerSecond`: 1 means the quota was used to the full. n calls span n − 1 intervals.
 */
export function quotaFraction(times: readonly number[], limitPerSecond: number): number {
  if (times.length < 2 || limitPerSecond <= 0) return 0;
  const first = Math.min(...times);
  const last = Math.max(...times);
  if (last === first) return 0;
  const rate = ((times.length - 1) / (last - first)) * 1000;
  return Math.round((rate / limitPerSecond) * 1000) / 1000;
}
