/** The local dev key is made once, kept private, and read back unchanged. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_KEY_FILE, readOrCreateDevKey } from '../../../runtime/dev-key';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-key-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('creates a 32-byte key with mode 0600 and returns the same key afterwards', () => {
  const dataDir = join(dir, 'nested', '.data');
  const first = readOrCreateDevKey(dataDir);
  expect(first).toHaveLength(32);
  expect(statSync(join(dataDir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
  expect(Buffer.from(readOrCreateDevKey(dataDir)).equals(Buffer.from(first))).toBe(true);
  expect(readFileSync(join(dataDir, DEV_KEY_FILE), 'utf8').trim()).toBe(Buffer.from(first).toString('base64'));
});

test('a damaged key file is reported, not replaced', () => {
  writeFileSync(join(dir, DEV_KEY_FILE), 'bm90IGEga2V5');
  expect(() => readOrCreateDevKey(dir)).toThrow(/does not hold a 32-byte base64 key; delete it/);
});
