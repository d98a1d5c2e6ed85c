/**
 * The emulator stands apart from production: it imports nothing of it (a test double that
 * shares code with what it tests shares its bugs), production imports nothing of it, and the
 * production image does not ship it. Only test/, scripts/ and bench/ may use both sides.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const PRODUCTION = ['domain', 'cloud', 'recorders', 'activities', 'workflows', 'runtime', 'worker', 'client'];

function sources(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file));
}

/** Top-level folder of every relative module a file imports, requires or loads dynamically. */
function importedFolders(file: string): { specifier: string; folder: string }[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*['"](\.{1,2}\/[^'"]*)['"]/g)].map((m) => m[1] ?? '');
  return specifiers.map((specifier) => ({
    specifier,
    folder: relative(root, resolve(root, dirname(file), specifier)).split(/[\\/]/)[0] ?? '',
  }));
}

test('the emulator imports nothing outside emulator/', () => {
  const outside = sources('emulator').flatMap((file) =>
    importedFolders(file).filter(({ folder }) => folder !== 'emulator').map(({ specifier }) => `${file}: ${specifier}`),
  );
  expect(outside).toEqual([]);
});

test('production folders import nothing of the emulator', () => {
  const found = PRODUCTION.flatMap(sources).flatMap((file) =>
    importedFolders(file).filter(({ folder }) => folder === 'emulator').map(({ specifier }) => `${file}: ${specifier}`),
  );
  expect(found).toEqual([]);
});

test('the production image neither copies nor compiles the emulator', () => {
  expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).not.toMatch(/^COPY\s+emulator\b/m);
  const build = JSON.parse(readFileSync(join(root, 'docker/tsconfig.build.json'), 'utf8')) as { include: string[] };
  expect(build.include).toEqual(expect.arrayContaining(PRODUCTION.map((folder) => `../${folder}`)));
  expect(build.include.filter((path) => path.includes('emulator'))).toEqual([]);
});
