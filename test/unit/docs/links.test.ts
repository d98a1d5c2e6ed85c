/** Nothing links outside the repository: a clone has no sibling folders (scripts/check-links.mjs). */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

test('every link and path in the tracked files stays inside the repository', async () => {
  const script = resolve(__dirname, '../../../scripts/check-links.mjs');
  const { stdout } = await promisify(execFile)(process.execPath, [script]).catch((error: { stderr?: string }) => {
    throw new Error(`check-links found problems:\n${error.stderr ?? 'no output'}`);
  });
  expect(stdout).toMatch(/stays inside the repository/);
});
