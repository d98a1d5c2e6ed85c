/**
 * CreateCloudRecording start parameters (TRTC 2019-07-22) with Tencent's field names and the
 * documented ranges (SDK trtc_models.d.ts; reference §3, §9). The bot `UserId` is not a
 * parameter: the orchestrator derives it from the recordId (domain/identity.ts).
 */
import { z } from 'zod';
import { intAtLeast, intIn, intOneOf, secret, str } from '../schema-kit';
import { storageParamsSchema } from '../storage-schemas';

const MAX_ROOM_ID = 4_294_967_295;
const userIdList = z.array(str(32)).max(32, { error: 'at most 32 UserIds (".*$" suffix = prefix match)' });

/** Allow/block lists; `ModifyCloudRecording` reuses it (always send the complete lists). */
export const subscribeStreamUserIdsSchema = z.strictObject({
  SubscribeAudioUserIds: userIdList.optional(),
  UnSubscribeAudioUserIds: userIdList.optional(),
  SubscribeVideoUserIds: userIdList.optional(),
  UnSubscribeVideoUserIds: userIdList.optional(),
});

const recordParams = z.strictObject({
  RecordMode: intOneOf([1, 2], '1 single-stream, 2 mixed'),
  MaxIdleTime: intIn(5, 86_400, 'seconds').optional(),
  StreamType: intOneOf([0, 1, 2], '0 audio+video, 1 audio, 2 video').optional(),
  SubscribeStreamUserIds: subscribeStreamUserIdsSchema.optional(),
  OutputFormat: intOneOf([0, 1, 2, 3, 4], '0 hls, 1 hls+mp4, 2 hls+aac, 3 mp4, 4 aac').optional(),
  AvMerge: intOneOf([0, 1]).optional(),
  MaxMediaFileDuration: intIn(1, 1440, 'minutes').optional(),
  MediaId: intOneOf([0, 1, 2], '0 main+aux, 1 main, 2 aux').optional(),
  FillType: intOneOf([0, 1], '0 last frame, 1 black').optional(),
  SubscribeAbility: intOneOf([0, 1]).optional(),
});

const videoParams = z
  .strictObject({
    Width: intIn(1, 1920, 'pixels'),
    Height: intIn(1, 1920, 'pixels'),
    Fps: intIn(1, 60),
    BitRate: intIn(64_000, 8_192_000, 'bps'),
    Gop: intAtLeast(1, 'seconds'),
  })
  .refine((v) => v.Width * v.Height <= 1920 * 1080, { error: 'Width × Height must not exceed 1920 × 1080' });

const audioParams = z.strictObject({
  SampleRate: intOneOf([1, 2, 3], '1 48000 Hz, 2 44100 Hz, 3 16000 Hz'),
  Channel: intOneOf([1, 2], '1 mono, 2 stereo'),
  BitRate: intIn(32_000, 128_000, 'bps'),
});

const mixLayout = z.strictObject({
  Top: intIn(0, 1920),
  Left: intIn(0, 1920),
  Width: intIn(0, 1920),
  Height: intIn(0, 1920),
  UserId: str(32).optional(),
  Alpha: intIn(0, 255).optional(),
  RenderMode: intOneOf([0, 1, 2, 3], '0 stretch, 1 crop, 2 fill black, 3 smart stretch').optional(),
  MediaId: intOneOf([0, 1], '0 main, 1 aux').optional(),
  ImageLayer: intAtLeast(0).optional(),
  SubBackgroundImage: str(2048).optional(),
});

const colour = str(7, { re: /^#[0-9A-Fa-f]{6}$/, rule: 'formatted #RRGGBB' });
const watermarkBox = { Top: intIn(0, 2560), Left: intIn(0, 2560), Width: intIn(0, 2560), Height: intIn(0, 2560) };

/** One `WaterMark` (SDK trtc_models.d.ts): an image, a text or a timestamp, with that kind's parameters. */
const watermark = z
  .strictObject({
    WaterMarkType: intOneOf([0, 1, 2], '0 image (default), 1 text, 2 timestamp').optional(),
    WaterMarkImage: z.strictObject({ WaterMarkUrl: str(512), ...watermarkBox }).optional(),
    WaterMarkChar: z
      .strictObject({
        ...watermarkBox,
        Chars: str(256),
        FontSize: intIn(1, 512, 'pixels').optional(),
        FontColor: colour.optional(),
        BackGroundColor: colour.optional(),
        Font: str(64).optional(),
      })
      .optional(),
    WaterMarkTimestamp: z
      .strictObject({
        Pos: intIn(0, 6, '0-6: top left, top right, bottom left, bottom right, top centre, bottom centre, centre'),
        TimeZone: intIn(-12, 14).optional(),
        Font: str(64).optional(),
      })
      .optional(),
  })
  .superRefine((w, ctx) => {
    const kind = (['WaterMarkImage', 'WaterMarkChar', 'WaterMarkTimestamp'] as const)[w.WaterMarkType ?? 0];
    if (kind !== undefined && w[kind] === undefined)
      ctx.addIssue({ code: 'custom', path: [kind], message: `required when WaterMarkType is ${w.WaterMarkType ?? 0}` });
  });

/** `MixLayoutParams`; `ModifyCloudRecording` reuses it (full overwrite). */
export const mixLayoutParamsSchema = z
  .strictObject({
    MixLayoutMode: intOneOf([1, 2, 3, 4], '1 float, 2 screen share, 3 grid, 4 custom'),
    MixLayoutList: z.array(mixLayout).max(25, { error: 'at most 25 entries' }).optional(),
    BackGroundColor: str(7, { re: /^#[0-9A-Fa-f]{6}$/, rule: 'formatted #RRGGBB' }).optional(),
    MaxResolutionUserId: str(32).optional(),
    MediaId: intOneOf([0, 1], '0 main, 1 aux').optional(),
    BackgroundImageUrl: str(2048).optional(),
    PlaceHolderMode: intOneOf([0, 1]).optional(),
    BackgroundImageRenderMode: intOneOf([0, 1, 2, 3]).optional(),
    DefaultSubBackgroundImage: str(2048).optional(),
    WaterMarkList: z.array(watermark).max(25, { error: 'at most 25 watermarks' }).optional(),
    RenderMode: intOneOf([0, 1, 2, 3]).optional(),
    MaxResolutionUserAlign: intOneOf([0, 1]).optional(),
    PureAudioDisableLayout: z.boolean().optional(),
  })
  .refine((p) => p.MixLayoutMode !== 4 || (p.MixLayoutList?.length ?? 0) > 0, {
    error: 'MixLayoutList is required when MixLayoutMode is 4 (custom)',
  });

export const trtcCloudParamsSchema = z
  .strictObject({
    SdkAppId: intAtLeast(1),
    RoomId: str(64),
    RoomIdType: intOneOf([0, 1], '0 string, 1 32-bit integer (default)').optional(),
    UserSig: secret(),
    RecordParams: recordParams,
    StorageParams: storageParamsSchema({
      vodMediaTypes: [0, 1, 2, 3, 4],
      vodMeaning: '0 mp4, 1 hls, 2 aac, 3 hls+mp4, 4 hls+aac',
    }),
    MixTranscodeParams: z
      .strictObject({ VideoParams: videoParams.optional(), AudioParams: audioParams.optional() })
      .optional(),
    MixLayoutParams: mixLayoutParamsSchema.optional(),
    ResourceExpiredHour: intIn(6, 720, 'hours from TaskId issue').optional(),
    PrivateMapKey: secret().optional(),
  })
  .superRefine((p, ctx) => {
    // RoomIdType defaults to 1: the RoomId string must then hold a 32-bit unsigned integer.
    if (
      (p.RoomIdType ?? 1) === 1 &&
      !(/^\d{1,10}$/.test(p.RoomId) && Number(p.RoomId) >= 1 && Number(p.RoomId) <= MAX_ROOM_ID)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['RoomId'],
        message: `must be decimal digits of an integer in [1, ${MAX_ROOM_ID}] when RoomIdType is 1 (default); use RoomIdType 0 for string rooms`,
      });
    }
  });

export type TrtcCloudParams = z.output<typeof trtcCloudParamsSchema>;

/** ModifyCloudRecording's changeable parts: at least one, each a complete replacement. */
export const trtcCloudModifySchema = z
  .strictObject({
    MixLayoutParams: mixLayoutParamsSchema.optional(),
    SubscribeStreamUserIds: subscribeStreamUserIdsSchema.optional(),
  })
  .refine((c) => c.MixLayoutParams !== undefined || c.SubscribeStreamUserIds !== undefined, {
    error: 'set MixLayoutParams and/or SubscribeStreamUserIds (each replaces the whole previous value)',
  });
