/**
 * Watches one recording from the outside (the status query, a few times a second) and prints
 * its lifecycle: each state with the time it was first seen, the TaskId, the end and the files.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { type RecordingsClient } from '../client/recordings/client';
import { TERMINAL_STATES } from '../workflows/lifecycle';
import type { RecordingStatusState } from '../workflows/types';
import type { RecordingResult } from '../client/recordings/public-shapes';

export interface StateSeen {
  /** Wall-clock ms when the watcher first saw the state. */
  readonly atMs: number;
  readonly state: RecordingStatusState;
  readonly taskId?: string;
}

export interface LifecycleWatch {
  readonly seen: readonly StateSeen[];
  /** Stops watching; resolves once the last poll has finished. */
  stop(): Promise<void>;
}

/** Polls `status(recordId)` every `intervalMs` and keeps each change of state or TaskId. */
export function watchLifecycle(recordings: RecordingsClient, recordId: string, intervalMs = 200): LifecycleWatch {
  const seen: StateSeen[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      // Before the start, or while no worker answers the query, there is simply nothing new to record.
      const status = await recordings.status(recordId).catch(() => undefined);
      const last = seen.at(-1);
      if (status !== undefined && (last?.state !== status.state || last.taskId !== status.taskId)) {
        seen.push({
          atMs: Date.now(),
          state: status.state,
          ...(status.taskId === undefined ? {} : { taskId: status.taskId }),
        });
      }
      if (status !== undefined && isTerminal(status.state)) break;
      await delay(intervalMs);
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** True once the recording has ended (the workflow's own list of terminal states, or closed from outside). */
export function isTerminal(state: RecordingStatusState): boolean {
  return state === 'Terminated' || TERMINAL_STATES.includes(state);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const at = (ms: number, t0: number): string => `+${((ms - t0) / 1000).toFixed(1).padStart(5)} s`;

/** The printable lifecycle of one recording; `t0` is when the demo asked for it. */
export function formatLifecycle(
  title: string,
  t0: number,
  seen: readonly StateSeen[],
  result: RecordingResult,
): string {
  const lines = [`${title}  (recordId ${result.recordId})`, `  ${at(Date.parse(result.requestedAt), t0)}  requested`];
  for (const s of seen)
    lines.push(`  ${at(s.atMs, t0)}  ${s.state.padEnd(10)}${s.taskId === undefined ? '' : `  TaskId ${s.taskId}`}`);
  if (seen.at(-1)?.state !== result.state) lines.push(`  ${at(Date.parse(result.endedAt), t0)}  ${result.state}`);
  const provider =
    result.providerEnd === undefined
      ? ''
      : `; provider: ${result.providerEnd.cause ?? 'ended'} (${result.providerEnd.source}${result.providerEnd.detail === undefined ? '' : `, ${result.providerEnd.detail}`})`;
  lines.push(`  end: ${result.state} / ${result.endReason}${provider}`);
  lines.push(
    `  task: ${result.taskId ?? '(none)'}${result.taskIds.length > 1 ? ` (all: ${result.taskIds.join(', ')})` : ''}, start calls ${result.attempts}`,
  );
  if (result.startedAt !== undefined)
    lines.push(
      `  recorded: ${seconds(Date.parse(result.stoppedAt ?? result.providerEnd?.at ?? result.endedAt) - Date.parse(result.startedAt))}`,
    );
  lines.push(`  files (${result.files.length}${result.filesComplete ? ', complete' : ', completion not reported'}):`);
  for (const f of result.files) {
    const size = f.sizeBytes === undefined ? '' : `, ${(f.sizeBytes / 1e6).toFixed(1)} MB`;
    const length = f.durationMs === undefined ? '' : ` ${seconds(f.durationMs)}`;
    lines.push(`    ${f.url ?? f.name}${length}${size}`);
  }
  for (const w of result.warnings) lines.push(`  warning ${w.code}: ${w.detail}${w.count > 1 ? ` (×${w.count})` : ''}`);
  return lines.join('\n');
}
