// The modules the workflow bundle imports stay pure: value imports only from other pure modules, never zod, node or I/O.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const PURE = [
  'recorders/catalog.ts',
  'recorders/stable-hash.ts',
  'recorders/identity.ts',
  'recorders/bounds.ts',
  'recorders/css-live/china-time.ts',
  'activities/retry-policies.ts',
];

function valueImports(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [...source.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)';/gm)].filter((m) => m[1] === undefined).map((m) => m[2] as string);
}

describe('pure modules for the workflow bundle', () => {
  it.each(PURE)('%s value-imports only other pure modules', (file) => {
    for (const spec of valueImports(file)) {
      const target = `${join(dirname(file), spec)}.ts`;
      expect(PURE).toContain(target);
    }
  });
});
