// A callback's file URL is kept only when it lies in the storage the start parameters named (invariant 7).
import type { Product } from '../../../domain/catalog';
import { checkFileUrl, recordingStorage, screenCallbackFiles } from '../../../domain/file-storage';

const COS = {
  Vendor: 0,
  Region: 'ap-guangzhou',
  Bucket: 'bucket-1250000000',
  AccessKey: 'a',
  SecretKey: 's',
  FileNamePrefix: ['school', 'class-7'],
};
const BUCKET_HOST = 'bucket-1250000000.cos.ap-guangzhou.myqcloud.com';

const cosParams = { StorageParams: { CloudStorage: COS } };
const vodParams = (subAppId?: number) => ({
  StorageParams: { CloudVod: { TencentVod: subAppId === undefined ? {} : { SubAppId: subAppId } } },
});

const ok = (product: Product, params: Record<string, unknown>, url: string) =>
  checkFileUrl(recordingStorage(product, params), url).ok;
const refusal = (product: Product, params: Record<string, unknown>, url: string) =>
  checkFileUrl(recordingStorage(product, params), url);

describe('COS (trtc-cloud, trtc-web, trro-cloud): the bucket host and the FileNamePrefix', () => {
  test.each(['trtc-cloud', 'trtc-web'] as const)('%s: a file under the prefix in the bucket is kept', (product) => {
    expect(ok(product, cosParams, `https://${BUCKET_HOST}/school/class-7/task-1/a.mp4`)).toBe(true);
    expect(ok(product, cosParams, `http://${BUCKET_HOST.toUpperCase()}:443/school/class-7/x.m3u8?sign=abc`)).toBe(true);
  });

  test('trro-cloud: its CloudStorage sits at the top level', () => {
    const params = { CloudStorage: COS };
    expect(ok('trro-cloud', params, `https://${BUCKET_HOST}/school/class-7/t/dev.mp4`)).toBe(true);
    expect(ok('trro-cloud', params, `https://other-1250000000.cos.ap-guangzhou.myqcloud.com/school/class-7/x`)).toBe(
      false,
    );
  });

  test.each([
    ['a look-alike suffix', `https://${BUCKET_HOST}.evil.example/school/class-7/a.mp4`, `${BUCKET_HOST}.evil.example`],
    [
      'another bucket',
      'https://other-1250000000.cos.ap-guangzhou.myqcloud.com/school/class-7/a.mp4',
      'other-1250000000.cos.ap-guangzhou.myqcloud.com',
    ],
    [
      'another region',
      'https://bucket-1250000000.cos.ap-shanghai.myqcloud.com/school/class-7/a.mp4',
      'bucket-1250000000.cos.ap-shanghai.myqcloud.com',
    ],
    [
      'a look-alike prefix',
      'https://evil.examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com/school/class-7/a',
      'evil.examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com',
    ],
    ['user info hiding the host', `https://${BUCKET_HOST}@evil.example/school/class-7/a.mp4`, 'evil.example'],
    ['another prefix', `https://${BUCKET_HOST}/school/class-8/a.mp4`, BUCKET_HOST],
    ['a prefix that only starts alike', `https://${BUCKET_HOST}/school/class-70/a.mp4`, BUCKET_HOST],
    ['a climb out of the prefix', `https://${BUCKET_HOST}/school/class-7/../../other/a.mp4`, BUCKET_HOST],
    ['an encoded climb', `https://${BUCKET_HOST}/school/class-7/%2e%2e/x/a.mp4`, BUCKET_HOST],
    ['another scheme', `ftp://${BUCKET_HOST}/school/class-7/a.mp4`, '(none)'],
    ['no URL at all', 'javascript:alert(1)', '(none)'],
  ])('refused: %s, with the host only', (_what, url, host) => {
    const verdict = refusal('trtc-cloud', cosParams, url);
    expect(verdict).toMatchObject({ ok: false, host });
    if (!verdict.ok) expect(verdict.host).not.toContain('/');
  });

  test('no FileNamePrefix: anywhere in the bucket', () => {
    const params = { StorageParams: { CloudStorage: { ...COS, FileNamePrefix: undefined } } };
    expect(ok('trtc-cloud', params, `https://${BUCKET_HOST}/task-1/a.mp4`)).toBe(true);
  });

  test('AWS (Vendor 1): the S3 virtual-hosted bucket', () => {
    const params = { StorageParams: { CloudStorage: { ...COS, Vendor: 1, Region: 'us-east-1', Bucket: 'rec' } } };
    expect(ok('trtc-cloud', params, 'https://rec.s3.us-east-1.amazonaws.com/school/class-7/a.mp4')).toBe(true);
    expect(ok('trtc-cloud', params, 'https://rec.s3.us-east-1.amazonaws.com.evil.example/school/class-7/a')).toBe(
      false,
    );
    expect(ok('trtc-cloud', params, `https://${BUCKET_HOST}/school/class-7/a.mp4`)).toBe(false);
  });
});

describe('VOD: trtc-cloud / trtc-web CloudVod and css-live', () => {
  test('a SubAppId pins the VOD app', () => {
    expect(ok('trtc-cloud', vodParams(1500001), 'https://1500001.vod2.myqcloud.com/abc/def/f0.mp4')).toBe(true);
    expect(refusal('trtc-web', vodParams(1500001), 'https://1500002.vod2.myqcloud.com/abc/f0.mp4')).toMatchObject({
      ok: false,
      host: '1500002.vod2.myqcloud.com',
    });
  });

  test('without a SubAppId (and for css-live) any VOD app host, nothing else', () => {
    for (const [product, params] of [
      ['trtc-cloud', vodParams()],
      ['css-live', { StreamName: 's' }],
    ] as const) {
      expect(ok(product, params, 'http://1250000000.vod2.myqcloud.com/x/123/f0.flv')).toBe(true);
      expect(ok(product, params, 'http://1250000000.vod2.myqcloud.com.evil.example/x/f0.flv')).toBe(false);
      expect(ok(product, params, 'http://evil.vod2.myqcloud.com/x/f0.flv')).toBe(false);
      expect(ok(product, params, 'https://attacker.example/f0.flv')).toBe(false);
      expect(ok(product, params, `https://${BUCKET_HOST}/school/class-7/a.mp4`)).toBe(false);
    }
  });
});

test('tiw-online: the start parameters name no storage, so nothing is checked (said, not guessed)', () => {
  expect(recordingStorage('tiw-online', { SdkAppId: 1, RoomId: 2 })).toMatchObject({ kind: 'unchecked' });
  expect(ok('tiw-online', {}, 'https://anything.example/x.mp4')).toBe(true);
});

test('screenCallbackFiles: files with no URL pass; a name that is itself a URL is checked too', () => {
  const { accepted, refused } = screenCallbackFiles('css-live', { StreamName: 's' }, [
    { name: '5285890800000001', url: 'http://1250000000.vod2.myqcloud.com/x/5285890800000001/f0.flv' },
    { name: 'object-key-only.mp4' },
    { name: 'https://attacker.example/steal.flv' },
    { name: '5285890800000002', url: 'https://attacker.example/f0.flv?token=secret' },
  ]);
  expect(accepted.map((f) => f.name)).toEqual(['5285890800000001', 'object-key-only.mp4']);
  expect(refused).toEqual([
    { host: 'attacker.example', reason: expect.stringContaining('VOD') as unknown },
    { host: 'attacker.example', reason: expect.stringContaining('VOD') as unknown },
  ]);
});
