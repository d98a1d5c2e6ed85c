/**
 * Replays every committed history (test/workflows/histories/<generation>/*.json) against the
 * current workflow code: a change that would break running recordings fails here (use
 * `patched()`). Each workflow change records a new generation and keeps the old ones:
 * `RECORD_HISTORIES=<generation> npx jest test/workflows` (see the README there).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { HISTORY_DIR, workflowBundle } from './support/harness';
import { historyFromJson } from './support/history-json';

// While histories are being (re)written by the other files, replay them in a second run instead.
const recording = (process.env['RECORD_HISTORIES'] ?? '') !== '';
const maybe = recording ? describe.skip : describe;

const generations = readdirSync(HISTORY_DIR, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
/** `<generation>/<scenario>.json`, oldest generation first. */
const files = generations.flatMap((generation) =>
  readdirSync(join(HISTORY_DIR, generation))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => `${generation}/${f}`),
);
const scenarioOf = (file: string): string => file.slice(file.indexOf('/') + 1);

maybe('committed histories', () => {
  test('histories of the lifecycle scenarios are committed, and only in generation folders', () => {
    expect(readdirSync(HISTORY_DIR).filter((f) => f.endsWith('.json'))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const product of ['trtc-cloud', 'trtc-web', 'tiw-online', 'css-live', 'trro-cloud']) {
      expect(files.some((f) => scenarioOf(f).startsWith(product))).toBe(true);
    }
    expect(files.some((f) => f.includes('continue-as-new') && f.includes('.runlast.'))).toBe(true);
  });

  test('every committed history of every generation replays without a determinism violation', async () => {
    const histories = files.map((file) => ({
      workflowId: file,
      history: historyFromJson(readFileSync(join(HISTORY_DIR, file), 'utf8')),
    }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
    // Every generation replays in one worker; generous for a loaded machine, it is a bound, not a speed check.
  }, 600_000);
});
