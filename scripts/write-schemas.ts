/**
 * Writes the JSON Schemas of the public shapes (docs/schemas/*.json) from their zod definitions,
 * so the documented contract is the code's. `npm run docs:schemas` rewrites them;
 * test/unit/docs/schemas.test.ts fails when a committed file differs from what this generates.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  recordingResultSchema,
  recordingStatusSchema,
  recordingSummarySchema,
} from '../client/recordings/public-shapes';
import { recordingSpecSchema } from '../client/recordings/spec';

export const SCHEMA_DIR = resolve(__dirname, '..', 'docs', 'schemas');

/** File name → JSON text (two-space indented, newline-terminated). */
export function schemaFiles(): Record<string, string> {
  const out = (schema: z.ZodType, title: string, description: string, io: 'input' | 'output' = 'output') => {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
    return `${JSON.stringify({ ...json, title, description }, null, 2)}\n`;
  };
  return {
    'recording-status.json': out(
      recordingStatusSchema,
      'Recording status',
      'What status, stop --wait, pause, resume and extend answer (client/recordings/public-shapes.ts).',
    ),
    'recording-result.json': out(
      recordingResultSchema,
      'Recording result',
      'The final result of a recording (client/recordings/public-shapes.ts).',
    ),
    'recording-summary.json': out(
      recordingSummarySchema,
      'Recording list entry',
      'One entry of list (client/recordings/public-shapes.ts).',
    ),
    'recording-spec.json': out(
      recordingSpecSchema,
      'Recording start spec',
      'What startRecording accepts (client/recordings/spec.ts); params are checked per product by recorders/. Times: ISO-8601 with offset or epoch ms.',
      'input',
    ),
  };
}

if (require.main === module) {
  for (const [name, text] of Object.entries(schemaFiles())) writeFileSync(join(SCHEMA_DIR, name), text);
  console.log(`write-schemas: wrote ${Object.keys(schemaFiles()).join(', ')} to docs/schemas/`);
}
