/**
 * Workflow time. Inside the workflow sandbox `Date.now()` is not the wall clock: Temporal
 * replaces it with the deterministic time of the current workflow task (the same on replay),
 * which is exactly what timers and deadlines here must use. This is the one place that reads it.
 */
export function nowMs(): number {
  return Date.now();
}
