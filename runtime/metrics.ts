/**
 * The process's Prometheus metrics: one registry and every metric the project exports, named and
 * labelled here only (one owner), so worker, gateway and tests speak the same names. Recorders of
 * values import the metric they feed; the HTTP side serves `scrapeMetrics()`.
 *
 * Labels are bounded sets (products, actions, provider codes, outcomes); never ids, never values.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The registry every metric below is registered in; a process serves exactly this one. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'recording_process_' });

/**
 * Provider calls by service, action and result code: `ok`, the provider's error code
 * (`ResourceNotFound.TaskNotExist`), `HTTP_<status>`, `timeout_<phase>` or the transport code.
 */
export const providerCalls = new Counter({
  name: 'recording_provider_calls_total',
  help: 'Tencent Cloud API calls made by this process, by service, action and result code',
  labelNames: ['service', 'action', 'code'] as const,
  registers: [metricsRegistry],
});

/** Latency of each provider call, success or not (seconds, from send to the answer or error). */
export const providerCallSeconds = new Histogram({
  name: 'recording_provider_call_duration_seconds',
  help: 'Latency of Tencent Cloud API calls, by service, action and whether they succeeded',
  labelNames: ['service', 'action', 'result'] as const,
  buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

/** Calls the provider throttled (RequestLimitExceeded, HTTP 429): caused by us unless another client shares the quota. */
export const providerThrottles = new Counter({
  name: 'recording_provider_throttles_total',
  help: 'Provider calls refused as throttled (RequestLimitExceeded, HTTP 429), by service and action; each is retried',
  labelNames: ['service', 'action'] as const,
  registers: [metricsRegistry],
});

/**
 * Reconciles: a start that found its task already there (`exists`), and each lookup of a task
 * whose create may have been sent (`recoverTask`: `found`, `not-found`, `unsupported`, ...).
 */
export const reconciles = new Counter({
  name: 'recording_reconciles_total',
  help: 'Reconciles of ambiguous starts, by product, kind (exists-on-start, lookup) and outcome',
  labelNames: ['product', 'kind', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** What the orphan reaper did: closed recordings found with live tasks, unowned listed tasks, reap stops. */
export const reaperActions = new Counter({
  name: 'recording_reaper_actions_total',
  help: 'Orphan reaper actions: orphans-found, unowned-found, stop, stuck-repair, revealed-task (by outcome)',
  labelNames: ['action', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** Provider callbacks by product, outcome (accepted, rejected) and reason. */
export const callbacks = new Counter({
  name: 'recording_callbacks_total',
  help: 'Provider callbacks received, by product, outcome (accepted, rejected) and reason',
  labelNames: ['product', 'outcome', 'reason'] as const,
  registers: [metricsRegistry],
});

let recordingCountSource: (() => Promise<void>) | undefined;

/** Sets what refreshes `recordingsByState` before each scrape (worker/recordings-gauge.ts); one per process. */
export function setRecordingCountSource(source: (() => Promise<void>) | undefined): void {
  recordingCountSource = source;
}

/** Recordings by product and lifecycle state, as visibility counts them (worker/recordings-gauge.ts). */
export const recordingsByState = new Gauge({
  name: 'recording_recordings',
  help: 'Recordings by product and lifecycle state (RecordingState search attribute), from Temporal visibility',
  labelNames: ['product', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    await recordingCountSource?.();
  },
});

/** One scrape: what a `/metrics` handler answers. */
export interface MetricsScrape {
  readonly contentType: string;
  readonly body: string;
}

/**
 * The Prometheus text of this process's registry, followed by `extra` (already in the text
 * format, e.g. the Temporal Core metrics the SDK serves on its own address).
 */
export async function scrapeMetrics(extra?: () => Promise<string>): Promise<MetricsScrape> {
  const own = await metricsRegistry.metrics();
  const more = extra === undefined ? '' : await extra().catch(() => '');
  return { contentType: metricsRegistry.contentType, body: more === '' ? own : `${own}\n${more}` };
}
