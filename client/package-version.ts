/**
 * This package's version, for `recordings --version`. Read from the package.json above this
 * file at run time, because the same code runs from source (client/) and from the built package
 * (dist/client/), one folder deeper.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PACKAGE_NAME = 'tencent-recording-orchestrator';

export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json here (or not ours): look one folder up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
