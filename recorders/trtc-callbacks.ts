/**
 * TRTC recording callbacks (reference §10, D:cb): on-cloud recording events 301–312 (event
 * group 3, also used by TRRO) and web-page recording events 801–804 (group 8, with its files
 * as 311/312), mapped to ProviderEvent. Signature checks live in callback-signatures.ts.
 */
import { z } from 'zod';
import type { ProviderEndCause, ProviderEvent, ProviderEventKind } from '../domain/contract';
import type { Product } from '../domain/catalog';
import { compact, eventIdOf, looseNumber, looseString, optText, toEpochMs } from './callback-kit';
import { trtcCallbackFiles } from './trtc-files';

const envelope = z.looseObject({
  EventGroupId: looseNumber,
  EventType: looseNumber,
  CallbackTs: looseNumber.optional(),
  EventInfo: z.looseObject({
    RoomId: looseString.optional(),
    EventTs: looseNumber.optional(),
    EventMsTs: looseNumber.optional(),
    UserId: z.string().optional(),
    TaskId: z.string().optional(),
    Payload: z.record(z.string(), z.unknown()).optional(),
    // TRRO: the device stream the task records (see interpretTrtcCallback).
    ProjectId: optText,
    DeviceId: optText,
    VideoStreamId: looseNumber.optional(),
  }),
});

/** 302 LeaveCode → why the bot left (reference §10). 100 "room timeout" is abnormal: the guide says start anew. */
const LEAVE_CODES: Readonly<Record<number, ProviderEndCause>> = {
  0: 'stopped-by-api',
  1: 'kicked',
  2: 'room-dismissed',
  3: 'kicked',
  4: 'room-dismissed',
  99: 'idle-timeout',
  100: 'failed',
  101: 'replaced',
};

interface Mapped {
  readonly kind: ProviderEventKind;
  readonly endCause?: ProviderEndCause;
  readonly detail: string;
}

function num(payload: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const parsed = looseNumber.safeParse(payload[key]);
  return parsed.success ? parsed.data : undefined;
}

function mapCloudEvent(type: number, payload: Readonly<Record<string, unknown>>): Mapped {
  const status = num(payload, 'Status');
  const withStatus = `${type}${status === undefined ? '' : ` Status=${status}`}`;
  switch (type) {
    case 301:
      return { kind: status === 0 ? 'task-started' : 'task-start-failed', detail: withStatus };
    case 302: {
      const code = num(payload, 'LeaveCode');
      return {
        kind: 'task-ended',
        endCause: (code === undefined ? undefined : LEAVE_CODES[code]) ?? 'failed',
        detail: `302 LeaveCode=${code ?? '?'}`,
      };
    }
    case 304:
    case 307:
    case 310:
      return { kind: 'files', detail: withStatus };
    case 311:
      // Status 0 committed; 1 parked on backup storage, 2 failed: only 0 is a usable file yet.
      return { kind: status === 0 ? 'files' : 'info', detail: withStatus };
    case 305:
    case 312:
      return { kind: 'upload-complete', detail: withStatus };
    default:
      return { kind: 'info', detail: withStatus };
  }
}

function mapWebEvent(type: number, payload: Readonly<Record<string, unknown>>): Mapped {
  const status = num(payload, 'Status');
  const detail = `${type} Status=${status ?? '?'}`;
  switch (type) {
    case 801:
      if (status === 1) return { kind: 'task-started', detail };
      if (status === 2) return { kind: 'task-start-failed', detail };
      // 3/4: abnormal exit or migration the provider handles itself; 5: fatal, no more retries.
      return status === 5 ? { kind: 'task-ended', endCause: 'failed', detail } : { kind: 'info', detail };
    case 802:
      // The page recording stopped; the callback does not say why (our stop, a limit, the page).
      return { kind: 'task-ended', detail };
    case 803:
      if (status === 2) return { kind: 'paused', detail };
      if (status === 3) return { kind: 'resumed', detail };
      return { kind: 'info', detail };
    case 804:
      return status === 1 ? { kind: 'task-ended', endCause: 'max-duration', detail } : { kind: 'info', detail };
    default:
      return mapCloudEvent(type, payload);
  }
}

/**
 * Interprets one TRTC-family callback body for `product`: trtc-cloud and trro-cloud accept
 * event group 3; trtc-web accepts group 8 and the 3xx file events it shares with group 3.
 */
export function interpretTrtcCallback(product: Product, body: unknown): ProviderEvent | undefined {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return undefined;
  const { EventGroupId: group, EventType: type, EventInfo: info, CallbackTs } = parsed.data;
  const web = product === 'trtc-web';
  if (!(group === 3 || (web && group === 8))) return undefined;
  const payload = info.Payload ?? {};
  const mapped = web ? mapWebEvent(type, payload) : mapCloudEvent(type, payload);
  const at = info.EventMsTs ?? (info.EventTs === undefined ? undefined : toEpochMs(info.EventTs)) ?? CallbackTs ?? 0;
  const files = mapped.kind === 'files' ? trtcCallbackFiles(type, payload) : undefined;
  // CallbackTs changes on every retry of the same message, so it stays out of the dedupe key.
  const rawInfo = (body as { EventInfo?: unknown }).EventInfo;
  // A TRRO task has no room or bot: it is known by the device stream (open question 4 in the
  // reference; the emulator sends ProjectId, DeviceId and VideoStreamId in EventInfo).
  const trro = product === 'trro-cloud';
  return compact<ProviderEvent>({
    eventId: eventIdOf([product, type, info.TaskId, info.EventMsTs ?? info.EventTs], rawInfo),
    product,
    kind: mapped.kind,
    occurredAtMs: at,
    taskId: info.TaskId,
    botUserId: product === 'trtc-cloud' ? info.UserId : undefined,
    roomId: info.RoomId,
    projectId: trro ? info.ProjectId : undefined,
    deviceId: trro ? info.DeviceId : undefined,
    videoStreamId: trro ? info.VideoStreamId : undefined,
    endCause: mapped.endCause,
    files,
    detail: mapped.detail,
  });
}
