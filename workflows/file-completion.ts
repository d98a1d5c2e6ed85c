/** Which recordings can never get an "upload complete" callback, from their start parameters (pure). */
import type { RecordingRequest } from './types';

/** OutputFormat 3 = mp4, 4 = aac (COS/AWS); neither is HLS, so no 305 event follows (reference §3, §10). */
const NON_HLS_FORMATS = new Set([3, 4]);
/** trro-cloud's documented default OutputFormat is 3 (mp4); trtc-cloud's is 0 (hls). */
const TRRO_DEFAULT_FORMAT = 3;

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : undefined;
}

/** True for TRTC / TRRO recordings to object storage whose only outputs are MP4 or AAC files. */
export function completesByQuietSpell(request: Pick<RecordingRequest, 'product' | 'params'>): boolean {
  const { product, params } = request;
  if (product === 'trro-cloud') {
    const format = params['OutputFormat'];
    return NON_HLS_FORMATS.has(typeof format === 'number' ? format : TRRO_DEFAULT_FORMAT);
  }
  if (product !== 'trtc-cloud') return false;
  // VOD storage reports completion with 312; only CloudStorage (COS/AWS) lacks an end event.
  if (objectAt(params['StorageParams'], 'CloudStorage') === undefined) return false;
  const format = objectAt(params, 'RecordParams')?.['OutputFormat'];
  return typeof format === 'number' && NON_HLS_FORMATS.has(format);
}
