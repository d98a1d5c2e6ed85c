/**
 * Replays workflow histories a fault run saved (`temporal workflow show -o json`) against the
 * current workflow code, with the suite's payload key:
 *
 *   npx tsx test/faults/replay-history.ts test/faults/results/stuck-<run>/<file>.json ...
 *
 * Prints, per file, whether it replays or the determinism error it hits. Exit 1 if any fails.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { dataConverter } from '../../runtime/codec';
import { loadStackConfig } from '../../runtime/config';
import { WORKFLOWS_PATH } from '../../worker/main';
import { historyReplayer } from '../../worker/workflow-bundle';
import { historyFromJson } from '../workflows/support/history-json';
import { PAYLOAD_KEY } from './fault-stack';

async function main(files: readonly string[]): Promise<number> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const loaded = loadStackConfig({ PAYLOAD_ENCRYPTION_KEY: PAYLOAD_KEY, TEMPORAL_ADDRESS: '127.0.0.1:7233' });
  if (!loaded.ok) throw loaded.error;
  // The worker's own replayer (worker/stuck-repair.ts uses it): one bundle for every file.
  const replay = historyReplayer(undefined, WORKFLOWS_PATH, dataConverter(loaded.config.payloadKeys));
  let failed = 0;
  for (const file of files) {
    const history = historyFromJson(readFileSync(file, 'utf8'));
    try {
      await replay(history, basename(file));
      process.stdout.write(`${file}: replays\n`);
    } catch (error) {
      failed++;
      process.stdout.write(`${file}: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  return failed === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(2);
  },
);
