/**
 * CSS recording callbacks (reference §10): event 100 (a recorded file, to VOD) and event 332
 * (recording status). Both describe recording *sessions* of a stream, not the CreateLiveRecord
 * task: a scheduled task records every re-push until EndTime, so `record_ended` or
 * `record_start_failed` do not end the task and are reported as `info`. Routing is by stream.
 */
import { z } from 'zod';
import type { ProviderEvent, ProviderEventKind } from '../../domain/contract';
import { compact, eventIdOf, looseNumber, toEpochMs } from '../callback-kit';

const opt = looseNumber.optional();
const file = z.looseObject({
  event_type: z.literal(100).or(z.literal('100').transform(() => 100 as const)),
  stream_id: z.string(),
  file_id: z.string().optional(),
  record_file_id: z.string().optional(),
  file_format: z.string().optional(),
  start_time: opt,
  end_time: opt,
  duration: opt,
  file_size: opt,
  video_url: z.string().optional(),
  task_id: z.string().optional(),
});

const status = z.looseObject({
  event_type: z.literal(332).or(z.literal('332').transform(() => 332 as const)),
  stream_id: z.string(),
  record_event: z.string(),
  event_time: opt,
  session_id: z.string().optional(),
  seq: z.union([z.string(), z.number()]).optional(),
  record_detail: z.string().optional(),
});

const STATUS_KINDS: Readonly<Record<string, ProviderEventKind>> = { record_start_succeeded: 'task-started' };

/** The body minus its signature fields (`t`, `sign`), which may differ between delivery retries. */
function content(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const { t: _t, sign: _sign, ...rest } = body as Record<string, unknown>;
  return rest;
}

/** Maps a CSS 100 (file) or 332 (status) callback; anything else is not ours: `undefined`. */
export function interpretCssCallback(body: unknown): ProviderEvent | undefined {
  const f = file.safeParse(body);
  if (f.success) {
    const d = f.data;
    const name = d.record_file_id ?? d.file_id ?? d.video_url;
    const startMs = d.start_time === undefined ? undefined : toEpochMs(d.start_time);
    const endMs = d.end_time === undefined ? undefined : toEpochMs(d.end_time);
    return compact<ProviderEvent>({
      eventId: eventIdOf(['css-live', 100, d.stream_id, d.file_id], content(body)),
      product: 'css-live',
      kind: 'files',
      occurredAtMs: endMs ?? 0,
      streamName: d.stream_id,
      files:
        name === undefined
          ? []
          : [
              compact({
                name,
                url: d.video_url,
                fileId: d.file_id,
                startMs,
                endMs,
                durationMs: d.duration === undefined ? undefined : d.duration * 1000,
                sizeBytes: d.file_size,
                format: d.file_format,
              }),
            ],
      detail: `100${d.task_id ? ` task_id=${d.task_id}` : ''}`,
    });
  }
  const s = status.safeParse(body);
  if (!s.success) return undefined;
  const d = s.data;
  return compact<ProviderEvent>({
    eventId: eventIdOf(['css-live', 332, d.stream_id, d.record_event, d.seq], content(body)),
    product: 'css-live',
    kind: STATUS_KINDS[d.record_event] ?? 'info',
    occurredAtMs: d.event_time === undefined ? 0 : toEpochMs(d.event_time),
    streamName: d.stream_id,
    detail: `332 ${d.record_event}${d.session_id ? ` session_id=${d.session_id}` : ''}`,
  });
}
