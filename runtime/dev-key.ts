/**
 * The local-development payload key: generated once and kept in the git-ignored data
 * folder, so a restarted local stack can still read the history it wrote before.
 * Production (TEMPORAL_ADDRESS set) never uses this: its key must come from the environment.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File name of the development key inside the data folder. */
export const DEV_KEY_FILE = 'payload-encryption.dev.key';

/** Reads the 32-byte dev key from `dataDir`, creating it (mode 0600) on first use. */
export function readOrCreateDevKey(dataDir: string): Uint8Array {
  const path = join(dataDir, DEV_KEY_FILE);
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true });
    // 'wx' fails if another process created it meanwhile; then we read theirs below.
    try {
      writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
      chmodSync(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key; delete it to make a new one`);
  return key;
}
