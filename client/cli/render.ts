/**
 * Human output of the CLI: aligned tables and one-line progress. Reads only the fields that make
 * up the public contract (recordId, product, state, times, files, warnings) and takes times as
 * either epoch ms (`startedAtMs`) or ISO strings (`startedAt`), so it survives status reshaping.
 */
import { TERMINAL_STATES } from '../../workflows/lifecycle';

type Fields = Readonly<Record<string, unknown>>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asFields(value: unknown): Fields {
  return isFields(value) ? value : {};
}

function listOf(value: unknown): Fields[] {
  return Array.isArray(value) ? value.map(asFields) : [];
}

function textOf(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** `name` as epoch ms: `<name>Ms` (a number) or `<name>` (an ISO string or a number). */
export function instantOf(record: Fields, name: string): number | undefined {
  for (const value of [record[`${name}Ms`], record[name]]) {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string') {
      const ms = Date.parse(value);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return undefined;
}

/** `2026-12-02T04:30:12Z` (whole seconds), or `-`. */
export function formatInstant(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `45s`, `2m05s`, `1h02m03s`. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${two(m)}m${two(s)}s`;
  if (m > 0) return `${m}m${two(s)}s`;
  return `${s}s`;
}

/** Columns padded to their widest cell; the header row in capitals. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [headers.map((h) => h.toUpperCase()), ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function keyValues(pairs: readonly (readonly [string, string])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

const ENDINGS: ReadonlySet<string> = new Set([...TERMINAL_STATES, 'Terminated']);

/** Whether a status's state is an ending (the lifecycle's terminal states, or Terminated from outside). */
export function hasEnded(status: unknown): boolean {
  return ENDINGS.has(textOf(asFields(status)['state']));
}

/** Time since the recording started (or was requested) until its end, or `nowMs` while it runs. */
export function elapsedMs(status: unknown, nowMs: number): number | undefined {
  const s = asFields(status);
  const from = instantOf(s, 'startedAt') ?? instantOf(s, 'requestedAt');
  if (from === undefined) return undefined;
  return (instantOf(s, 'endedAt') ?? nowMs) - from;
}

/** The watch line: `lesson-42  Recording  elapsed 2m05s  files 2  warnings 1`. */
export function progressLine(status: unknown, nowMs: number): string {
  const s = asFields(status);
  const elapsed = elapsedMs(s, nowMs);
  const warnings = listOf(s['warnings']).length;
  return [
    textOf(s['recordId']),
    textOf(s['state']),
    `elapsed ${elapsed === undefined ? '-' : formatElapsed(elapsed)}`,
    `files ${listOf(s['files']).length}`,
    ...(warnings > 0 ? [`warnings ${warnings}`] : []),
  ].join('  ');
}

/** What makes a progress line worth a new line when the output is not a terminal (not the clock). */
export function progressKey(status: unknown): string {
  const s = asFields(status);
  return JSON.stringify([s['state'], listOf(s['files']).length, listOf(s['warnings']).length]);
}

/** The last line of a watch: how it ended. */
export function endLine(status: unknown): string {
  const s = asFields(status);
  const reason = s['endReason'] === undefined ? '' : ` (${textOf(s['endReason'])})`;
  const files = listOf(s['files']).length;
  return `ended: ${textOf(s['state'])}${reason}, ${files} file${files === 1 ? '' : 's'}`;
}

function filesTable(files: readonly Fields[]): string {
  return table(
    ['file', 'url', 'size', 'duration'],
    files.map((f) => [
      textOf(f['name']),
      textOf(f['url']),
      typeof f['sizeBytes'] === 'number' ? `${f['sizeBytes']} B` : '-',
      typeof f['durationMs'] === 'number' ? formatElapsed(f['durationMs']) : '-',
    ]),
  );
}

function warningsTable(warnings: readonly Fields[]): string {
  return table(
    ['warning', 'count', 'detail'],
    warnings.map((w) => [textOf(w['code']), textOf(w['count'] ?? 1), textOf(w['detail'])]),
  );
}

/** Queued: `position 3 for trtc:1400000001 (limit 100)`. */
function queueLine(s: Fields): [string, string][] {
  const queue = asFields(s['queue']);
  if (textOf(s['state']) !== 'Queued' || queue['quotaKey'] === undefined) return [];
  const position = queue['position'] === undefined ? 'position unknown' : `position ${textOf(queue['position'])}`;
  const limit = queue['limit'] === undefined ? '' : ` (limit ${textOf(queue['limit'])})`;
  return [['queue', `${position} for ${textOf(queue['quotaKey'])}${limit}`]];
}

/** A status or result: the recording's facts, then its files and warnings. */
export function recordingView(value: unknown, nowMs: number): string {
  const s = asFields(value);
  const files = listOf(s['files']);
  const warnings = listOf(s['warnings']);
  const elapsed = elapsedMs(s, nowMs);
  const pairs: [string, string][] = [
    ['recordId', textOf(s['recordId'])],
    ['product', textOf(s['product'])],
    ['state', textOf(s['state'])],
    ...queueLine(s),
    ...(s['endReason'] === undefined ? [] : [['endReason', textOf(s['endReason'])] as [string, string]]),
    ['taskId', textOf(s['taskId'])],
    ['requested', formatInstant(instantOf(s, 'requestedAt'))],
    ['started', formatInstant(instantOf(s, 'startedAt'))],
    ['ended', formatInstant(instantOf(s, 'endedAt'))],
    ['elapsed', elapsed === undefined ? '-' : formatElapsed(elapsed)],
    [
      'files',
      `${files.length}${s['filesComplete'] === false ? ' (incomplete)' : ''}${s['filesComplete'] === true ? ' (complete)' : ''}`,
    ],
    ['warnings', String(warnings.length)],
  ];
  const failure = asFields(s['failure']);
  if (failure['type'] !== undefined)
    pairs.push(['failure', `${textOf(failure['type'])}: ${textOf(failure['message'])}`]);
  return [
    keyValues(pairs),
    ...(files.length > 0 ? [filesTable(files)] : []),
    ...(warnings.length > 0 ? [warningsTable(warnings)] : []),
  ].join('\n\n');
}

/** Recordings as listed: one row each. */
export function recordingsTable(recordings: unknown): string {
  const rows = listOf(recordings);
  if (rows.length === 0) return 'no recordings';
  return table(
    ['record id', 'product', 'state', 'run', 'started', 'closed'],
    rows.map((r) => [
      textOf(r['recordId']),
      textOf(r['product']),
      textOf(r['state']),
      textOf(r['runStatus']),
      formatInstant(instantOf(r, 'startedAt')),
      formatInstant(instantOf(r, 'closedAt')),
    ]),
  );
}

/** Schedules as listed: one row each. */
export function schedulesTable(schedules: unknown): string {
  const rows = listOf(schedules);
  if (rows.length === 0) return 'no schedules';
  return table(
    ['schedule id', 'paused', 'next run', 'recent runs', 'last recordId', 'note'],
    rows.map((r) => {
      const next: unknown[] = Array.isArray(r['nextRunTimes']) ? (r['nextRunTimes'] as unknown[]) : [];
      const recent = listOf(r['recentRuns']);
      return [
        textOf(r['scheduleId']),
        r['paused'] === true ? 'yes' : 'no',
        formatInstant(next.length === 0 ? undefined : instantOf({ t: next[0] }, 't')),
        String(recent.length),
        textOf(recent.at(-1)?.['recordId']),
        textOf(r['note']),
      ];
    }),
  );
}

/** Any other answer (modify's desired set): `key  value` lines. */
export function fieldsView(value: unknown): string {
  const s = asFields(value);
  const keys = Object.keys(s);
  return keys.length === 0 ? '(none)' : keyValues(keys.map((k) => [k, textOf(s[k])]));
}
