/** Every example start spec (examples/*.json) passes the library's own validation, one per product. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PRODUCTS } from '../../../domain/catalog';
import { toRecordingRequest, toTemplateRequest } from '../../../client/recordings/spec';

const DIR = resolve(__dirname, '../../../examples');
const read = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const specs = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, spec: read(join(DIR, f)) }));

test('one example per product, named after it', () => {
  expect(specs.map((s) => s.file).sort()).toEqual(PRODUCTS.map((p) => `${p}.json`).sort());
  for (const { file, spec } of specs) expect(`${String(spec['product'])}.json`).toBe(file);
});

test.each(specs.map((s) => [s.file, s.spec] as const))('%s validates as a start spec', (_file, spec) => {
  // Judged a day before the css-live window, so the example's fixed times lie ahead.
  const request = toRecordingRequest(spec, Date.parse('2027-01-14T00:00:00Z'));
  expect(request.recordId).toBe(spec['recordId']);
  expect(request.product).toBe(spec['product']);
});

test('the schedule example validates as a recurring template', () => {
  const dir = join(DIR, 'schedules');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const schedule = read(join(dir, file));
    const request = toTemplateRequest(schedule['recording'], String(schedule['scheduleId']));
    expect(request.product).toBe('css-live');
  }
});
