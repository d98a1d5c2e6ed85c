/** The committed JSON Schemas (docs/schemas/) are exactly what the zod definitions generate. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR, schemaFiles } from '../../../scripts/write-schemas';

test('docs/schemas holds the generated files and nothing else (regenerate: npm run docs:schemas)', () => {
  const generated = schemaFiles();
  expect(readdirSync(SCHEMA_DIR).sort()).toEqual(Object.keys(generated).sort());
  for (const [name, text] of Object.entries(generated)) {
    expect(`${name}\n${readFileSync(join(SCHEMA_DIR, name), 'utf8')}`).toBe(`${name}\n${text}`);
  }
});
