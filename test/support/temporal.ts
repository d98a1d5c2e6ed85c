/** Test environments backed by the project-provisioned Temporal binaries (never downloaded). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type SearchAttributeType } from '@temporalio/common';
// SDK 1.24 does not re-export SearchAttributeKey from the package root.
import { type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { TestWorkflowEnvironment } from '@temporalio/testing';

const projectRoot = resolve(__dirname, '..', '..');

/** Path of a provisioned binary, honouring the documented override variable. */
export function temporalBinary(kind: 'cli' | 'test-server'): string {
  const [envName, fileName] =
    kind === 'cli' ? ['TEMPORAL_CLI_PATH', 'temporal'] : ['TEMPORAL_TEST_SERVER_PATH', 'temporal-test-server'];
  const path = process.env[envName] || join(projectRoot, '.temporal', 'venv', 'bin', fileName);
  if (!existsSync(path)) {
    throw new Error(`${fileName} not found at ${path}: run "npm run provision" or set ${envName}`);
  }
  return path;
}

/** A time-skipping environment (timers jump when no activity or signal is pending). */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinary('test-server') } },
  });
}

/** A real dev server (Temporal CLI, in-memory) for integration tests. */
export function createDevServerEnv(
  searchAttributes: SearchAttributeKey<SearchAttributeType>[] = [],
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalBinary('cli') },
      ip: '127.0.0.1',
      ui: false,
      searchAttributes,
      extraArgs: ['--log-level', 'error'],
    },
  });
}
