/**
 * Builds the production workflow bundle: `node dist/worker/build-bundle.js [output]`
 * (default dist/workflow-bundle.js). Run at image build time; WORKFLOW_BUNDLE_PATH points at it.
 */
import { resolve } from 'node:path';
import { createLogger } from '../runtime/logger';
import { WORKFLOWS_PATH } from './main';
import { buildWorkflowBundle } from './workflow-bundle';

async function main(): Promise<void> {
  const logger = createLogger({ level: 'WARN', fields: { service: 'build-bundle' } });
  const outputPath = resolve(process.argv[2] ?? resolve(__dirname, '..', 'workflow-bundle.js'));
  await buildWorkflowBundle({ workflowsPath: WORKFLOWS_PATH, outputPath, logger });
  process.stdout.write(`workflow bundle written to ${outputPath}\n`);
}

main().catch((error: unknown) => {
  createLogger({ level: 'ERROR', fields: { service: 'build-bundle' } }).error('bundle failed', { error });
  process.exit(1);
});
