/** Regions by endpoint site: the international start pages (seeds 002, 003) allow ap-singapore only. */
import http from 'node:http';
import { signRequest } from '../../cloud/index';
import { type RunningEmulator } from '../../emulator/index';
import { siteOfHost } from '../../emulator/http/regions';
import { sdkClients, sdkError, startTestEmulator } from '../support/emulator';

const webStart = {
  RecordUrl: 'https://example.com/class/1',
  SdkAppId: 1400000001,
  StorageParams: { CloudVod: { TencentVod: {} } },
};
const tiwStart = {
  SdkAppId: 1400000001,
  RoomId: 1203,
  RecordUserId: 'tic_record_user_1203_1',
  RecordUserSig: 'sig',
};

/** A call signed by the project's signer and sent to the emulator's base URL (Host 127.0.0.1:<port>, site `other`). */
async function baseUrlCall(
  emu: RunningEmulator,
  service: string,
  action: string,
  version: string,
  region: string,
  body: object,
): Promise<Record<string, unknown>> {
  const text = JSON.stringify(body);
  const headers = signRequest({
    service,
    host: `127.0.0.1:${emu.port}`,
    action,
    version,
    region,
    timestamp: Math.floor(Date.now() / 1000),
    body: text,
    credentials: emu.credentials,
  });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: emu.host, port: emu.port, method: 'POST', path: '/', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve((JSON.parse(Buffer.concat(chunks).toString()) as { Response: Record<string, unknown> }).Response),
      );
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('siteOfHost', () => {
  test.each([
    ['trtc.intl.tencentcloudapi.com', 'intl'],
    ['TIW.INTL.tencentcloudapi.com:443', 'intl'],
    ['trtc.tencentcloudapi.com', 'mainland'],
    ['tiw.tencentcloudapi.com:80', 'mainland'],
    ['127.0.0.1:4600', 'other'],
    ['localhost', 'other'],
    [undefined, 'other'],
  ])('%s is %s', (host, site) => {
    expect(siteOfHost(host)).toBe(site);
  });
});

describe('regions by site', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterEach(() => emu.control.reset());
  afterAll(() => emu.stop());

  test('StartWebRecord on trtc.intl.tencentcloudapi.com: ap-singapore only (seed 002)', async () => {
    const singapore = sdkClients(emu, { site: 'intl', region: 'ap-singapore' });
    const guangzhou = sdkClients(emu, { site: 'intl', region: 'ap-guangzhou' });
    await expect(singapore.trtc.StartWebRecord(webStart)).resolves.toHaveProperty('TaskId');
    const refused = await sdkError(guangzhou.trtc.StartWebRecord({ ...webStart, RecordId: 'gz' }));
    expect(refused).toMatchObject({ code: 'UnsupportedRegion' });
    expect(refused.message).toContain('international endpoint');
    expect(emu.control.tasks({ product: 'trtc-web' })).toHaveLength(1);
    singapore.close();
    guangzhou.close();
  });

  test('StartWebRecord on the mainland endpoint and by base URL still accepts the mainland regions and ap-singapore', async () => {
    for (const region of ['ap-beijing', 'ap-guangzhou', 'ap-shanghai', 'ap-singapore']) {
      const mainland = sdkClients(emu, { region });
      await expect(mainland.trtc.StartWebRecord(webStart)).resolves.toHaveProperty('TaskId');
      mainland.close();
      await expect(baseUrlCall(emu, 'trtc', 'StartWebRecord', '2019-07-22', region, webStart)).resolves.toHaveProperty(
        'TaskId',
      );
    }
    const mumbai = sdkClients(emu, { region: 'ap-mumbai' });
    await expect(sdkError(mumbai.trtc.StartWebRecord(webStart))).resolves.toMatchObject({ code: 'UnsupportedRegion' });
    mumbai.close();
  });

  test('StartOnlineRecord: ap-singapore only on tiw.intl.tencentcloudapi.com and on tiw.tencentcloudapi.com, the domain seed 003 names', async () => {
    for (const site of ['intl', 'mainland'] as const) {
      const singapore = sdkClients(emu, { site, region: 'ap-singapore' });
      const guangzhou = sdkClients(emu, { site, region: 'ap-guangzhou' });
      await expect(
        singapore.tiw.StartOnlineRecord({ ...tiwStart, RecordUserId: `tic_record_user_1203_${site}` }),
      ).resolves.toHaveProperty('TaskId');
      await expect(sdkError(guangzhou.tiw.StartOnlineRecord(tiwStart))).resolves.toMatchObject({
        code: 'UnsupportedRegion',
      });
      singapore.close();
      guangzhou.close();
    }
    expect(emu.control.tasks({ product: 'tiw-online' })).toHaveLength(2);
  });

  test('StartOnlineRecord by base URL (no site named) keeps the earlier list; TIW follow-ups are unchanged', async () => {
    const started = await baseUrlCall(emu, 'tiw', 'StartOnlineRecord', '2019-09-19', 'ap-guangzhou', tiwStart);
    expect(started).toHaveProperty('TaskId');
    const guangzhou = sdkClients(emu, { site: 'intl', region: 'ap-guangzhou' });
    await expect(
      guangzhou.tiw.DescribeOnlineRecord({ SdkAppId: tiwStart.SdkAppId, TaskId: started['TaskId'] as string }),
    ).resolves.toMatchObject({ Status: 'PREPARED' });
    guangzhou.close();
  });

  test('the regions option can set a rule per site', async () => {
    const custom = await startTestEmulator({
      regions: {
        'trtc.StartWebRecord': { required: true, allowed: ['ap-guangzhou'], bySite: { intl: ['ap-guangzhou'] } },
      },
    });
    const intl = sdkClients(custom, { site: 'intl', region: 'ap-guangzhou' });
    await expect(intl.trtc.StartWebRecord(webStart)).resolves.toHaveProperty('TaskId');
    const singapore = sdkClients(custom, { site: 'intl', region: 'ap-singapore' });
    await expect(sdkError(singapore.trtc.StartWebRecord(webStart))).resolves.toMatchObject({
      code: 'UnsupportedRegion',
    });
    intl.close();
    singapore.close();
    await custom.stop();
  });
});
