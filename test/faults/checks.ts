/**
 * What the suite counts, from the emulator's tasks (the provider's truth) and each workflow's
 * status and result. Pure: the runner gathers the observations, this file judges them.
 *
 * - duplicate: a task of the recording that billed at the same time as another of its tasks
 *   (overlapping lives) and that the result does not declare (not in `taskIds`, not named in a
 *   warning). A trtc-cloud replacement (same bot UserId: the provider ends the earlier task as
 *   the new bot enters, at most 2 s after the new create) is no duplicate.
 * - orphan: a task still running once the run settled that nothing declares as possibly
 *   running (a `Detached` result, or the status of a run closed mid-start, naming a time the
 *   task ends by is a declaration).
 * - lost-stop: the recording's own task (declared) still running though its workflow closed
 *   without declaring it may run on (its stop, ours or the workflow's own, did not happen).
 * - false-failure: a `Failed` result while the provider shows its task(s) stopped or fine.
 * - stuck: a workflow still open after the settle deadline.
 * - splice-accepted: a forged callback (a genuine signature on another body) answered 200.
 */
import { type Product } from '../../domain/catalog';
import type { TaskView } from '../../emulator/index';
import type { RecordingResult, RecordingStatus } from '../../client/recordings/public-shapes';

export type CheckName = 'duplicate' | 'orphan' | 'lost-stop' | 'false-failure' | 'stuck' | 'splice-accepted';
export const CHECKS: readonly CheckName[] = [
  'duplicate',
  'orphan',
  'lost-stop',
  'false-failure',
  'stuck',
  'splice-accepted',
];

/** What the runner saw of one recording once the run settled. */
export interface RecordingObservation {
  readonly recordId: string;
  readonly product: Product;
  /** Temporal's execution status (`RUNNING`, `COMPLETED`, `TERMINATED`, …), or `UNKNOWN` if describe failed. */
  readonly workflowStatus: string;
  readonly result?: RecordingResult;
  /** Why there is no result (terminated, failed, describe error). */
  readonly resultError?: string;
  /** The suite asked for a stop and Temporal accepted it. */
  readonly stopRequested: boolean;
  readonly terminated: boolean;
  /** The lifecycle state a run that closed without a result was in (its status query). */
  readonly closedState?: string;
  /** What the recording's status says of a run that closed without a result (the library's `closure`). */
  readonly closure?: RecordingStatus['closure'];
  /** Every emulator task of this recording's identity, oldest first. */
  readonly tasks: readonly TaskView[];
  /** Emulated epoch ms of the settle snapshot (a running task's life ends there). */
  readonly settledAt: number;
}

export interface Finding {
  readonly check: CheckName;
  readonly recordId: string;
  readonly product: Product;
  readonly taskId?: string;
  readonly detail: string;
  readonly warnings: readonly string[];
  readonly declaredTaskIds: readonly string[];
  /** The lifecycle state a run that closed without a result was in. */
  readonly closedState?: string;
}

/** Tasks the result speaks of: its TaskIds and any TaskId a warning names. */
export function declaredTaskIds(result: RecordingResult | undefined, tasks: readonly TaskView[]): string[] {
  if (result === undefined) return [];
  const ids = new Set<string>(result.taskIds);
  if (result.taskId !== undefined) ids.add(result.taskId);
  const text = result.warnings.map((w) => w.detail).join('\n');
  // A TaskId named as a whole word (not a piece of a longer id or word).
  const named = (id: string): boolean =>
    new RegExp(`(^|[^\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w-])`).test(text);
  for (const t of tasks) if (named(t.taskId)) ids.add(t.taskId);
  return [...ids];
}

/** The time a `Detached` result says the unknown task may run until (epoch ms), if it names one. */
export function detachedUntil(result: RecordingResult | undefined): number | undefined {
  if (result?.state !== 'Detached') return undefined;
  const match = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/.exec(result.detachedReason ?? '');
  return match?.[1] === undefined ? undefined : Date.parse(match[1]);
}

/**
 * The time a closed run's status says a task of its unanswered start may run until (css-live:
 * no lookup, no stop without a TaskId; the provider ends it at EndTime), if it names one.
 */
export function closureUntil(closure: RecordingStatus['closure']): number | undefined {
  const reap = closure?.reap;
  return reap?.state === 'unreachable' && reap.mayRunUntil !== undefined ? Date.parse(reap.mayRunUntil) : undefined;
}

/** The latest a running task ends by itself, when the provider bounds it (css-live EndTime). */
function ownEndBound(task: TaskView): number | undefined {
  const end = task.detail['endMs'];
  return typeof end === 'number' ? end : undefined;
}

/**
 * trtc-cloud's documented idempotency rule (recorders/README.md): a create with the same bot
 * UserId replaces the earlier task, which the provider ends as the new bot enters (302,
 * LeaveCode 101; the emulator's end reason `same-user-reentered`). The two lives touch for the
 * moment the new bot takes a while to enter; that is a replacement, not a second billed task.
 */
const REPLACED_BY_SAME_BOT = 'same-user-reentered';
const REPLACEMENT_HANDOVER_MS = 2_000;
function isReplacement(earlier: TaskView, later: TaskView): boolean {
  return (
    earlier.endReason === REPLACED_BY_SAME_BOT &&
    earlier.endedAt !== undefined &&
    earlier.endedAt - later.createdAt <= REPLACEMENT_HANDOVER_MS
  );
}

const PROVIDER_FAILURE = /fail|error|exception|provider-ended/i;

export function judge(o: RecordingObservation): Finding[] {
  const findings: Finding[] = [];
  const warnings = o.result?.warnings.map((w) => w.code) ?? [];
  const declared = declaredTaskIds(o.result, o.tasks);
  const add = (check: CheckName, detail: string, taskId?: string): void => {
    findings.push({
      check,
      recordId: o.recordId,
      product: o.product,
      ...(taskId !== undefined ? { taskId } : {}),
      detail,
      warnings,
      declaredTaskIds: declared,
      ...(o.closedState === undefined ? {} : { closedState: o.closedState }),
    });
  };

  if (o.workflowStatus === 'RUNNING') add('stuck', `workflow still open after the settle deadline`);

  // duplicates: overlapping lives, the undeclared side counted once
  const lifeEnd = (t: TaskView): number => t.endedAt ?? o.settledAt;
  const duplicates = new Set<string>();
  for (let i = 0; i < o.tasks.length; i++) {
    for (let j = i + 1; j < o.tasks.length; j++) {
      const a = o.tasks[i] as TaskView;
      const b = o.tasks[j] as TaskView;
      const overlap = Math.min(lifeEnd(a), lifeEnd(b)) - Math.max(a.createdAt, b.createdAt);
      if (overlap <= 0 || isReplacement(a, b)) continue;
      const undeclared = [a, b].filter((t) => !declared.includes(t.taskId));
      const extra = undeclared.length === 2 ? [b] : undeclared;
      for (const t of extra) {
        if (duplicates.has(t.taskId)) continue;
        duplicates.add(t.taskId);
        const other = t === a ? b : a;
        add(
          'duplicate',
          `task ${t.taskId} billed ${Math.round(overlap / 1000)} s alongside ${other.taskId}; ` +
            `result taskIds ${JSON.stringify(o.result?.taskIds ?? [])}; running at settle: ${t.running}`,
          t.taskId,
        );
      }
    }
  }

  // still running after the settle
  const until = detachedUntil(o.result) ?? closureUntil(o.closure);
  for (const t of o.tasks.filter((x) => x.running)) {
    const bound = ownEndBound(t);
    // Declared: Detached until its EndTime, or a closure saying the unanswered start's task may run until then.
    if (until !== undefined && bound !== undefined && bound <= until + 1_000) continue;
    const closedWithResult = o.result !== undefined && o.workflowStatus !== 'RUNNING';
    if (closedWithResult && declared.includes(t.taskId)) {
      add(
        'lost-stop',
        `task ${t.taskId} still ${t.status} though the result says ${o.result?.state} / ${o.result?.endReason}` +
          (o.stopRequested ? ' after a stop request' : ''),
        t.taskId,
      );
    } else if (o.workflowStatus !== 'RUNNING') {
      add(
        'orphan',
        `task ${t.taskId} still ${t.status}; workflow ${o.workflowStatus}` +
          (o.result === undefined ? ` (${o.resultError ?? 'no result'})` : `, result ${o.result.state}`),
        t.taskId,
      );
    }
  }

  if (
    o.result?.state === 'Failed' &&
    o.tasks.length > 0 &&
    !o.tasks.some((t) => PROVIDER_FAILURE.test(t.endReason ?? ''))
  ) {
    add(
      'false-failure',
      `result Failed (${o.result.failure?.type ?? '?'}: ${o.result.failure?.message ?? ''}) while the provider shows ` +
        o.tasks.map((t) => `${t.taskId} ${t.running ? 'running' : `ended ${t.endReason ?? '?'}`}`).join(', '),
      o.tasks[o.tasks.length - 1]?.taskId,
    );
  }
  return findings;
}
