/**
 * The library as others install it: `npm pack`, the tarball installed into an empty folder (its
 * dependencies from the registry, no dev dependencies), the README example compiled against the
 * installed types and run against the local stack, where it starts a recording; and
 * `npx recordings` from the installed bin.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SCENARIOS } from '../../scripts/scenarios';
import { runProcess, type ProcessResult } from '../support/process';
import { startTestStack, TEST_PAYLOAD_KEY, type TestStack } from '../support/stack';

jest.setTimeout(600_000);

const root = resolve(__dirname, '..', '..');
const PACKAGE = 'tencent-recording-orchestrator';

let t: TestStack;
let dir: string;
let consumer: string;

function ok(result: ProcessResult, what: string): ProcessResult {
  if (result.code !== 0) throw new Error(`${what} exited ${String(result.code)}:\n${result.stderr}\n${result.stdout}`);
  return result;
}

/** The fenced TypeScript block after `<!-- package example -->` in client/README.md. */
function readmeExample(): string {
  const readme = readFileSync(join(root, 'client', 'README.md'), 'utf8');
  const match = /<!-- package example -->\s*```ts\n([\s\S]*?)```/.exec(readme);
  if (match?.[1] === undefined) throw new Error('client/README.md has no block after <!-- package example -->');
  return match[1];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'recordings-pack-'));
  consumer = join(dir, 'consumer');
  mkdirSync(consumer);
  const [stack] = await Promise.all([
    startTestStack(),
    (async () => {
      // prepack builds dist/ (tsconfig.package.json); the tarball holds dist/ and package.json.
      ok(await runProcess('npm', ['pack', '--pack-destination', dir], { cwd: root, timeoutMs: 300_000 }), 'npm pack');
      const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
      if (tarball === undefined) throw new Error('npm pack wrote no tarball');
      writeFileSync(
        join(consumer, 'package.json'),
        JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
      );
      ok(
        await runProcess('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)], {
          cwd: consumer,
          timeoutMs: 480_000,
        }),
        'npm install of the tarball',
      );
    })(),
  ]);
  t = stack;
}, 600_000);

afterAll(async () => {
  await t?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}, 60_000);

test('the installed package holds built JS and types, no dev-only modules and no install script', () => {
  const installed = join(consumer, 'node_modules', PACKAGE);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>;
  };
  expect(existsSync(join(installed, 'dist', 'client', 'index.js'))).toBe(true);
  expect(existsSync(join(installed, 'dist', 'client', 'index.d.ts'))).toBe(true);
  expect(existsSync(join(installed, 'dist', 'client', 'cli.js'))).toBe(true);
  // No TypeScript sources, tests or scripts shipped; nothing installs Temporal binaries on a consumer.
  expect(existsSync(join(installed, 'client'))).toBe(false);
  expect(existsSync(join(installed, 'scripts'))).toBe(false);
  expect(existsSync(join(installed, '.temporal'))).toBe(false);
  expect(Object.keys(manifest.scripts ?? {}).filter((s) => /^(pre|post)?install$/.test(s))).toEqual([]);
  for (const dev of ['jest', 'tsx', 'typescript', 'tencentcloud-sdk-nodejs', '@temporalio/testing'])
    expect(`${dev}: ${String(existsSync(join(consumer, 'node_modules', dev)))}`).toBe(`${dev}: false`);
});

test('the README example compiles against the installed types and starts a recording', async () => {
  writeFileSync(join(consumer, 'example.ts'), readmeExample());
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node',
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        // The consumer brings its own @types/node; here the repository's.
        typeRoots: [join(root, 'node_modules', '@types')],
        types: ['node'],
      },
      files: ['example.ts'],
    }),
  );
  ok(await runProcess(join(root, 'node_modules', '.bin', 'tsc'), ['-p', consumer], { cwd: consumer }), 'tsc');

  const recordId = `pack-${Date.now().toString(36)}`;
  const scenario = SCENARIOS['trtc-cloud'];
  scenario.setUp(t.emulator.control, 70);
  writeFileSync(join(consumer, 'recording.json'), JSON.stringify(scenario.spec(recordId, 70, Date.now())));
  const env = { TEMPORAL_ADDRESS: t.stack.temporal.address, PAYLOAD_ENCRYPTION_KEY: TEST_PAYLOAD_KEY };
  const run = ok(
    await runProcess(process.execPath, ['example.js', 'recording.json'], { cwd: consumer, env }),
    'example',
  );
  expect(run.stdout).toMatch(new RegExp(`^${recordId}: (Starting|Recording)\n$`));

  // The recording the installed package started is a real one on the stack.
  const status = await t.stack.client.recordings.status(recordId);
  expect(status.recordId).toBe(recordId);

  // And the installed bin drives it.
  const help = ok(await runProcess('npx', ['--no-install', 'recordings', '--help'], { cwd: consumer }), 'npx --help');
  expect(help.stdout).toMatch(/^Usage: recordings /);
  const stop = ok(
    await runProcess('npx', ['--no-install', 'recordings', 'stop', recordId, '--wait', '--json'], {
      cwd: consumer,
      env,
    }),
    'npx recordings stop',
  );
  expect((JSON.parse(stop.stdout) as { recordId: string }).recordId).toBe(recordId);
});
