/** docs/lifecycle.md names every state, end reason and warning code the code has. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { WARNING_CODES } from '../../../client/recordings/public-shapes';
import { RECORDING_STATES } from '../../../client/recordings/list';
import { TERMINAL_STATE } from '../../../workflows/lifecycle';

const doc = readFileSync(resolve(__dirname, '../../../docs/lifecycle.md'), 'utf8');
/** The first column of the page's table rows, as written: `| \`code\` | ...`. */
const rows = new Set([...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));

test.each([
  ['state', [...RECORDING_STATES]],
  ['end reason', Object.keys(TERMINAL_STATE)],
  ['warning code', [...WARNING_CODES]],
])('every %s has its row', (_what, names) => {
  expect(names.filter((name) => !rows.has(name))).toEqual([]);
});

test('each end reason row names the terminal state the code gives it', () => {
  for (const [reason, state] of Object.entries(TERMINAL_STATE)) expect(doc).toContain(`| \`${reason}\` | ${state} |`);
});
