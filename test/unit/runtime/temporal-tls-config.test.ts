/** TLS, mTLS and API key for Temporal: files checked at start-up, rules between variables named, secrets held. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadClientConfig, type ConfigResult } from '../../../runtime/config';
import { temporalConnectionOptions } from '../../../runtime/temporal-connection';

const KEY = Buffer.alloc(32, 7).toString('base64');
const devKey = () => Buffer.alloc(32, 9);
let dir: string;
let cert: string;
let key: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tls-config-'));
  cert = join(dir, 'client.pem');
  key = join(dir, 'client.key');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=test'],
    {
      stdio: 'ignore',
    },
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function issues<C>(result: ConfigResult<C>): readonly string[] {
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.error.issues;
}

const secured = { TEMPORAL_ADDRESS: 'temporal.example:7233', PAYLOAD_ENCRYPTION_KEY: KEY };

test('no TLS variable: plain TCP, as before', () => {
  const result = loadClientConfig(secured, { devKey });
  if (!result.ok) throw result.error;
  expect(result.config.temporal.tls).toBeUndefined();
  expect(temporalConnectionOptions(result.config, 'temporal.example:7233')).toEqual({
    address: 'temporal.example:7233',
  });
});

test('mTLS from files, CA, server name and API key reach the connection options; the key never prints', () => {
  const result = loadClientConfig(
    {
      ...secured,
      TEMPORAL_TLS_CA_FILE: cert,
      TEMPORAL_TLS_CERT_FILE: cert,
      TEMPORAL_TLS_KEY_FILE: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'cloud-api-key-value',
    },
    { devKey },
  );
  if (!result.ok) throw result.error;
  const options = temporalConnectionOptions(result.config, 'temporal.example:7233');
  expect(options.tls?.serverNameOverride).toBe('temporal.internal');
  expect(Buffer.from(options.tls?.serverRootCACertificate ?? []).toString()).toContain('BEGIN CERTIFICATE');
  expect(Buffer.from(options.tls?.clientCertPair?.key ?? []).toString()).toContain('PRIVATE KEY');
  expect(options.apiKey).toBe('cloud-api-key-value');
  const printed = `${JSON.stringify(result.config)} ${inspect(result.config, { depth: 10 })}`;
  expect(printed).not.toContain('cloud-api-key-value');
  expect(printed).not.toContain('PRIVATE KEY');
});

test('an API key alone turns TLS on (Temporal Cloud); TEMPORAL_TLS=on alone uses the system roots', () => {
  const cloud = loadClientConfig({ ...secured, TEMPORAL_API_KEY: 'k' }, { devKey });
  if (!cloud.ok) throw cloud.error;
  expect(cloud.config.temporal.tls).toEqual({});
  const on = loadClientConfig({ ...secured, TEMPORAL_TLS: 'on' }, { devKey });
  if (!on.ok) throw on.error;
  expect(temporalConnectionOptions(on.config, 'a:1').tls).toEqual({});
});

test('each bad setting is named with its rule', () => {
  const unreadable = join(dir, 'unreadable.pem');
  writeFileSync(unreadable, 'x');
  chmodSync(unreadable, 0o000);
  const notPem = join(dir, 'not-pem.txt');
  writeFileSync(notPem, 'hello');
  expect(issues(loadClientConfig({ ...secured, TEMPORAL_TLS_CERT_FILE: cert }, { devKey }))).toEqual([
    'TEMPORAL_TLS_KEY_FILE: must be set together with TEMPORAL_TLS_CERT_FILE (mTLS needs the certificate and its key)',
  ]);
  expect(issues(loadClientConfig({ ...secured, TEMPORAL_TLS_CA_FILE: join(dir, 'missing.pem') }, { devKey }))).toEqual([
    `TEMPORAL_TLS_CA_FILE: must name a readable file (ENOENT: ${join(dir, 'missing.pem')})`,
  ]);
  expect(issues(loadClientConfig({ ...secured, TEMPORAL_TLS_CA_FILE: notPem }, { devKey }))).toEqual([
    `TEMPORAL_TLS_CA_FILE: must be a PEM file holding a certificate (${notPem})`,
  ]);
  expect(
    issues(loadClientConfig({ ...secured, TEMPORAL_TLS_KEY_FILE: cert, TEMPORAL_TLS_CERT_FILE: cert }, { devKey })),
  ).toEqual([`TEMPORAL_TLS_KEY_FILE: must be a PEM file holding a private key (${cert})`]);
  expect(issues(loadClientConfig({ ...secured, TEMPORAL_TLS: 'off', TEMPORAL_API_KEY: 'k' }, { devKey }))).toEqual([
    'TEMPORAL_API_KEY: needs TLS, but TEMPORAL_TLS is "off"',
  ]);
  expect(issues(loadClientConfig({ TEMPORAL_TLS: 'yes' }, { devKey }))).toEqual([
    'TEMPORAL_TLS: must be "on" or "off"',
    'TEMPORAL_TLS: only valid with TEMPORAL_ADDRESS (the local dev server is plain TCP)',
  ]);
  // root reads any file whatever its mode; the rule is checked where the mode holds.
  if (process.getuid?.() !== 0) {
    expect(issues(loadClientConfig({ ...secured, TEMPORAL_TLS_CA_FILE: unreadable }, { devKey }))[0]).toContain(
      'EACCES',
    );
  }
});
