/**
 * How a provider callback (ProviderEvent, already verified and normalised by the gateway)
 * changes a recording. Pure over the lifecycle: the signal handler only calls this.
 */
import type { ProviderEvent, ProviderIdentity } from '../domain/contract';
import type { Product } from '../domain/catalog';
import type { RecordingLifecycle } from './lifecycle';

/** Products whose duplicate starts run side by side (no replace, no dedupe): an extra TaskId must be stopped. */
const DUPLICATES_RUN: readonly Product[] = ['trro-cloud'];

/** True when the event names our identity, or the product's callbacks carry no identity to compare. */
export function matchesIdentity(event: ProviderEvent, identity: ProviderIdentity | undefined): boolean {
  if (identity?.botUserId !== undefined && event.botUserId !== undefined) return event.botUserId === identity.botUserId;
  if (identity?.recordUserId !== undefined && event.recordUserId !== undefined) return event.recordUserId === identity.recordUserId;
  return identity?.botUserId === undefined && identity?.recordUserId === undefined;
}

/** Applies one event; duplicates (same eventId) and events of other products change nothing. */
export function applyProviderEvent(life: RecordingLifecycle, event: ProviderEvent, nowMs: number, product: Product): void {
  if (event.product !== product || life.isTerminal || !life.firstSighting(event.eventId)) return;
  const at = event.occurredAtMs > 0 ? event.occurredAtMs : nowMs;
  const current = life.task?.taskId;
  const ours = matchesIdentity(event, life.data.identity);

  if (event.taskId !== undefined && event.taskId !== current) {
    if (event.kind === 'task-started' && ours) {
      // Before the start answered, or a lost TaskId: the start phase adopts it. Beside a known
      // task: a duplicate (trro-cloud) to stop, or a replacement (trtc-cloud same bot) to adopt when ours ends 'replaced'.
      if (current !== undefined && DUPLICATES_RUN.includes(product)) life.addExtraTask(event.taskId);
      else life.addCandidate(event.taskId);
    } else if (current !== undefined) {
      life.warn('foreign-task-event', `${event.kind} for task ${event.taskId} (ours: ${current})`, nowMs);
    }
    // Files of a task whose TaskId we are still waiting for are ours; beside a known task they are not.
    if (current === undefined && ours) life.addFiles(event.files);
    return;
  }

  life.addFiles(event.files);
  switch (event.kind) {
    case 'task-start-failed':
      life.providerEnded({ cause: 'failed', atMs: at, source: 'callback', ...detailOf(event) });
      break;
    case 'task-ended':
      if (event.endCause === 'replaced' && adoptReplacement(life, nowMs)) break;
      life.providerEnded({ ...(event.endCause === undefined ? {} : { cause: event.endCause }), atMs: at, source: 'callback', ...detailOf(event) });
      break;
    case 'upload-complete':
      life.uploadCompleted();
      // Completion of the upload means the recording is over (TIW Finished also says why).
      if (life.isActive || event.endCause !== undefined) {
        life.providerEnded({ ...(event.endCause === undefined ? {} : { cause: event.endCause }), atMs: at, source: 'callback', ...detailOf(event) });
      }
      break;
    case 'paused':
      if (life.state === 'Recording') life.paused();
      break;
    case 'resumed':
      if (life.state === 'Paused') life.resumed();
      break;
    default:
      // task-started (confirmation), files (merged above), info: nothing else to do.
      break;
  }
}

function detailOf(event: ProviderEvent): { detail?: string } {
  return event.detail === undefined ? {} : { detail: event.detail };
}

/** trtc-cloud: our bot re-entered under a newer TaskId (302 LeaveCode 101); follow the newer task. */
function adoptReplacement(life: RecordingLifecycle, nowMs: number): boolean {
  const task = life.task;
  const next = life.data.candidateTaskIds.at(-1);
  if (task === undefined || next === undefined) return false;
  life.warn('task-replaced', `task ${task.taskId} replaced by ${next}`, nowMs);
  life.adoptTask({ ...task, taskId: next }, nowMs);
  return true;
}
