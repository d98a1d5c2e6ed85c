/** Pure merging of what a recording accumulates: output files, warnings, the event-id dedupe window. */
import type { OutputFile } from '../domain/contract';
import type { RecordingWarning } from './types';

/** Provider event ids remembered for dedupe; callbacks are retried for minutes, not days. */
export const EVENT_ID_WINDOW = 500;
/** Distinct warnings kept; a repeated one is counted instead. */
export const WARNING_LIMIT = 20;

/**
 * Files keyed by name (+ user and track): callbacks and polls report the same file more than
 * once, often with more detail the second time, so later reports fill in earlier ones.
 */
export function mergeFiles(known: readonly OutputFile[], incoming: readonly OutputFile[]): OutputFile[] {
  const keyOf = (f: OutputFile): string => `${f.name}\u0000${f.userId ?? ''}\u0000${f.trackType ?? ''}`;
  const out = [...known];
  for (const file of incoming) {
    const at = out.findIndex((f) => keyOf(f) === keyOf(file));
    if (at < 0) out.push(file);
    else out[at] = { ...out[at], ...file };
  }
  return out;
}

/** Same code and detail → count it; otherwise append, dropping the oldest past the limit. */
export function mergeWarning(known: readonly RecordingWarning[], warning: RecordingWarning): RecordingWarning[] {
  const at = known.findIndex((w) => w.code === warning.code && w.detail === warning.detail);
  if (at >= 0) {
    const prev = known[at] as RecordingWarning;
    return known.map((w, i) => (i === at ? { ...prev, atMs: warning.atMs, count: prev.count + 1 } : w));
  }
  return [...known, warning].slice(-WARNING_LIMIT);
}

/** The window with `eventId` added, or `undefined` when it was already there. */
export function rememberEventId(window: readonly string[], eventId: string): string[] | undefined {
  if (window.includes(eventId)) return undefined;
  return [...window, eventId].slice(-EVENT_ID_WINDOW);
}
