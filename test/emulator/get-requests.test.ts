/**
 * API 3.0 GET requests: parameters in the query (flattened `Name.0.Field=`), TC3 over the
 * canonical query string and the empty body; hand-signed in the seeds' style and through the
 * official SDK's GET mode.
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import { z } from 'zod';
import Sign from 'tencentcloud-sdk-nodejs/tencentcloud/common/sign';
import { type RunningEmulator } from '../../emulator/index';
import { ApiError } from '../../emulator/http/envelope';
import { queryPairs, queryParams } from '../../emulator/http/query';
import { formatCst } from '../../emulator/products/css-live/time';
import { fromQueryStrings } from '../../emulator/products/validate';
import { sdkClients, sdkError, startTestEmulator, type SdkClients } from '../support/emulator';

const FORM = 'application/x-www-form-urlencoded';
const MINUTE = 60_000;

const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * TC3-HMAC-SHA256 for a GET, computed here from the API 3.0 rules with node:crypto alone (not
 * the emulator's verifier, not cloud/'s signer): canonical query string = the query as sent,
 * hashed payload = SHA-256 of the empty string.
 */
function signGet(input: {
  host: string;
  query: string;
  contentType: string;
  timestamp: number;
  service: string;
  secretId: string;
  secretKey: string;
}): string {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonicalRequest = [
    'GET',
    '/',
    input.query,
    `content-type:${input.contentType}\nhost:${input.host}\n`,
    'content-type;host',
    sha256Hex(''),
  ].join('\n');
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(input.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(`TC3${input.secretKey}`, date), input.service), 'tc3_request');
  const signature = hmac(key, stringToSign).toString('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

/** `name=value` pairs joined as a client would send them (values RFC 3986-encoded). */
const encodeQuery = (pairs: readonly (readonly [string, string | number | boolean])[]): string =>
  pairs.map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`).join('&');

interface RawGet {
  host: string;
  query: string;
  /** The query the signature is computed over (default: the one sent). */
  signedQuery?: string;
  contentType?: string;
  headers?: Record<string, string>;
  body?: string;
  method?: string;
}

/** Sends one hand-signed request to the emulator with the given Host and query; returns `Response`. */
function rawGet(emu: RunningEmulator, opts: RawGet): Promise<Record<string, unknown>> {
  const timestamp = Math.floor(Date.now() / 1000);
  const contentType = opts.contentType ?? FORM;
  const authorization = signGet({
    host: opts.host,
    query: opts.signedQuery ?? opts.query,
    contentType,
    timestamp,
    service: opts.host.split('.')[0] ?? '',
    ...emu.credentials,
  });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: emu.host,
        port: emu.port,
        method: opts.method ?? 'GET',
        path: `/?${opts.query}`,
        headers: {
          Host: opts.host,
          'Content-Type': contentType,
          'X-TC-Timestamp': String(timestamp),
          Authorization: authorization,
          // Node sends a GET body only with a declared length.
          ...(opts.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(opts.body)) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          try {
            resolve((JSON.parse(text) as { Response: Record<string, unknown> }).Response);
          } catch {
            reject(new Error(`HTTP ${res.statusCode ?? 0}, not an API envelope: ${JSON.stringify(text)}`));
          }
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const errorCode = (response: Record<string, unknown>): string | undefined =>
  (response['Error'] as { Code?: string } | undefined)?.Code;

describe('the GET signature in this test', () => {
  test('equals the official SDK Sign.sign3 for a GET, query included', () => {
    const input = {
      host: 'tiw.tencentcloudapi.com',
      query: 'Action=StartOnlineRecord&Whiteboard.InitParam=%7B%22ratio%22%3A%2216%3A9%22%7D&Extras.0=MIX_STREAM',
      contentType: FORM,
      timestamp: 1551113065,
      service: 'tiw',
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
    };
    expect(signGet(input)).toBe(
      Sign.sign3({
        method: 'GET',
        url: `https://${input.host}/?${input.query}`,
        payload: '',
        timestamp: input.timestamp,
        service: input.service,
        secretId: input.secretId,
        secretKey: input.secretKey,
        multipart: false,
        boundary: '',
        headers: { 'Content-Type': FORM },
      }),
    );
  });
});

describe('queryParams: the API 3.0 flattening undone', () => {
  test('objects, arrays indexed from 0, arrays of objects; common parameters left out; values stay strings', () => {
    const pairs = queryPairs(
      'Action=X&Version=v&Region=r&A=1&W.Width=1280&Extras.0=MIX&Extras.1=Y&P.0.Url=u0&P.1.Url=u1&P.1.Tencent=1&T=2018-09-11+12%3a04%3a01',
    );
    expect(queryParams(pairs)).toEqual({
      A: '1',
      W: { Width: '1280' },
      Extras: ['MIX', 'Y'],
      P: [{ Url: 'u0' }, { Url: 'u1', Tencent: '1' }],
      T: '2018-09-11 12:04:01',
    });
  });

  test.each([
    ['a repeated name', 'A=1&A=2'],
    ['a value and a field under one name', 'A=1&A.B=2'],
    ['a field and a value under one name', 'A.B=2&A=1'],
    ['an array with a gap', 'E.0=a&E.2=b'],
    ['an array not starting at 0', 'E.1=a'],
    ['a leading-zero index', 'E.00=a'],
    ['indices mixed with fields', 'E.0=a&E.x=b'],
    ['an empty name segment', 'A..B=1'],
  ])('refuses %s with InvalidParameter', (_name, query) => {
    let thrown: unknown;
    try {
      queryParams(queryPairs(query));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe('InvalidParameter');
  });
});

describe('fromQueryStrings: strings read as the schema types', () => {
  const schema = z.strictObject({
    N: z.int().optional(),
    B: z.boolean().optional(),
    S: z.string().optional(),
    L: z.array(z.looseObject({ I: z.int(), X: z.string() })).optional(),
    U: z.union([z.literal(''), z.string()]).optional(),
    Lit: z.literal(3).optional(),
  });
  test('numbers, booleans, literals where the schema wants them; strings elsewhere; bad numbers stay strings', () => {
    expect(
      fromQueryStrings(schema, {
        N: '42',
        B: 'true',
        S: '007',
        L: [{ I: '-1', X: '2', Extra: '5' }],
        U: '',
        Lit: '3',
      }),
    ).toEqual({ N: 42, B: true, S: '007', L: [{ I: -1, X: '2', Extra: '5' }], U: '', Lit: 3 });
    expect(fromQueryStrings(schema, { N: 'forty', B: 'yes' })).toEqual({ N: 'forty', B: 'yes' });
  });
});

describe('GET requests', () => {
  let emu: RunningEmulator;
  let sdk: SdkClients;
  beforeAll(async () => {
    emu = await startTestEmulator();
    sdk = sdkClients(emu, { method: 'GET' });
  });
  afterEach(() => emu.control.reset());
  afterAll(async () => {
    sdk.close();
    await emu.stop();
  });

  test("seed 003's Example 2, hand-signed: Action and Version in the query, nested fields, Extras.0", async () => {
    const query = encodeQuery([
      ['Action', 'StartOnlineRecord'],
      ['Version', '2019-09-19'],
      ['Region', 'ap-singapore'],
      ['SdkAppId', 1400000001],
      ['RoomId', 1203],
      ['RecordUserId', 'tic_record_user_1203_141551'],
      ['RecordUserSig', 'usersig_of_<tic_record_user_1203_141551>'],
      ['Whiteboard.Width', 1280],
      ['Whiteboard.Height', 960],
      ['Whiteboard.InitParam', '{"ratio":"16:9"}'],
      ['Concat.Enabled', true],
      ['Concat.Image', 'http://background/image.jpg'],
      ['MixStream.Enabled', true],
      ['MixStream.DisableAudio', false],
      ['MixStream.ModelId', 2],
      ['MixStream.TeacherId', 'teacher'],
      ['Extras.0', 'MIX_STREAM'],
    ]);
    const response = await rawGet(emu, { host: 'tiw.tencentcloudapi.com', query });
    expect(response).toEqual({ TaskId: expect.any(String) as string, RequestId: expect.any(String) as string });
    const taskId = response['TaskId'] as string;
    const [call] = emu.control.calls({ action: 'StartOnlineRecord' });
    expect(call).toMatchObject({ service: 'tiw', method: 'GET', outcome: 'ok', taskId, identity: { roomId: '1203' } });

    // MixStream.Enabled=true read as a boolean and Extras.0 as an array: the mix video appears.
    emu.control.joinRoom({ sdkAppId: 1400000001, roomId: 1203 }, 'teacher', { audio: true, video: true });
    emu.control.advance(5_000);
    emu.control.boardActivity({ sdkAppId: 1400000001, roomId: 1203 });
    emu.control.advance(MINUTE);
    const stop = encodeQuery([
      ['Action', 'StopOnlineRecord'],
      ['Version', '2019-09-19'],
      ['Region', 'ap-singapore'],
      ['SdkAppId', 1400000001],
      ['TaskId', taskId],
    ]);
    expect(await rawGet(emu, { host: 'tiw.tencentcloudapi.com', query: stop })).not.toHaveProperty('Error');
    emu.control.advance(MINUTE);
    expect(emu.control.task('tiw-online', taskId)?.files.map((f) => f.trackType)).toContain('mix');
  });

  test("seed 004's form, hand-signed: StartTime as 2018-09-11+12%3a04%3a01 (plus for space, lower-case escape)", async () => {
    emu.control.advance(1000 - (emu.clock.now() % 1000));
    const start = emu.clock.now() + MINUTE;
    const end = start + 30 * MINUTE;
    const cst = (ms: number): string => formatCst(ms).replace(' ', '+').replace(/:/g, '%3a');
    const query = `Action=CreateLiveRecord&Version=2018-08-01&AppName=live&DomainName=5000.live.push.com&StreamName=livetest&StartTime=${cst(start)}&EndTime=${cst(end)}`;
    const response = await rawGet(emu, { host: 'live.intl.tencentcloudapi.com', query });
    expect(response['TaskId']).toEqual(expect.any(Number));
    const task = emu.control.task('css-live', String(response['TaskId']));
    expect(task).toMatchObject({ status: 'scheduled', detail: { startMs: start, endMs: end } });
  });

  test('the official SDK in GET mode: nested objects, arrays and arrays of objects, integers and booleans', async () => {
    const created = await sdk.trtc.CreateCloudRecording({
      SdkAppId: 1400188366,
      RoomId: '3560',
      UserId: 'recorder_3560',
      UserSig: 'sig',
      RecordParams: { RecordMode: 2, MaxIdleTime: 60, StreamType: 0, OutputFormat: 3 },
      StorageParams: {
        CloudStorage: {
          Vendor: 0,
          Region: 'ap-guangzhou',
          Bucket: 'b-1250000000',
          AccessKey: 'ak',
          SecretKey: 'sk',
          FileNamePrefix: ['record', 'video'],
        },
      },
      MixLayoutParams: { MixLayoutMode: 3 },
    });
    expect(created.TaskId).toEqual(expect.any(String));
    await expect(
      sdk.trtc.DescribeCloudRecording({ SdkAppId: 1400188366, TaskId: created.TaskId ?? '' }),
    ).resolves.toMatchObject({ TaskId: created.TaskId, Status: 'Idle' });

    const web = await sdk.trtc.StartWebRecord({
      RecordUrl: 'https://example.com/class/1?lang=en&x=1',
      SdkAppId: 1400000001,
      StorageParams: { CloudVod: { TencentVod: { ExpireTime: 0 } } },
      MaxDurationLimit: 3600,
      WebRecordVideoParams: { Width: 1920, Height: 1080, Format: 'mp4' },
      PublishCdnParams: [{ PublishCdnUrl: 'rtmp://cdn/a', IsTencentCdn: 1 }],
      RecordId: 'get-1',
    });
    expect(emu.control.task('trtc-web', web.TaskId ?? '')?.detail).toEqual({
      format: 'mp4',
      width: 1920,
      height: 1080,
    });

    const tiw = await sdk.tiw.StartOnlineRecord({
      SdkAppId: 1400000001,
      RoomId: 1203,
      RecordUserId: 'tic_record_user_1203_get',
      RecordUserSig: 'sig',
      MixStream: { Enabled: true, ModelId: 2 },
      Extras: ['MIX_STREAM'],
      AudioFileNeeded: true,
    });
    expect(tiw.TaskId).toEqual(expect.any(String));

    const trro = await sdk.trro.CreateCloudRecording({
      ProjectId: 'p1',
      DeviceId: 'dev1',
      VideoStreamId: 0,
      CloudStorage: { Vendor: 0, Region: 'ap-nanjing', Bucket: 'b', AccessKey: 'a', SecretKey: 's' },
    });
    expect(trro.TaskId).toEqual(expect.any(String));
    expect(emu.control.calls().map((c) => [c.method, c.outcome])).toEqual(
      Array.from({ length: 5 }, () => ['GET', 'ok']),
    );
  });

  test('validation answers as for JSON: wrong type, out of range, unknown parameter', async () => {
    const start = { SdkAppId: 1400000001, RoomId: 1203, RecordUserId: 'tic_record_user_1203_v', RecordUserSig: 's' };
    await expect(sdkError(sdk.tiw.request('StartOnlineRecord', { ...start, RoomId: 'room' }))).resolves.toMatchObject({
      code: 'InvalidParameter.BodyParameterTypeUnmatched',
    });
    await expect(
      sdkError(sdk.tiw.request('StartOnlineRecord', { ...start, AutoStopTimeout: 299 })),
    ).resolves.toMatchObject({ code: 'InvalidParameter.RecordParameter' });
    await expect(sdkError(sdk.tiw.request('StartOnlineRecord', { ...start, Colour: 'blue' }))).resolves.toMatchObject({
      code: 'UnknownParameter',
    });
    await expect(
      sdkError(sdk.tiw.request('StartOnlineRecord', { ...start, RecordUserSig: undefined })),
    ).resolves.toMatchObject({ code: 'MissingParameter' });
    expect(emu.control.tasks()).toHaveLength(0);
  });

  test('refusals: a query other than the signed one, a JSON Content-Type, a body, conflicting Actions, other methods', async () => {
    const host = 'tiw.tencentcloudapi.com';
    const query = encodeQuery([
      ['Action', 'DescribeOnlineRecord'],
      ['Version', '2019-09-19'],
      ['Region', 'ap-singapore'],
      ['SdkAppId', 1400000001],
      ['TaskId', 'nope'],
    ]);
    expect(errorCode(await rawGet(emu, { host, query }))).toBe('InvalidParameter.TaskNotFound');
    expect(errorCode(await rawGet(emu, { host, query, signedQuery: query.replace('nope', 'other') }))).toBe(
      'AuthFailure.SignatureFailure',
    );
    expect(errorCode(await rawGet(emu, { host, query, contentType: 'application/json' }))).toBe('InvalidParameter');
    expect(errorCode(await rawGet(emu, { host, query, body: '{}' }))).toBe('AuthFailure.SignatureFailure');
    expect(errorCode(await rawGet(emu, { host, query, headers: { 'X-TC-Action': 'StopOnlineRecord' } }))).toBe(
      'InvalidParameter',
    );
    expect(errorCode(await rawGet(emu, { host, query, headers: { 'X-TC-Action': 'DescribeOnlineRecord' } }))).toBe(
      'InvalidParameter.TaskNotFound',
    );
    expect(errorCode(await rawGet(emu, { host, query: `${query}&Extras.1=x` }))).toBe('InvalidParameter');
    expect(errorCode(await rawGet(emu, { host, query, method: 'PUT' }))).toBe('UnsupportedProtocol');
    expect(errorCode(await rawGet(emu, { host, query: query.replace('Action=DescribeOnlineRecord&', '') }))).toBe(
      'MissingParameter',
    );
  });
});
