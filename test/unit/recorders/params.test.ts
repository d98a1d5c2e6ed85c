// Start-parameter schemas: documented examples pass; each broken rule is reported with its field path and rule.
import { PRODUCTS, type Product } from '../../../domain/catalog';
import { InvalidRecordingParams } from '../../../recorders/errors';
import { validateStartParams } from '../../../recorders/validation';
import { VALID_PARAMS, withField } from './fixtures';

function issuesOf(product: Product, params: unknown): readonly string[] {
  try {
    validateStartParams(product, params);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRecordingParams);
    return (error as InvalidRecordingParams).issues;
  }
  throw new Error('expected InvalidRecordingParams');
}

describe('validateStartParams', () => {
  it.each(PRODUCTS)('%s accepts the documented example', (product) => {
    expect(validateStartParams(product, VALID_PARAMS[product])).toEqual(VALID_PARAMS[product]);
  });

  // [product, path, bad value, expected issue (field path: rule)]
  const cases: [Product, string[], unknown, RegExp][] = [
    [
      'trtc-cloud',
      ['RecordParams', 'MaxIdleTime'],
      4,
      /^RecordParams\.MaxIdleTime: must be an integer in \[5, 86400\] \(seconds\)$/,
    ],
    [
      'trtc-cloud',
      ['RecordParams', 'MaxIdleTime'],
      86401,
      /^RecordParams\.MaxIdleTime: must be an integer in \[5, 86400\]/,
    ],
    ['trtc-cloud', ['RecordParams', 'MaxIdleTime'], 30.5, /^RecordParams\.MaxIdleTime: must be an integer/],
    ['trtc-cloud', ['RecordParams', 'OutputFormat'], 5, /^RecordParams\.OutputFormat: must be one of 0, 1, 2, 3, 4/],
    [
      'trtc-cloud',
      ['RecordParams', 'MaxMediaFileDuration'],
      0,
      /^RecordParams\.MaxMediaFileDuration: must be an integer in \[1, 1440\] \(minutes\)$/,
    ],
    ['trtc-cloud', ['RecordParams', 'RecordMode'], undefined, /^RecordParams\.RecordMode: required/],
    ['trtc-cloud', ['ResourceExpiredHour'], 5, /^ResourceExpiredHour: must be an integer in \[6, 720\]/],
    ['trtc-cloud', ['ResourceExpiredHour'], 721, /^ResourceExpiredHour: must be an integer in \[6, 720\]/],
    ['trtc-cloud', ['UserSig'], undefined, /^UserSig: required/],
    ['trtc-cloud', ['RoomId'], 'abc', /^RoomId: must be decimal digits .* RoomIdType is 1/],
    [
      'trtc-cloud',
      ['MixTranscodeParams', 'VideoParams'],
      { Width: 1920, Height: 1920, Fps: 15, BitRate: 500000, Gop: 10 },
      /^MixTranscodeParams\.VideoParams: Width × Height must not exceed 1920 × 1080$/,
    ],
    [
      'trtc-cloud',
      ['MixLayoutParams', 'MixLayoutMode'],
      4,
      /^MixLayoutParams: MixLayoutList is required when MixLayoutMode is 4/,
    ],
    [
      'trtc-cloud',
      ['StorageParams', 'CloudStorage'],
      { Vendor: 0, Region: 'r', Bucket: 'b', AccessKey: 'a', SecretKey: 's' },
      /^StorageParams: set exactly one of CloudStorage and CloudVod$/,
    ],
    ['trtc-cloud', ['Bogus'], 1, /^Bogus: unknown field/],
    ['trtc-cloud', ['UserId'], 'x', /^UserId: set by the orchestrator/],
    [
      'trtc-web',
      ['WebRecordVideoParams', 'Width'],
      1921,
      /^WebRecordVideoParams\.Width: must be an integer in \[0, 1920\]/,
    ],
    [
      'trtc-web',
      ['WebRecordVideoParams', 'Height'],
      1081,
      /^WebRecordVideoParams\.Height: must be an integer in \[0, 1080\]/,
    ],
    ['trtc-web', ['WebRecordVideoParams', 'Format'], 'flv', /^WebRecordVideoParams\.Format: must be one of hls, mp4$/],
    ['trtc-web', ['MaxDurationLimit'], 1799, /^MaxDurationLimit: must be an integer in \[1800, 36000\] \(seconds\)$/],
    ['trtc-web', ['ReadyTimeout'], 61, /^ReadyTimeout: must be an integer in \[0, 60\]/],
    ['trtc-web', ['RecordId'], 'mine', /^RecordId: set by the orchestrator/],
    ['trtc-web', ['RecordUrl'], 'ftp://x', /^RecordUrl: .*an http\(s\) URL$/],
    [
      'trtc-web',
      ['StorageParams', 'CloudStorage', 'Vendor'],
      1,
      /^StorageParams\.CloudStorage\.Vendor: must be one of 0 \(COS only here\)$/,
    ],
    [
      'trtc-web',
      ['PublishCdnParams'],
      Array.from({ length: 11 }, () => ({ PublishCdnUrl: 'rtmp://a/b' })),
      /^PublishCdnParams: at most 10 CDN addresses$/,
    ],
    ['tiw-online', ['AutoStopTimeout'], 299, /^AutoStopTimeout: must be an integer in \[300, 86400\] \(seconds\)$/],
    ['tiw-online', ['RoomId'], 0, /^RoomId: must be an integer in \[1, 4294967295\]$/],
    ['tiw-online', ['RecordUserId'], 'tic_record_user_1_x', /^RecordUserId: set by the orchestrator/],
    ['tiw-online', ['RecordUserSig'], '', /^RecordUserSig: must be a non-empty string$/],
    ['tiw-online', ['MixStream'], { Enabled: true, ModelId: 1 }, /^Extras: must contain "MIX_STREAM"/],
    ['css-live', ['StartTime'], '2018-09-11T12:04:01', /^StartTime: must be China Standard Time "YYYY-MM-DD HH:MM:SS"/],
    ['css-live', ['EndTime'], '2018-02-30 12:00:00', /^EndTime: must be China Standard Time/],
    ['css-live', ['EndTime'], '2018-09-11 12:00:00', /^EndTime: must be later than StartTime$/],
    ['css-live', ['StartTime'], undefined, /^StartTime: required in scheduled mode/],
    ['css-live', ['FileFormat'], 'avi', /^FileFormat: must be one of flv, hls, mp4, aac, mp3 \(case-insensitive\)$/],
    [
      'css-live',
      ['StreamParam'],
      'record_interval=60',
      /^StreamParam: record_interval must be an integer in \[1800, 7200\]/,
    ],
    ['trro-cloud', ['MaxIdleTime'], 4, /^MaxIdleTime: must be an integer in \[5, 86400\]/],
    ['trro-cloud', ['OutputFormat'], -1, /^OutputFormat: must be one of 0, 1, 2, 3, 4/],
    ['trro-cloud', ['MaxMediaFileDuration'], 1441, /^MaxMediaFileDuration: must be an integer in \[1, 1440\]/],
    ['trro-cloud', ['CloudStorage', 'SecretKey'], undefined, /^CloudStorage\.SecretKey: required/],
  ];

  it.each(cases)('%s %j = %j is rejected naming the field and the rule', (product, path, value, expected) => {
    const issues = issuesOf(product, withField(VALID_PARAMS[product], path, value));
    expect(issues).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('reports every problem at once', () => {
    const bad = withField(
      withField(VALID_PARAMS['trtc-cloud'], ['ResourceExpiredHour'], 1),
      ['RecordParams', 'MaxIdleTime'],
      1,
    );
    expect(issuesOf('trtc-cloud', bad)).toHaveLength(2);
  });

  it('never echoes a secret value in its message', () => {
    const bad = withField(VALID_PARAMS['trtc-cloud'], ['UserSig'], 12345);
    const secretish = withField(
      bad,
      ['StorageParams', 'CloudVod', 'TencentVod', 'Procedure'],
      'TOPSECRET-procedure-'.repeat(20),
    );
    try {
      validateStartParams('trtc-cloud', secretish);
      throw new Error('expected a failure');
    } catch (error) {
      expect(String(error)).not.toContain('12345');
      expect(String(error)).not.toContain('TOPSECRET');
    }
  });

  it('css-live highlight mode needs no StartTime/EndTime', () => {
    expect(() => validateStartParams('css-live', { StreamName: 's', Highlight: 1 })).not.toThrow();
  });

  it('rejects a non-object', () => {
    expect(issuesOf('trro-cloud', 'nope')).toEqual(['(root): must be an object of Tencent start parameters']);
  });
});
