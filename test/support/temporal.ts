/** Test environments backed by the project-provisioned Temporal binaries (never downloaded). */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ConnectionPlugin } from '@temporalio/client';
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

/**
 * The Java test server allows a keepalive ping at most every 5 minutes and none without an open
 * call; the client's default (every 30 s, also when idle) gets the channel closed with "excess
 * pings" during long waits on a loaded machine, and a pending `result()` then never returns.
 * This loopback connection needs no keepalive, so pings are rare and only during calls.
 */
const testServerKeepalive: ConnectionPlugin = {
  name: 'test-server-keepalive',
  configureConnection: (options) => ({
    ...options,
    channelArgs: {
      ...options.channelArgs,
      'grpc.keepalive_permit_without_calls': 0,
      'grpc.keepalive_time_ms': 600_000,
    },
  }),
};

/** A time-skipping environment (timers jump when no activity or signal is pending). */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalBinary('test-server') } },
    plugins: [testServerKeepalive],
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
