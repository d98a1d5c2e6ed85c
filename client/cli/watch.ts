/**
 * `recordings watch`: asks for the status every interval until the recording ends. A terminal
 * gets one progress line rewritten in place; a pipe gets a line only when something changed
 * (state, file count, warnings), and `--json` one status document per change (NDJSON).
 */
import { type RecordingsClient } from '../recordings/client';
import { endLine, hasEnded, progressKey, progressLine } from './render';

export interface WatchOptions {
  readonly intervalMs: number;
  readonly json: boolean;
  /** Rewrite the line in place (stdout is a terminal). */
  readonly tty: boolean;
  readonly write: (text: string) => void;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows `recordId` until its state is an ending; resolves with the last status. */
export async function watchRecording(
  recordings: RecordingsClient,
  recordId: string,
  options: WatchOptions,
): Promise<unknown> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  let lastKey: string | undefined;
  for (;;) {
    const status: unknown = await recordings.status(recordId);
    const ended = hasEnded(status);
    const key = progressKey(status);
    const changed = key !== lastKey;
    lastKey = key;
    if (options.json) {
      if (changed) options.write(`${JSON.stringify(status)}\n`);
    } else if (options.tty) {
      // \r + erase line: the same line shows the clock moving.
      options.write(`\r\u001b[2K${progressLine(status, now())}${ended ? '\n' : ''}`);
    } else if (changed) {
      options.write(`${progressLine(status, now())}\n`);
    }
    if (ended) {
      if (!options.json) options.write(`${endLine(status)}\n`);
      return status;
    }
    await sleep(options.intervalMs);
  }
}
