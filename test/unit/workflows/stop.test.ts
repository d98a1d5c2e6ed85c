/** Which recordings finish collecting by a quiet spell, since no upload-complete callback exists for them. */
import { completesByQuietSpell } from '../../../workflows/stop';

const cos = { CloudStorage: { Vendor: 0 } };
const vod = { CloudVod: { TencentVod: {} } };

test.each([
  ['trro-cloud', {}, true],
  ['trro-cloud', { OutputFormat: 3 }, true],
  ['trro-cloud', { OutputFormat: 4 }, true],
  ['trro-cloud', { OutputFormat: 0 }, false],
  ['trro-cloud', { OutputFormat: 1 }, false],
  ['trtc-cloud', { StorageParams: cos, RecordParams: { OutputFormat: 3 } }, true],
  ['trtc-cloud', { StorageParams: cos, RecordParams: { OutputFormat: 4 } }, true],
  ['trtc-cloud', { StorageParams: cos, RecordParams: {} }, false],
  ['trtc-cloud', { StorageParams: cos, RecordParams: { OutputFormat: 1 } }, false],
  ['trtc-cloud', { StorageParams: vod, RecordParams: { OutputFormat: 3 } }, false],
  ['tiw-online', { OutputFormat: 3 }, false],
] as const)('%s with %j → %s', (product, params, expected) => {
  expect(completesByQuietSpell({ product, params })).toBe(expected);
});
