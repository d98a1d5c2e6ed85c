/**
 * Issue 9 item 8 end to end: TLS and mTLS to Temporal from the validated config, for both the
 * client Connection (gRPC-js) and the worker's NativeConnection (Core). The dev server has no TLS
 * flags, so a TLS terminator in this process (ALPN h2, client certificates required) forwards to
 * it; certificates are made by openssl at test time: a CA, a server certificate for
 * `temporal.test` and a client certificate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadClientConfig } from '../../runtime/config';
import { temporalConnectionOptions } from '../../runtime/temporal-connection';
import { type DevServer, resolveTemporalCli, startDevServer } from '../../worker/dev-server';

let dir: string;
let server: DevServer;
let terminator: TlsServer;
let address: string;
const KEY = Buffer.alloc(32, 7).toString('base64');

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A CA, and a certificate it signs for `subject` with `ext` (v3 extensions, SAN). */
function makeCertificates(): void {
  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '1',
    '-subj',
    '/CN=test-ca',
  );
  const sign = (name: string, subject: string, ext: string): void => {
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
  };
  sign('server', '/CN=temporal.test', 'subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n');
  sign('client', '/CN=recording-worker', 'extendedKeyUsage=clientAuth\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'temporal-tls-'));
  makeCertificates();
  server = await startDevServer({
    cliPath: resolveTemporalCli(undefined, resolve(__dirname, '..', '..')),
    dbFile: join(dir, 'temporal.sqlite'),
    startTimeoutMs: 60_000,
  });
  const [host, port] = server.address.split(':');
  terminator = createTlsServer(
    {
      key: readFileSync(join(dir, 'server.key')),
      cert: readFileSync(join(dir, 'server.pem')),
      ca: readFileSync(join(dir, 'ca.pem')),
      requestCert: true,
      rejectUnauthorized: true,
      ALPNProtocols: ['h2'],
    },
    (socket) => {
      const upstream = tcpConnect(Number(port), host);
      socket.pipe(upstream).pipe(socket);
      const close = (): void => {
        socket.destroy();
        upstream.destroy();
      };
      socket.on('error', close);
      upstream.on('error', close);
    },
  );
  terminator.on('tlsClientError', () => undefined);
  await new Promise<void>((done) => terminator.listen(0, '127.0.0.1', done));
  address = `127.0.0.1:${(terminator.address() as AddressInfo).port}`;
}, 90_000);

afterAll(async () => {
  await new Promise<void>((done) => (terminator === undefined ? done() : terminator.close(() => done())));
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function configFor(extra: Record<string, string>) {
  const loaded = loadClientConfig({ TEMPORAL_ADDRESS: address, PAYLOAD_ENCRYPTION_KEY: KEY, ...extra });
  if (!loaded.ok) throw loaded.error;
  return loaded.config;
}

const mtls = () => ({
  TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'),
  TEMPORAL_TLS_CERT_FILE: join(dir, 'client.pem'),
  TEMPORAL_TLS_KEY_FILE: join(dir, 'client.key'),
  TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
});

test('the client Connection and the worker NativeConnection reach Temporal over mTLS from the config', async () => {
  const options = temporalConnectionOptions(configFor(mtls()), address);
  const client = await Connection.connect(options);
  try {
    const info = await client.workflowService.getSystemInfo({});
    expect(info.capabilities).toBeDefined();
    await client.workflowService.describeNamespace({ namespace: 'default' });
  } finally {
    await client.close();
  }
  const native = await NativeConnection.connect(options);
  try {
    await native.workflowService.describeNamespace({ namespace: 'default' });
  } finally {
    await native.close();
  }
});

test('without the client certificate, or with the wrong server name, the connection is refused', async () => {
  const noClientCert = temporalConnectionOptions(
    configFor({ TEMPORAL_TLS_CA_FILE: join(dir, 'ca.pem'), TEMPORAL_TLS_SERVER_NAME: 'temporal.test' }),
    address,
  );
  await expect(
    Connection.connect({ ...noClientCert, connectTimeout: 3_000 }).then(async (c) => {
      try {
        await c.withDeadline(Date.now() + 3_000, () => c.workflowService.getSystemInfo({}));
      } finally {
        await c.close();
      }
    }),
  ).rejects.toThrow();
  const wrongName = temporalConnectionOptions(
    configFor({ ...mtls(), TEMPORAL_TLS_SERVER_NAME: 'other.test' }),
    address,
  );
  await expect(NativeConnection.connect(wrongName)).rejects.toThrow();
});
