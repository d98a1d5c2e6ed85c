/** China Standard Time (UTC+8, no DST) as CSS writes it: `YYYY-MM-DD HH:MM:SS` (reference §7). */

const CST_OFFSET_MS = 8 * 3_600_000;
const FORMAT = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * Parses a CST time to epoch ms; accepts the URL-encoded form the docs show
 * (`2017-01-01+10%3a10%3a01`). Returns undefined when it is not a valid time.
 */
export function parseCst(raw: string): number | undefined {
  let text = raw;
  if (/[+%]/.test(text)) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  const m = FORMAT.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utc);
  // Reject 2024-02-30 and the like (Date.UTC would roll them over).
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return utc - CST_OFFSET_MS;
}

/** Formats epoch ms as CST `YYYY-MM-DD HH:MM:SS`. */
export function formatCst(ms: number): string {
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** The CST calendar day of a moment (`YYYY-MM-DD`): the unit of the per-day task limit. */
export function cstDay(ms: number): string {
  return formatCst(ms).slice(0, 10);
}
