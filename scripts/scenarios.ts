/**
 * One ready-made recording per product against the emulator, shared by `npm run demo` and the
 * integration tests: valid start parameters (Tencent field names) for a room, stream or device
 * numbered `seq`, and the provider-side presence that makes the task record.
 */
import type { EmulatorControl, Identity } from '../emulator/index';
import { type RecordingSpec } from '../client/recordings/spec';
import { type Product } from '../domain/catalog';
import { epochMsToChinaStandardTime } from '../domain/china-time';

/** Status polls a few seconds apart, so a short local recording still shows its fallback path. */
export const FAST_POLL = {
  firstDelayMs: 3_000,
  minIntervalMs: 1_000,
  intervalMs: 3_000,
  quietMaxIntervalMs: 6_000,
  maxIntervalMs: 10_000,
} as const;

/** Dummy storage credentials: the emulator checks their shape, never their value. */
const COS = {
  Vendor: 0,
  Region: 'ap-guangzhou',
  Bucket: 'local-1250000000',
  AccessKey: 'local-access-key',
  SecretKey: 'local-secret-key',
};

export interface ProductScenario {
  readonly product: Product;
  /** The start parameters and knobs; `extra` overrides any top-level field. */
  spec(recordId: string, seq: number, nowMs: number, extra?: Partial<RecordingSpec>): RecordingSpec;
  /** Makes the provider side record: an anchor publishing, a stream pushed, a device online. */
  setUp(control: EmulatorControl, seq: number): void;
  /** Takes the presence away again (the anchor leaves, the push stops, the device goes offline). */
  tearDown(control: EmulatorControl, seq: number): void;
  /** The emulator identity that picks out this scenario's tasks (`control.tasks({ identity })`). */
  identity(seq: number): Partial<Identity>;
}

const sdkAppId = (seq: number): number => 1_400_000_000 + seq;
const room = (seq: number): number => 10_000 + seq;
const anchor = (seq: number): string => `anchor-${seq}`;
const stream = (seq: number): string => `local-stream-${seq}`;
const device = (seq: number): string => `device-${seq}`;
const PROJECT = 'local-project';

const trtcCloud: ProductScenario = {
  product: 'trtc-cloud',
  spec: (recordId, seq, _now, extra) => ({
    recordId,
    product: 'trtc-cloud',
    region: 'ap-guangzhou',
    poll: FAST_POLL,
    params: {
      SdkAppId: sdkAppId(seq),
      RoomId: String(room(seq)),
      UserSig: 'local-user-sig',
      // HLS + MP4: COS reports the HLS upload as done (305), so the files are known to be complete.
      RecordParams: { RecordMode: 2, MaxIdleTime: 30, OutputFormat: 1 },
      StorageParams: { CloudStorage: COS },
      MixLayoutParams: { MixLayoutMode: 3 },
    },
    ...extra,
  }),
  setUp: (control, seq) =>
    control.joinRoom({ sdkAppId: sdkAppId(seq), roomId: String(room(seq)) }, anchor(seq), { audio: true, video: true }),
  tearDown: (control, seq) =>
    void control.leaveRoom({ sdkAppId: sdkAppId(seq), roomId: String(room(seq)) }, anchor(seq)),
  identity: (seq) => ({ sdkAppId: sdkAppId(seq) }),
};

const trtcWeb: ProductScenario = {
  product: 'trtc-web',
  spec: (recordId, seq, _now, extra) => ({
    recordId,
    product: 'trtc-web',
    region: 'ap-guangzhou',
    poll: FAST_POLL,
    params: {
      SdkAppId: sdkAppId(seq),
      RecordUrl: `https://example.com/class/${seq}`,
      StorageParams: { CloudStorage: COS },
    },
    ...extra,
  }),
  setUp: () => undefined,
  tearDown: () => undefined,
  identity: (seq) => ({ sdkAppId: sdkAppId(seq) }),
};

const tiwOnline: ProductScenario = {
  product: 'tiw-online',
  spec: (recordId, seq, _now, extra) => ({
    recordId,
    product: 'tiw-online',
    region: 'ap-guangzhou',
    poll: FAST_POLL,
    params: { SdkAppId: sdkAppId(seq), RoomId: room(seq), RecordUserSig: 'local-record-user-sig' },
    ...extra,
  }),
  setUp: (control, seq) =>
    control.joinRoom({ sdkAppId: sdkAppId(seq), roomId: room(seq) }, anchor(seq), { audio: true, video: true }),
  tearDown: (control, seq) => void control.leaveRoom({ sdkAppId: sdkAppId(seq), roomId: room(seq) }, anchor(seq)),
  identity: (seq) => ({ sdkAppId: sdkAppId(seq) }),
};

/** A scheduled window from now to `windowMs` ahead (CST, whole seconds); the provider ends the task at EndTime. */
export function cssWindow(nowMs: number, windowMs: number): { StartTime: string; EndTime: string } {
  return { StartTime: epochMsToChinaStandardTime(nowMs), EndTime: epochMsToChinaStandardTime(nowMs + windowMs) };
}

const cssLive: ProductScenario = {
  product: 'css-live',
  spec: (recordId, seq, now, extra) => ({
    recordId,
    product: 'css-live',
    poll: FAST_POLL,
    params: { StreamName: stream(seq), ...cssWindow(now, 10 * 60_000) },
    ...extra,
  }),
  setUp: (control, seq) => void control.pushStream({ stream: stream(seq) }),
  tearDown: (control, seq) => void control.stopStream({ stream: stream(seq) }),
  identity: (seq) => ({ streamName: stream(seq) }),
};

const trroCloud: ProductScenario = {
  product: 'trro-cloud',
  spec: (recordId, seq, _now, extra) => ({
    recordId,
    product: 'trro-cloud',
    poll: FAST_POLL,
    // HLS + MP4 for the same reason as trtc-cloud; MaxIdleTime at its minimum so an offline device ends it fast.
    params: {
      ProjectId: PROJECT,
      DeviceId: device(seq),
      VideoStreamId: 0,
      CloudStorage: COS,
      OutputFormat: 1,
      MaxIdleTime: 5,
    },
    ...extra,
  }),
  setUp: (control, seq) => control.deviceOnline(PROJECT, device(seq)),
  tearDown: (control, seq) => void control.deviceOffline(PROJECT, device(seq)),
  identity: (seq) => ({ projectId: PROJECT, deviceId: device(seq) }),
};

/** Every product's scenario, in catalog order. */
export const SCENARIOS: Readonly<Record<Product, ProductScenario>> = {
  'trtc-cloud': trtcCloud,
  'trtc-web': trtcWeb,
  'tiw-online': tiwOnline,
  'css-live': cssLive,
  'trro-cloud': trroCloud,
};
