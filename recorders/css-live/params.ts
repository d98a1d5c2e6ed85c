/** CreateLiveRecord start parameters (live 2018-08-01; SDK live_models.d.ts, seed 004). */
import { z } from 'zod';
import { intOneOf, str } from '../schema-kit';
import { chinaStandardTimeToEpochMs } from '../../domain/china-time';

const cst = z
  .string({ error: 'must be China Standard Time "YYYY-MM-DD HH:MM:SS"' })
  .refine((v) => chinaStandardTimeToEpochMs(v) !== undefined, {
    error: 'must be China Standard Time "YYYY-MM-DD HH:MM:SS" (a real date, UTC+8)',
  });

function caseless(values: readonly string[]) {
  const rule = `must be one of ${values.join(', ')} (case-insensitive)`;
  return z.string({ error: rule }).refine((v) => values.includes(v.toLowerCase()), { error: rule });
}

/** `record_interval` (1800–7200 s) and `storage_time` inside the URL-encoded StreamParam. */
const streamParam = str(1024).superRefine((value, ctx) => {
  const interval = new URLSearchParams(value).get('record_interval');
  if (interval !== null && !(/^\d+$/.test(interval) && Number(interval) >= 1800 && Number(interval) <= 7200)) {
    ctx.addIssue({ code: 'custom', message: 'record_interval must be an integer in [1800, 7200] (seconds)' });
  }
});

export const cssLiveParamsSchema = z
  .strictObject({
    StreamName: str(256),
    AppName: str(256).optional(),
    DomainName: str(256).optional(),
    StartTime: cst.optional(),
    EndTime: cst.optional(),
    RecordType: caseless(['video', 'audio']).optional(),
    FileFormat: caseless(['flv', 'hls', 'mp4', 'aac', 'mp3']).optional(),
    Highlight: intOneOf([0, 1], '0 scheduled, 1 highlight (real-time, at most 30 min)').optional(),
    MixStream: intOneOf([0, 1]).optional(),
    StreamParam: streamParam.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.Highlight === 1) return; // highlight mode ignores StartTime; EndTime is optional (≤ now + 30 min)
    if (p.StartTime === undefined)
      ctx.addIssue({ code: 'custom', path: ['StartTime'], message: 'required in scheduled mode (Highlight 0)' });
    if (p.EndTime === undefined)
      ctx.addIssue({ code: 'custom', path: ['EndTime'], message: 'required in scheduled mode (Highlight 0)' });
    const start = p.StartTime === undefined ? undefined : chinaStandardTimeToEpochMs(p.StartTime);
    const end = p.EndTime === undefined ? undefined : chinaStandardTimeToEpochMs(p.EndTime);
    if (start !== undefined && end !== undefined && end <= start) {
      ctx.addIssue({ code: 'custom', path: ['EndTime'], message: 'must be later than StartTime' });
    }
  });

export type CssLiveParams = z.output<typeof cssLiveParamsSchema>;
