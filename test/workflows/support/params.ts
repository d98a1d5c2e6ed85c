/** Plausible start parameters per product (Tencent field names); the fake provider does not validate them. */
import type { ProviderEvent } from '../../../domain/contract';
import type { Product } from '../../../domain/catalog';
import { epochMsToChinaStandardTime } from '../../../domain/china-time';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 24 * HOUR;

const storage = {
  CloudStorage: { Vendor: 0, Region: 'ap-guangzhou', Bucket: 'b-1250000000', AccessKey: 'ak', SecretKey: 'sk' },
};

/** Start params for `product`; css-live needs the current time for its China-time window. */
export function paramsFor(
  product: Product,
  nowMs: number,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  switch (product) {
    case 'trtc-cloud':
      return {
        SdkAppId: 1400000001,
        RoomId: '3560',
        RoomIdType: 0,
        UserSig: 'bot-sig',
        RecordParams: { RecordMode: 2, SubscribeStreamUserIds: { SubscribeAudioUserIds: ['alice'] } },
        StorageParams: storage,
        MixLayoutParams: { MixLayoutMode: 3 },
        ...extra,
      };
    case 'trtc-web':
      return { SdkAppId: 1400000001, RecordUrl: 'https://example.test/page', StorageParams: storage, ...extra };
    case 'tiw-online':
      return { SdkAppId: 1400000001, RoomId: 3560, RecordUserSig: 'rec-sig', ...extra };
    case 'css-live':
      return {
        StreamName: 'stream-3560',
        StartTime: epochMsToChinaStandardTime(nowMs),
        EndTime: epochMsToChinaStandardTime(nowMs + 12 * HOUR),
        ...extra,
      };
    case 'trro-cloud':
      return { ProjectId: 'proj', DeviceId: 'dev-1', VideoStreamId: 0, CloudStorage: storage.CloudStorage, ...extra };
  }
}

let eventSeq = 0;
/** A provider event with a fresh id (pass `eventId` to send a duplicate on purpose). */
export function event(
  product: Product,
  fields: Omit<Partial<ProviderEvent>, 'product'> & Pick<ProviderEvent, 'kind'>,
): ProviderEvent {
  eventSeq += 1;
  return { eventId: `evt-${eventSeq}-${Math.random().toString(36).slice(2)}`, product, occurredAtMs: 0, ...fields };
}
