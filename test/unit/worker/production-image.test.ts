/**
 * The production image ships production folders only: every one of them and no emulator.
 * (Which folder may import which is a lint rule: eslint.config.mjs FLOORS.)
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const PRODUCTION = ['domain', 'cloud', 'recorders', 'activities', 'workflows', 'runtime', 'worker', 'client'];

test('the Dockerfile copies every production folder and not the emulator', () => {
  const copied = [...readFileSync(join(root, 'Dockerfile'), 'utf8').matchAll(/^COPY\s+(\S+)\s+\.\/\1$/gm)].map(
    (m) => m[1],
  );
  expect(copied.sort()).toEqual([...PRODUCTION].sort());
});

test('the image build compiles every production folder and not the emulator', () => {
  const build = JSON.parse(readFileSync(join(root, 'docker/tsconfig.build.json'), 'utf8')) as { include: string[] };
  expect([...build.include].sort()).toEqual(PRODUCTION.map((folder) => `../${folder}`).sort());
});
