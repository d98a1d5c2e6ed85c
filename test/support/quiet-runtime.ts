/**
 * Test logging at ERROR for the SDK and Core: each worker start warns about things expected
 * here (activity-only workers, capabilities the time-skipping server lacks) and would bury
 * real failures, which jest reports anyway.
 */
import { DefaultLogger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';

Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), console: {} } },
});
