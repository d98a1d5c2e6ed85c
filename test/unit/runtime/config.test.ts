/** The environment is validated once: defaults, every problem together, secrets never printed. */
import { inspect } from 'node:util';
import {
  loadClientConfig,
  loadGatewayConfig,
  loadStackConfig,
  loadWorkerConfig,
  type ConfigResult,
} from '../../../runtime/config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const SECRET_KEY = 'sk-VERY-secret-value-123';
const devKey = () => Buffer.alloc(32, 9);

function ok<C>(result: ConfigResult<C>): C {
  if (!result.ok) throw new Error(`expected a valid config, got ${result.error.message}`);
  return result.config;
}

function issues<C>(result: ConfigResult<C>): readonly string[] {
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.error.issues;
}

describe('loadStackConfig (worker and gateway slices in one process)', () => {
  test('an empty environment gives the local defaults: dev server, emulator, dev key', () => {
    const config = ok(loadStackConfig({}, { cwd: '/srv/app', devKey }));
    expect(config.temporal).toEqual({
      address: undefined,
      namespace: 'default',
      taskQueue: 'recordings',
      activityQueuePrefix: 'tencent',
      devServer: { cliPath: undefined, port: 7233, uiPort: 8233 },
    });
    expect(config.provider).toEqual({ kind: 'emulator', region: undefined, endpoint: undefined });
    expect(config.payloadKeySource).toBe('dev-file');
    expect(config.payloadKeys.current.key.reveal()).toEqual(Buffer.alloc(32, 9));
    expect(config.dataDir).toBe('/srv/app/.data');
    expect(config.gateway).toEqual({ host: '127.0.0.1', port: 8080, tokens: [], temporalTimeoutMs: 5000 });
    expect(config.logLevel).toBe('INFO');
    expect(config.shutdownGraceMs).toBe(10_000);
    expect(config.rateLimits).toEqual({ scale: 1, headroom: 0.6, overrides: {} });
  });

  test('RATE_LIMIT_HEADROOM is a fraction in [0, 1); a bad one names the field and the rule', () => {
    expect(ok(loadWorkerConfig({ RATE_LIMIT_HEADROOM: '0' }, { devKey })).rateLimits.headroom).toBe(0);
    expect(ok(loadWorkerConfig({ RATE_LIMIT_HEADROOM: '0.25' }, { devKey })).rateLimits.headroom).toBe(0.25);
    expect(issues(loadWorkerConfig({ RATE_LIMIT_HEADROOM: '1' }, { devKey }))).toEqual([
      'RATE_LIMIT_HEADROOM: must be < 1 (1 would leave no rate at all)',
    ]);
    expect(issues(loadWorkerConfig({ RATE_LIMIT_HEADROOM: '-0.1' }, { devKey }))).toEqual([
      'RATE_LIMIT_HEADROOM: must be >= 0',
    ]);
    expect(issues(loadWorkerConfig({ RATE_LIMIT_HEADROOM: 'lots' }, { devKey }))).toEqual([
      'RATE_LIMIT_HEADROOM: must be a number',
    ]);
  });

  test('empty strings count as unset, as compose passes unset ${VAR} through as ""', () => {
    const config = ok(
      loadStackConfig({ TEMPORAL_ADDRESS: '', TENCENTCLOUD_SECRET_ID: ' ', TASK_QUEUE: '' }, { devKey }),
    );
    expect(config.temporal.address).toBeUndefined();
    expect(config.temporal.taskQueue).toBe('recordings');
    expect(config.provider.kind).toBe('emulator');
  });

  test('credentials select the real provider and keep region, endpoint and token', () => {
    const config = ok(
      loadStackConfig({
        TEMPORAL_ADDRESS: 'temporal:7233',
        PAYLOAD_ENCRYPTION_KEY: KEY,
        TENCENTCLOUD_SECRET_ID: 'AKIDexample',
        TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
        TENCENTCLOUD_SESSION_TOKEN: 'tok-123',
        TENCENTCLOUD_REGION: 'ap-guangzhou',
        TENCENTCLOUD_ENDPOINT: 'https://trtc.internal.example:8443',
        LOG_LEVEL: 'debug',
        TEMPORAL_DEV_UI_PORT: 'off',
      }),
    );
    expect(config.provider.kind).toBe('tencent');
    if (config.provider.kind !== 'tencent') return;
    expect(config.provider.cloud.credentials.secretId).toBe('AKIDexample');
    expect(config.provider.cloud.credentials.secretKey).toBe(SECRET_KEY);
    expect(config.provider.cloud.credentials.token).toBe('tok-123');
    expect(config.provider.cloud.region).toBe('ap-guangzhou');
    expect(config.provider.cloud.endpoint).toEqual({ kind: 'custom', baseUrl: 'https://trtc.internal.example:8443' });
    expect(config.payloadKeySource).toBe('env');
    expect(config.logLevel).toBe('DEBUG');
    expect(config.temporal.devServer.uiPort).toBeUndefined();
  });

  test('every TENCENTCLOUD_* setting of cloud/config.ts reaches the provider (domain, language, time-outs)', () => {
    const config = ok(
      loadStackConfig(
        {
          TENCENTCLOUD_SECRET_ID: 'AKIDexample',
          TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
          TENCENTCLOUD_DOMAIN: 'intl',
          TENCENTCLOUD_LANGUAGE: 'en-US',
          TENCENTCLOUD_HEADERS_TIMEOUT_MS: '9000',
        },
        { devKey },
      ),
    );
    if (config.provider.kind !== 'tencent') throw new Error(`expected tencent, got ${config.provider.kind}`);
    expect(config.provider.cloud.endpoint).toEqual({ kind: 'domain', domain: 'intl' });
    expect(config.provider.cloud.language).toBe('en-US');
    expect(config.provider.cloud.timeouts).toEqual({ connectMs: 6000, headersMs: 9000, bodyMs: 6000 });
  });

  test('cloud problems are reported with the others, for the emulator target too', () => {
    const withKeys = issues(
      loadStackConfig(
        {
          TENCENTCLOUD_SECRET_ID: 'AKIDexample',
          TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
          TENCENTCLOUD_BODY_TIMEOUT_MS: 'soon',
          LOG_LEVEL: 'LOUD',
        },
        { devKey },
      ),
    );
    expect(withKeys).toEqual([
      expect.stringMatching(/^LOG_LEVEL: must be one of/),
      expect.stringMatching(/^TENCENTCLOUD_BODY_TIMEOUT_MS: must be a whole number of milliseconds/),
    ]);
    const emulator = issues(
      loadStackConfig({ TENCENTCLOUD_ENDPOINT: 'ftp://127.0.0.1:4600', TENCENTCLOUD_REGION: 'Guangzhou' }, { devKey }),
    );
    expect(emulator).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^TENCENTCLOUD_REGION: must be a region id/),
        expect.stringMatching(/^TENCENTCLOUD_ENDPOINT: must be an http\(s\) origin/),
      ]),
    );
    expect(emulator).toHaveLength(2);
  });

  test('every problem is reported at once, naming the variable and the rule', () => {
    const found = issues(
      loadStackConfig(
        {
          TEMPORAL_ADDRESS: 'temporal:7233',
          TENCENTCLOUD_SECRET_ID: 'AKIDexample',
          GATEWAY_PORT: '70000',
          LOG_LEVEL: 'LOUD',
          RATE_LIMIT_SCALE: '2',
          TRTC_CALLBACK_KEY: 'has spaces and is far too long to be a TRTC key',
          PAYLOAD_ENCRYPTION_KEY: 'c2hvcnQ=',
        },
        { devKey },
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^GATEWAY_PORT: must be a TCP port/),
        expect.stringMatching(/^LOG_LEVEL: must be one of TRACE, DEBUG, INFO, WARN, ERROR/),
        expect.stringMatching(/^RATE_LIMIT_SCALE: must be <= 1/),
        expect.stringMatching(/^TRTC_CALLBACK_KEY: must be 1-32 letters or digits/),
        expect.stringMatching(/^PAYLOAD_ENCRYPTION_KEY: must be 32 bytes in standard base64/),
        expect.stringMatching(/^TENCENTCLOUD_SECRET_KEY: must be set together with TENCENTCLOUD_SECRET_ID/),
      ]),
    );
    expect(found).toHaveLength(6);
  });

  test('cross-field rules: credential pair, token, production key', () => {
    const found = issues(
      loadStackConfig({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
        TENCENTCLOUD_SESSION_TOKEN: 't',
      }),
    );
    expect(found).toEqual([
      expect.stringMatching(/^TENCENTCLOUD_SECRET_ID: must be set together with TENCENTCLOUD_SECRET_KEY/),
      expect.stringMatching(/^TENCENTCLOUD_SESSION_TOKEN: only valid with/),
      expect.stringMatching(/^PAYLOAD_ENCRYPTION_KEY: required when TEMPORAL_ADDRESS is set/),
    ]);
  });

  test('a rejected secret is never echoed in the error', () => {
    const result = loadStackConfig(
      { TENCENTCLOUD_SECRET_KEY: `${SECRET_KEY} with space`, TENCENTCLOUD_SECRET_ID: 'AKID' },
      { devKey },
    );
    expect(issues(result)).toEqual([
      expect.stringMatching(/^TENCENTCLOUD_SECRET_KEY: must be a SecretKey without whitespace/),
    ]);
    expect(result.ok ? '' : result.error.message).not.toContain(SECRET_KEY);
  });

  test('rate-limit overrides parse per service.Action and reject malformed pairs', () => {
    const config = ok(
      loadStackConfig({ RATE_LIMITS: 'trtc.CreateCloudRecording=10, live.CreateLiveRecord=250.5' }, { devKey }),
    );
    expect(config.rateLimits.overrides).toEqual({ 'trtc.CreateCloudRecording': 10, 'live.CreateLiveRecord': 250.5 });
    expect(issues(loadStackConfig({ RATE_LIMITS: 'trtc.CreateCloudRecording=0,oops' }, { devKey }))).toEqual([
      expect.stringContaining(
        'RATE_LIMITS: "trtc.CreateCloudRecording=0" must look like service.Action=requestsPerSecond',
      ),
      expect.stringContaining('RATE_LIMITS: "oops" must look like'),
    ]);
  });

  test('an unreadable dev key is a config error, not a crash', () => {
    const result = loadStackConfig(
      {},
      {
        devKey: () => {
          throw new Error('disk full');
        },
      },
    );
    expect(issues(result)).toEqual([
      expect.stringMatching(/^PAYLOAD_ENCRYPTION_KEY: unset and the dev key could not be read: disk full/),
    ]);
  });

  test('previous keys decrypt old history and need a current key', () => {
    const old = Buffer.alloc(32, 1).toString('base64');
    const config = ok(
      loadStackConfig({
        PAYLOAD_ENCRYPTION_KEY: KEY,
        PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: old,
        PAYLOAD_ENCRYPTION_KEY_ID: 'k2',
      }),
    );
    expect(config.payloadKeys.current.id).toBe('k2');
    expect(config.payloadKeys.previous?.map((k) => k.key.reveal())).toEqual([Buffer.alloc(32, 1)]);
    expect(issues(loadStackConfig({ PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: old }, { devKey }))).toEqual([
      expect.stringMatching(/^PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: only valid with PAYLOAD_ENCRYPTION_KEY/),
    ]);
  });

  test('the config is frozen and no way of printing it shows a secret', () => {
    const config = ok(
      loadStackConfig({
        PAYLOAD_ENCRYPTION_KEY: KEY,
        TENCENTCLOUD_SECRET_ID: 'AKIDexample',
        TENCENTCLOUD_SECRET_KEY: SECRET_KEY,
        TENCENTCLOUD_SESSION_TOKEN: 'session-token-xyz',
        TRTC_CALLBACK_KEY: 'trtcKey123',
        TIW_CALLBACK_KEY: 'tiwKey456',
        CSS_CALLBACK_KEY: 'cssKey789',
      }),
    );
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.temporal.devServer)).toBe(true);
    const credentials = config.provider.kind === 'tencent' ? config.provider.cloud.credentials : undefined;
    const printed = [
      JSON.stringify(config),
      inspect(config, { depth: null }),
      inspect(credentials),
      JSON.stringify(config.callbackKeys),
    ];
    const secrets = [
      SECRET_KEY,
      'session-token-xyz',
      'trtcKey123',
      'tiwKey456',
      'cssKey789',
      KEY,
      Buffer.alloc(32, 7).toString('hex'),
      'AKIDexample',
    ];
    for (const text of printed) for (const secret of secrets) expect(text).not.toContain(secret);
    expect(config.callbackKeys.trtc?.reveal()).toBe('trtcKey123');
  });
});

describe('one slice per process', () => {
  test('the CLI reads only the client slice: worker and gateway variables are not its business', () => {
    const env = { RATE_LIMITS: 'oops', GATEWAY_PORT: 'x', TENCENTCLOUD_SECRET_ID: 'AKID', TASK_QUEUE: 'q1' };
    const config = ok(loadClientConfig(env, { devKey }));
    expect(config.temporal.taskQueue).toBe('q1');
    expect(Object.keys(config).sort()).toEqual(['dataDir', 'logLevel', 'payloadKeySource', 'payloadKeys', 'temporal']);
    expect(issues(loadStackConfig(env, { devKey }))).toEqual([
      'GATEWAY_PORT: must be a TCP port, an integer from 1 to 65535',
      'RATE_LIMITS: "oops" must look like service.Action=requestsPerSecond (> 0)',
      'TENCENTCLOUD_SECRET_KEY: must be set together with TENCENTCLOUD_SECRET_ID (or leave both unset to use the emulator)',
    ]);
  });

  test('the gateway slice has its listener and callback keys, not the provider or rate limits', () => {
    const config = ok(
      loadGatewayConfig({ GATEWAY_PORT: '9090', TRTC_CALLBACK_KEY: 'abc123', RATE_LIMITS: 'oops' }, { devKey }),
    );
    expect(config.gateway).toEqual({ host: '127.0.0.1', port: 9090, tokens: [], temporalTimeoutMs: 5000 });
    expect(config.callbackKeys.trtc?.reveal()).toBe('abc123');
    expect(config.shutdownGraceMs).toBe(10_000);
    expect('provider' in config || 'rateLimits' in config).toBe(false);
  });

  test('the worker slice has the provider and rate limits, not the gateway', () => {
    const config = ok(loadWorkerConfig({ GATEWAY_PORT: 'x', RATE_LIMIT_SCALE: '0.5' }, { devKey }));
    expect(config.rateLimits.scale).toBe(0.5);
    expect(config.provider.kind).toBe('emulator');
    expect('gateway' in config || 'callbackKeys' in config).toBe(false);
  });

  test('every slice refuses a bad Temporal or payload-key setting', () => {
    const env = { TEMPORAL_ADDRESS: 'no port', PAYLOAD_ENCRYPTION_KEY: 'short' };
    for (const load of [loadClientConfig, loadGatewayConfig, loadWorkerConfig]) {
      expect(issues(load(env, { devKey }))).toEqual([
        'TEMPORAL_ADDRESS: must be host:port, e.g. temporal:7233',
        'PAYLOAD_ENCRYPTION_KEY: must be 32 bytes in standard base64 (44 characters ending in "=")',
      ]);
    }
  });
});

describe('the orphan sweep settings', () => {
  test('default: every 5 minutes over the last 7 days; "off" leaves the schedule alone', () => {
    expect(ok(loadWorkerConfig({}, { devKey })).orphanSweep).toEqual({
      intervalMs: 300_000,
      lookbackMs: 7 * 86_400_000,
      tiwApps: [],
      unownedPolicy: 'stop',
      graceMs: 600_000,
    });
    expect(ok(loadWorkerConfig({ ORPHAN_SWEEP_INTERVAL: 'off' }, { devKey })).orphanSweep).toBeUndefined();
    expect(
      ok(loadWorkerConfig({ ORPHAN_SWEEP_INTERVAL: '30s', ORPHAN_SWEEP_LOOKBACK: '2d' }, { devKey })).orphanSweep,
    ).toMatchObject({ intervalMs: 30_000, lookbackMs: 2 * 86_400_000 });
    const apps = { ORPHAN_SWEEP_TIW_APPS: '1400000001@ap-singapore, 1400000002', ORPHAN_SWEEP_UNOWNED: 'report' };
    expect(ok(loadWorkerConfig(apps, { devKey })).orphanSweep).toMatchObject({
      tiwApps: [{ sdkAppId: 1400000001, region: 'ap-singapore' }, { sdkAppId: 1400000002 }],
      unownedPolicy: 'report',
    });
  });

  test('a bad app list or policy names the variable and the rule', () => {
    expect(issues(loadWorkerConfig({ ORPHAN_SWEEP_TIW_APPS: '1400000001,abc' }, { devKey }))).toEqual([
      'ORPHAN_SWEEP_TIW_APPS: "abc" must look like SdkAppId or SdkAppId@region, e.g. 1400000001@ap-singapore',
    ]);
    expect(issues(loadWorkerConfig({ ORPHAN_SWEEP_UNOWNED: 'kill' }, { devKey }))).toEqual([
      'ORPHAN_SWEEP_UNOWNED: must be "stop" or "report"',
    ]);
  });

  test('a bad interval or look-back names the variable and the rule', () => {
    expect(issues(loadWorkerConfig({ ORPHAN_SWEEP_INTERVAL: 'soon' }, { devKey }))).toEqual([
      expect.stringMatching(/^ORPHAN_SWEEP_INTERVAL: must be "off" or a duration/),
    ]);
    expect(issues(loadWorkerConfig({ ORPHAN_SWEEP_INTERVAL: '500ms' }, { devKey }))).toEqual([
      expect.stringMatching(/^ORPHAN_SWEEP_INTERVAL: /),
    ]);
    expect(issues(loadWorkerConfig({ ORPHAN_SWEEP_LOOKBACK: '100d' }, { devKey }))).toEqual([
      'ORPHAN_SWEEP_LOOKBACK: from 1m to 90d',
    ]);
  });
});

describe('gateway surfaces and tokens', () => {
  const token = 'a'.repeat(32);

  it('reads scoped tokens as secrets, a callback port and the Temporal deadline', () => {
    const config = ok(
      loadGatewayConfig(
        {
          GATEWAY_TOKENS: `write:${token},read:${'b'.repeat(40)}`,
          GATEWAY_CALLBACK_PORT: '9091',
          GATEWAY_TEMPORAL_TIMEOUT: '2s',
        },
        { devKey },
      ),
    );
    expect(config.gateway.tokens.map((t) => [t.scope, t.token.reveal()])).toEqual([
      ['write', token],
      ['read', 'b'.repeat(40)],
    ]);
    expect(JSON.stringify(config)).not.toContain(token);
    expect(config.gateway.callbacks).toEqual({ host: '127.0.0.1', port: 9091 });
    expect(config.gateway.temporalTimeoutMs).toBe(2000);
  });

  it.each([
    ['a placeholder token', 'write:replace-me'],
    ['an unknown scope', `admin:${token}`],
    ['a short token', 'read:abc'],
  ])('refuses %s without echoing it', (_name, value) => {
    const result = loadGatewayConfig({ GATEWAY_TOKENS: value }, { devKey });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('GATEWAY_TOKENS');
      expect(result.error.message).not.toContain(value.split(':')[1]);
    }
  });

  it("refuses the example file's TENCENTCLOUD_* placeholders", () => {
    const result = loadWorkerConfig(
      { TENCENTCLOUD_SECRET_ID: 'replace-me', TENCENTCLOUD_SECRET_KEY: 'replace-me' },
      { devKey },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('TENCENTCLOUD_SECRET_ID');
      expect(result.error.message).toContain('TENCENTCLOUD_SECRET_KEY: is still the example placeholder');
    }
  });
});
