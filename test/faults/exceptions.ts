/**
 * The documented exceptions: findings that the design accepts for now, each with its reason and
 * where it is documented. This is the only list; the report prints each with its count, and a
 * finding that matches one does not fail the run. Remove an entry when the work it waits for lands.
 */
import { type Finding } from './checks';

export interface DocumentedException {
  readonly id: string;
  /** Why the design accepts it, and what will end it. */
  readonly reason: string;
  /** Where the project documents it. */
  readonly documentedIn: string;
  readonly matches: (finding: Finding) => boolean;
}

/**
 * None now. The last two ended with issue 8: `trro-lost-create-task` (TRRO callbacks are routed by
 * ProjectId + DeviceId, so a lost create's task reaches its recording and is stopped) and
 * `create-in-flight-at-terminate` (a task whose create was in flight when its workflow was
 * terminated is revealed by its own callback and reaped: workflows/revealed-reap.ts).
 */
export const DOCUMENTED_EXCEPTIONS: readonly DocumentedException[] = [];

export function exceptionFor(finding: Finding): DocumentedException | undefined {
  return DOCUMENTED_EXCEPTIONS.find((e) => e.matches(finding));
}
