/**
 * StartOnlineRecord start parameters (TIW 2019-09-19; SDK tiw_models.d.ts, seed 003). The
 * `RecordUserId` is derived from RoomId + recordId (domain/identity.ts), not a parameter.
 */
import { z } from 'zod';
import { intAtLeast, intIn, secret, str, word } from '../schema-kit';

const MAX_ROOM = 4_294_967_295;
const layoutParams = z.strictObject({
  Width: intIn(2, 3000, 'pixels'),
  Height: intIn(2, 3000, 'pixels'),
  X: intIn(0, 3000).optional(),
  Y: intIn(0, 3000).optional(),
  ZOrder: z.int().optional(),
});
const color = str(7, { re: /^#[0-9A-Fa-f]{6}$/, rule: 'formatted #RRGGBB' });

const mixStream = z.strictObject({
  Enabled: z.boolean(),
  DisableAudio: z.boolean().optional(),
  ModelId: intIn(1, 2, 'built-in layout template').optional(),
  TeacherId: str(128).optional(),
  Custom: z
    .strictObject({
      Canvas: z.strictObject({ LayoutParams: layoutParams, BackgroundColor: color.optional() }),
      InputStreamList: z.array(
        z.strictObject({
          LayoutParams: layoutParams,
          InputStreamId: str(128).optional(),
          BackgroundColor: color.optional(),
          FillMode: intIn(0, 1, '0 fit, 1 fill').optional(),
        }),
      ),
    })
    .optional(),
});

const streamControl = z.strictObject({
  StreamId: str(128),
  DisableRecord: z.boolean().optional(),
  DisableAudio: z.boolean().optional(),
  PullSmallVideo: z.boolean().optional(),
});

export const tiwOnlineParamsSchema = z
  .strictObject({
    SdkAppId: intAtLeast(1),
    RoomId: intIn(1, MAX_ROOM),
    RecordUserSig: secret(),
    GroupId: str(128).optional(),
    Concat: z.strictObject({ Enabled: z.boolean(), Image: str(2048).optional() }).optional(),
    Whiteboard: z
      .strictObject({
        Width: intAtLeast(2, 'pixels').optional(),
        Height: intAtLeast(2, 'pixels').optional(),
        InitParam: str(8192).optional(),
      })
      .optional(),
    MixStream: mixStream.optional(),
    Extras: z.array(word(['MIX_STREAM'])).optional(),
    AudioFileNeeded: z.boolean().optional(),
    RecordControl: z
      .strictObject({
        Enabled: z.boolean(),
        DisableRecord: z.boolean().optional(),
        DisableAudio: z.boolean().optional(),
        PullSmallVideo: z.boolean().optional(),
        StreamControls: z.array(streamControl).optional(),
      })
      .optional(),
    RecordMode: word(['REALTIME_MODE', 'VIDEO_GENERATION_MODE']).optional(),
    ChatGroupId: str(128).optional(),
    AutoStopTimeout: intIn(300, 86_400, 'seconds').optional(),
    ExtraData: str(8192).optional(),
    TRTCRoomId: intIn(1, MAX_ROOM).optional(),
    TRTCRoomIdStr: str(64).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.MixStream?.Enabled === true && !(p.Extras ?? []).includes('MIX_STREAM')) {
      ctx.addIssue({
        code: 'custom',
        path: ['Extras'],
        message: 'must contain "MIX_STREAM" when MixStream.Enabled is true',
      });
    }
    if (p.MixStream?.Enabled === true && p.MixStream.Custom === undefined && p.MixStream.ModelId === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['MixStream', 'ModelId'],
        message: 'required when MixStream.Custom is not set',
      });
    }
  });

export type TiwOnlineParams = z.output<typeof tiwOnlineParamsSchema>;
