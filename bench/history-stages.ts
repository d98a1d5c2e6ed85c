/**
 * Where a start's time goes, read from its workflow history: each stage is the gap between two
 * event times (ms), from the client's call to the provider receiving the create.
 */
import { temporal } from '@temporalio/proto';

const T = temporal.api.enums.v1.EventType;

/** A history event reduced to what the stages need. */
export interface StageEvent {
  readonly eventId: number;
  readonly type: 'started' | 'wftScheduled' | 'wftStarted' | 'wftCompleted' | 'activityScheduled' | 'activityStarted';
  readonly timeMs: number;
  /** For activityStarted: the event id of its ActivityTaskScheduled. */
  readonly scheduledEventId?: number;
  /** For activityScheduled: the activity type. */
  readonly activityType?: string;
}

export interface StartStages {
  /** Client call → WorkflowExecutionStarted. */
  readonly clientToServerMs: number;
  /** First workflow task scheduled → started (queue wait / matching). */
  readonly wftQueueMs: number;
  /** First workflow task started → completed (the worker's run). */
  readonly wftRunMs: number;
  /** That task completed → the first activity scheduled (usually the same instant). */
  readonly activityScheduledMs: number;
  /** First activity scheduled → started (queue wait / matching). */
  readonly activityQueueMs: number;
  /** Activity started → the provider received the create (emulator record). */
  readonly activityToProviderMs: number;
  readonly activityType: string;
}

/**
 * The stages of the first workflow task and the first activity, or undefined when the history
 * lacks one of them (not yet run). `callAtMs` is the client's call; `providerAtMs` the create's arrival.
 */
export function startStages(
  events: readonly StageEvent[],
  callAtMs: number,
  providerAtMs: number,
): StartStages | undefined {
  const first = (type: StageEvent['type']): StageEvent | undefined => events.find((e) => e.type === type);
  const started = first('started');
  const wftScheduled = first('wftScheduled');
  const wftStarted = first('wftStarted');
  const wftCompleted = first('wftCompleted');
  const activityScheduled = first('activityScheduled');
  const activityStarted = events.find(
    (e) => e.type === 'activityStarted' && e.scheduledEventId === activityScheduled?.eventId,
  );
  if (
    started === undefined ||
    wftScheduled === undefined ||
    wftStarted === undefined ||
    wftCompleted === undefined ||
    activityScheduled === undefined ||
    activityStarted === undefined
  )
    return undefined;
  return {
    clientToServerMs: started.timeMs - callAtMs,
    wftQueueMs: wftStarted.timeMs - wftScheduled.timeMs,
    wftRunMs: wftCompleted.timeMs - wftStarted.timeMs,
    activityScheduledMs: activityScheduled.timeMs - wftCompleted.timeMs,
    activityQueueMs: activityStarted.timeMs - activityScheduled.timeMs,
    activityToProviderMs: providerAtMs - activityStarted.timeMs,
    activityType: activityScheduled.activityType ?? 'unknown',
  };
}

type ProtoEvent = temporal.api.history.v1.IHistoryEvent;

const TYPES = new Map<number, StageEvent['type']>([
  [T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, 'started'],
  [T.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, 'wftScheduled'],
  [T.EVENT_TYPE_WORKFLOW_TASK_STARTED, 'wftStarted'],
  [T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, 'wftCompleted'],
  [T.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, 'activityScheduled'],
  [T.EVENT_TYPE_ACTIVITY_TASK_STARTED, 'activityStarted'],
]);

/** The proto events as StageEvents (others dropped). */
export function stageEvents(events: readonly ProtoEvent[]): StageEvent[] {
  const out: StageEvent[] = [];
  for (const e of events) {
    const type = TYPES.get(Number(e.eventType));
    if (type === undefined) continue;
    const timeMs = Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
    const scheduledEventId = e.activityTaskStartedEventAttributes?.scheduledEventId;
    const activityType = e.activityTaskScheduledEventAttributes?.activityType?.name;
    out.push({
      eventId: Number(e.eventId),
      type,
      timeMs,
      ...(scheduledEventId === undefined || scheduledEventId === null
        ? {}
        : { scheduledEventId: Number(scheduledEventId) }),
      ...(activityType === undefined || activityType === null ? {} : { activityType }),
    });
  }
  return out;
}
