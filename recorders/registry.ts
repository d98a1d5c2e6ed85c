/** The recorder for each product: the one place that maps a Product to its implementation. */
import type { Product } from '../domain/catalog';
import { cssLiveRecorder } from './css-live/recorder';
import { tiwOnlineRecorder } from './tiw-online/recorder';
import { trroCloudRecorder } from './trro-cloud/recorder';
import { trtcCloudRecorder } from './trtc-cloud/recorder';
import { trtcWebRecorder } from './trtc-web/recorder';
import type { ProviderEvent } from '../domain/contract';
import type { Recorder } from './types';

const RECORDERS: Readonly<Record<Product, Recorder>> = {
  'trtc-cloud': trtcCloudRecorder,
  'trtc-web': trtcWebRecorder,
  'tiw-online': tiwOnlineRecorder,
  'css-live': cssLiveRecorder,
  'trro-cloud': trroCloudRecorder,
};

/** The recorder implementing `product`. */
export function recorderFor(product: Product): Recorder {
  return RECORDERS[product];
}

/**
 * A verified callback body for `product` in common terms (gateway entry point); `undefined`
 * when it is not a recording event of that product. Verify the signature first
 * (callback-signatures.ts): this function trusts its input.
 */
export function interpretCallback(product: Product, body: unknown): ProviderEvent | undefined {
  return RECORDERS[product].interpretCallback(body);
}
