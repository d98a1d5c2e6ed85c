/**
 * The `recording_recordings{product,state}` gauge, counted by Temporal visibility on a scrape.
 *
 * Visibility is what the UI and `list` show and it survives every restart, so the numbers are
 * the same whichever worker is scraped and need no workflow change. Counting transitions in the
 * workflow instead would need a patched workflow and an activity per transition, and a
 * per-process counter cannot make a cluster-wide gauge. Servers group counts by
 * ExecutionStatus only, so each (product, state) is one count query: 5 × 11 per refresh, run
 * only when a scrape finds the last counts older than `maxAgeMs`.
 */
import { type Client } from '@temporalio/client';
import { PRODUCTS } from '../domain/catalog';
import { RecordingProductKey, RecordingStateKey } from '../domain/search-attributes';
import { NEXT_STATES } from '../workflows/lifecycle';
import { WORKFLOW_TYPES } from '../workflows/messages';
import { recordingsByState, setRecordingCountSource } from '../runtime/metrics';

/** Every lifecycle state: NEXT_STATES is keyed by all of them (a Record over RecordingState). */
const STATES = Object.keys(NEXT_STATES);

export interface RecordingCount {
  readonly product: string;
  readonly state: string;
  readonly count: number;
}

/** One count per (product, state), a few queries at a time. */
export async function countRecordings(client: Client): Promise<RecordingCount[]> {
  const pairs = PRODUCTS.flatMap((product) => STATES.map((state) => ({ product, state })));
  const out: RecordingCount[] = [];
  for (let i = 0; i < pairs.length; i += 5) {
    const batch = pairs.slice(i, i + 5);
    const counts = await Promise.all(
      batch.map(({ product, state }) =>
        client.workflow.count(
          `WorkflowType = '${WORKFLOW_TYPES.recording}' AND ${RecordingProductKey.name} = '${product}' AND ${RecordingStateKey.name} = '${state}'`,
        ),
      ),
    );
    batch.forEach((pair, index) => out.push({ ...pair, count: counts[index]?.count ?? 0 }));
  }
  return out;
}

/**
 * Feeds the gauge from `client`'s namespace on scrapes, at most once per `maxAgeMs`; a failed
 * count leaves the last values (the scrape itself still answers).
 */
export function serveRecordingCounts(client: Client, options: { maxAgeMs?: number; now?: () => number } = {}): void {
  const maxAgeMs = options.maxAgeMs ?? 30_000;
  const now = options.now ?? Date.now;
  let countedAt = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | undefined;
  setRecordingCountSource(async () => {
    if (now() - countedAt < maxAgeMs) return;
    running ??= countRecordings(client)
      .then((counts) => {
        for (const { product, state, count } of counts) recordingsByState.set({ product, state }, count);
        countedAt = now();
      })
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
    await running;
  });
}
