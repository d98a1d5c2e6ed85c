/** Environment config and the no-leak guarantees for credentials. */
import { inspect } from 'node:util';
import { CloudConfigError, CloudCredentials, TencentCloudClient, loadCloudConfig } from '../../../cloud';

const SECRET_KEY = 'sk-Do-Not-Leak-7f3a9c';
const TOKEN = 'token-Do-Not-Leak-91b2';
const valid = { TENCENTCLOUD_SECRET_ID: 'AKIDconfigtest000001', TENCENTCLOUD_SECRET_KEY: SECRET_KEY };

function problemsOf(env: Record<string, string | undefined>): readonly string[] {
  try {
    loadCloudConfig(env);
  } catch (error) {
    if (error instanceof CloudConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a CloudConfigError');
}

describe('loadCloudConfig', () => {
  it('defaults to the mainland domain, no region and 6 s time-outs', () => {
    const config = loadCloudConfig(valid);
    expect(config.endpoint).toEqual({ kind: 'domain', domain: 'mainland' });
    expect(config.timeouts).toEqual({ connectMs: 6_000, headersMs: 6_000, bodyMs: 6_000 });
    expect(config.region).toBeUndefined();
    expect(config.credentials.secretKey).toBe(SECRET_KEY);
    expect(config.credentials.token).toBeUndefined();
  });

  it('reads every optional setting', () => {
    const config = loadCloudConfig({
      ...valid,
      TENCENTCLOUD_SESSION_TOKEN: TOKEN,
      TENCENTCLOUD_REGION: 'ap-singapore',
      TENCENTCLOUD_DOMAIN: 'intl',
      TENCENTCLOUD_LANGUAGE: 'en-US',
      TENCENTCLOUD_CONNECT_TIMEOUT_MS: '1000',
      TENCENTCLOUD_HEADERS_TIMEOUT_MS: '7000',
      TENCENTCLOUD_BODY_TIMEOUT_MS: '8000',
    });
    expect(config).toMatchObject({
      region: 'ap-singapore',
      endpoint: { kind: 'domain', domain: 'intl' },
      language: 'en-US',
      timeouts: { connectMs: 1_000, headersMs: 7_000, bodyMs: 8_000 },
    });
    expect(config.credentials.token).toBe(TOKEN);
  });

  it('takes a custom endpoint for the emulator and treats empty values as unset', () => {
    const config = loadCloudConfig({
      ...valid,
      TENCENTCLOUD_ENDPOINT: 'http://127.0.0.1:9000',
      TENCENTCLOUD_REGION: '',
      TENCENTCLOUD_DOMAIN: ' ',
    });
    expect(config.endpoint).toEqual({ kind: 'custom', baseUrl: 'http://127.0.0.1:9000' });
    expect(config.region).toBeUndefined();
  });

  it('returns a frozen config', () => {
    const config = loadCloudConfig(valid);
    expect(Object.isFrozen(config) && Object.isFrozen(config.timeouts) && Object.isFrozen(config.endpoint)).toBe(true);
  });

  it('lists every problem at once, each naming the variable and the rule', () => {
    const problems = problemsOf({
      TENCENTCLOUD_SECRET_KEY: 'has space',
      TENCENTCLOUD_REGION: 'Guangzhou',
      TENCENTCLOUD_ENDPOINT: 'ftp://127.0.0.1/path',
      TENCENTCLOUD_DOMAIN: 'moon',
      TENCENTCLOUD_LANGUAGE: 'fr-FR',
      TENCENTCLOUD_CONNECT_TIMEOUT_MS: 'soon',
      TENCENTCLOUD_HEADERS_TIMEOUT_MS: '0',
      TENCENTCLOUD_BODY_TIMEOUT_MS: '600001',
    });
    expect(problems).toEqual([
      'TENCENTCLOUD_SECRET_ID: is required',
      'TENCENTCLOUD_SECRET_KEY: must be a SecretKey without whitespace',
      'TENCENTCLOUD_REGION: must be a region id such as ap-guangzhou',
      'TENCENTCLOUD_ENDPOINT: must be an http(s) origin such as http://127.0.0.1:9000 (no path, query or credentials)',
      'TENCENTCLOUD_DOMAIN: must be "mainland" or "intl"',
      'TENCENTCLOUD_LANGUAGE: must be "zh-CN" or "en-US"',
      'TENCENTCLOUD_CONNECT_TIMEOUT_MS: must be a whole number of milliseconds from 1 to 600000',
      'TENCENTCLOUD_HEADERS_TIMEOUT_MS: must be a whole number of milliseconds from 1 to 600000',
      'TENCENTCLOUD_BODY_TIMEOUT_MS: must be a whole number of milliseconds from 1 to 600000',
      'TENCENTCLOUD_DOMAIN: must not be set together with TENCENTCLOUD_ENDPOINT (a custom endpoint serves every service)',
    ]);
  });

  it('never puts a value into a problem, even an invalid secret', () => {
    const badKey = `${SECRET_KEY} trailing`;
    let message = '';
    try {
      loadCloudConfig({ ...valid, TENCENTCLOUD_SECRET_KEY: badKey, TENCENTCLOUD_SESSION_TOKEN: `${TOKEN} x` });
    } catch (error) {
      message = `${String(error)} ${inspect(error)}`;
    }
    expect(message).toContain('TENCENTCLOUD_SECRET_KEY');
    expect(message).toContain('TENCENTCLOUD_SESSION_TOKEN');
    expect(message).not.toContain(SECRET_KEY);
    expect(message).not.toContain(TOKEN);
  });
});

describe('credentials never leak', () => {
  const config = loadCloudConfig({ ...valid, TENCENTCLOUD_SESSION_TOKEN: TOKEN });
  const renderings: [string, () => string][] = [
    ['JSON.stringify(credentials)', () => JSON.stringify(config.credentials)],
    ['JSON.stringify(config)', () => JSON.stringify(config)],
    ['util.inspect(credentials)', () => inspect(config.credentials, { showHidden: true, depth: 10 })],
    ['util.inspect(config)', () => inspect(config, { showHidden: true, depth: 10 })],
    ['String(credentials)', () => String(config.credentials)],
    ['template string', () => `${config.credentials.toString()} ${String(config.credentials)}`],
    ['spread copy', () => JSON.stringify({ ...config.credentials })],
  ];

  it.each(renderings)('%s shows neither SecretKey nor token', (_how, render) => {
    const text = render();
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(TOKEN);
  });

  it('a client holding them shows neither either', async () => {
    const client = new TencentCloudClient(config);
    try {
      const text = `${inspect(client, { showHidden: true, depth: 10 })} ${JSON.stringify(client)} ${String(client)}`;
      expect(text).not.toContain(SECRET_KEY);
      expect(text).not.toContain(TOKEN);
    } finally {
      await client.close();
    }
  });

  it('shows a masked SecretId so keys can still be told apart', () => {
    expect(String(config.credentials)).toContain('AKID…0001');
    expect(JSON.stringify(config.credentials)).not.toContain('AKIDconfigtest000001');
  });

  it('still hands the secrets to the signer', () => {
    const held = CloudCredentials.from({ secretId: 'AKIDx', secretKey: SECRET_KEY, token: TOKEN });
    expect([held.secretKey, held.token]).toEqual([SECRET_KEY, TOKEN]);
    expect(CloudCredentials.from(held)).toBe(held);
  });
});
