// Valid start parameters per product (documented examples, with fake secrets), shared by recorder and activity tests.
import type { Product } from '../../../domain/catalog';

export const VALID_PARAMS: Readonly<Record<Product, Readonly<Record<string, unknown>>>> = {
  'trtc-cloud': {
    SdkAppId: 1400188366,
    RoomId: '3560',
    RoomIdType: 1,
    UserSig: 'usersig-secret-value',
    RecordParams: { RecordMode: 2, MaxIdleTime: 60, StreamType: 0 },
    StorageParams: { CloudVod: { TencentVod: { ExpireTime: 0 } } },
    MixTranscodeParams: { VideoParams: { Width: 360, Height: 640, Fps: 15, BitRate: 500000, Gop: 10 } },
    MixLayoutParams: { MixLayoutMode: 3 },
  },
  'trtc-web': {
    RecordUrl: 'https://example.com/page.html',
    SdkAppId: 1400000001,
    StorageParams: {
      CloudStorage: {
        Vendor: 0,
        Bucket: 'webrecord-1234589',
        Region: 'ap-singapore',
        AccessKey: 'ak-secret',
        SecretKey: 'sk-secret',
        FileNamePrefix: ['record', 'video'],
      },
    },
    WebRecordVideoParams: { Width: 1280, Height: 720, Format: 'mp4' },
  },
  'tiw-online': { SdkAppId: 1400000001, RoomId: 1203, RecordUserSig: 'record-user-sig-secret', AutoStopTimeout: 600 },
  'css-live': {
    StreamName: 'livetest',
    AppName: 'live',
    DomainName: '5000.live.push.com',
    StartTime: '2018-09-11 12:04:01',
    EndTime: '2018-09-11 12:08:01',
  },
  'trro-cloud': {
    ProjectId: 'm82k5408n123phvb',
    DeviceId: 'dev1',
    VideoStreamId: 0,
    OutputFormat: 3,
    MaxMediaFileDuration: 20,
    MaxIdleTime: 20,
    CloudStorage: {
      Vendor: 0,
      Bucket: 'recording-1304123456',
      Region: 'ap-nanjing',
      AccessKey: 'accesskey-test',
      SecretKey: 'secretkey-test',
      FileNamePrefix: ['2024-12-24', 'dev1'],
    },
  },
};

/** A deep copy with `path` set to `value` (or removed when value is undefined). */
export function withField(
  params: Readonly<Record<string, unknown>>,
  path: readonly string[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(params) as Record<string, unknown>;
  let node: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}
