/**
 * TIW online recording callbacks (reference §10, D:tiw-ev): OnlineRecordStarted, Stopped and
 * Finished in the envelope {EventData, EventType, ExpireTime, SdkAppId, Sign, Timestamp}.
 */
import { z } from 'zod';
import type { ProviderEvent } from '../../domain/contract';
import { compact, eventIdOf, looseNumber, looseString, toEpochMs } from '../callback-kit';
import { TIW_FINISH_REASONS, videoInfoSchema, videoInfoToOutput } from './responses';

const envelope = z.looseObject({
  EventType: z.string(),
  Timestamp: looseNumber.optional(),
  EventData: z.looseObject({
    TaskId: z.string().optional(),
    RoomId: looseString.optional(),
    RecordUserId: z.string().optional(),
    FinishReason: z.string().optional(),
    RecordStopTime: looseNumber.optional(),
    VideoInfos: z.array(videoInfoSchema).nullish(),
  }),
});

/** Maps one TIW callback; other whiteboard events (transcoding, push) are not ours: `undefined`. */
export function interpretTiwCallback(body: unknown): ProviderEvent | undefined {
  const parsed = envelope.safeParse(body);
  if (!parsed.success || !parsed.data.EventType.startsWith('OnlineRecord')) return undefined;
  const { EventType: type, EventData: data, Timestamp } = parsed.data;
  const common = {
    // Each event happens once per task; EventData is stable across delivery retries.
    eventId: eventIdOf(['tiw-online', type, data.TaskId], (body as { EventData?: unknown }).EventData),
    product: 'tiw-online' as const,
    occurredAtMs: Timestamp === undefined ? 0 : toEpochMs(Timestamp),
    taskId: data.TaskId,
    recordUserId: data.RecordUserId,
    roomId: data.RoomId,
  };
  switch (type) {
    case 'OnlineRecordStarted':
      return compact<ProviderEvent>({ ...common, kind: 'task-started', detail: type });
    case 'OnlineRecordStopped':
      // Recording stopped, processing and upload follow; the reason comes with Finished.
      return compact<ProviderEvent>({ ...common, kind: 'task-ended', detail: type });
    case 'OnlineRecordFinished': {
      const reason = data.FinishReason;
      const files = (data.VideoInfos ?? []).flatMap((v) => videoInfoToOutput(v) ?? []);
      return compact<ProviderEvent>({
        ...common,
        kind: 'upload-complete',
        endCause: reason === undefined ? undefined : (TIW_FINISH_REASONS[reason] ?? 'failed'),
        files,
        detail: `${type} FinishReason=${reason ?? '?'}`,
      });
    }
    default:
      return compact<ProviderEvent>({ ...common, kind: 'info', detail: type });
  }
}
