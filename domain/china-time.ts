/**
 * CreateLiveRecord takes StartTime/EndTime as China Standard Time (UTC+8, no DST) strings
 * `YYYY-MM-DD HH:MM:SS`. Pure conversions both ways, so workflows and clients can use them.
 */

const CST_OFFSET_MS = 8 * 3_600_000;
const FORMAT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Epoch ms of a China Standard Time string, or `undefined` if it is not a real calendar time. */
export function chinaStandardTimeToEpochMs(text: string): number | undefined {
  const m = FORMAT.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  // Date.UTC rolls 2024-02-30 over to March; a round trip catches impossible dates.
  if (
    back.getUTCFullYear() !== y ||
    back.getUTCMonth() !== mo - 1 ||
    back.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  ) {
    return undefined;
  }
  return utc - CST_OFFSET_MS;
}

/** The China Standard Time string for an epoch ms (seconds precision, truncated). */
export function epochMsToChinaStandardTime(epochMs: number): string {
  const t = new Date(Math.floor(epochMs / 1000) * 1000 + CST_OFFSET_MS);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
}
