/** WORKFLOW_* variables reach the workflow Worker as its SDK options, with our defaults where unset. */
import { loadWorkerConfig, type ConfigResult, type WorkerConfig } from '../../../runtime/config';
import { WORKFLOW_TUNING_DEFAULTS, workflowTuningOptions } from '../../../worker/workers';

const devKey = () => Buffer.alloc(32, 9);

function tuningOf(env: Record<string, string>): WorkerConfig['workflowTuning'] {
  const result: ConfigResult<WorkerConfig> = loadWorkerConfig(env, { devKey });
  if (!result.ok) throw new Error(`expected a valid config, got ${result.error.message}`);
  return result.config.workflowTuning;
}

function issues(env: Record<string, string>): readonly string[] {
  const result = loadWorkerConfig(env, { devKey });
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.error.issues;
}

describe('workflow worker tuning', () => {
  test('unset variables give the measured defaults (2 s sticky time-out, 2 threads), the rest is left to the SDK', () => {
    expect(tuningOf({})).toEqual({});
    expect(WORKFLOW_TUNING_DEFAULTS).toEqual({ stickyTimeoutMs: 2_000, threads: 2 });
    expect(workflowTuningOptions(tuningOf({}))).toStrictEqual({
      stickyQueueScheduleToStartTimeout: 2_000,
      workflowThreadPoolSize: 2,
    });
  });

  test('each variable maps to its Worker option and overrides the default', () => {
    const tuning = tuningOf({
      WORKFLOW_CACHE_SIZE: '12000',
      WORKFLOW_STICKY_TIMEOUT: '3s',
      WORKFLOW_THREADS: '4',
      WORKFLOW_TASK_SLOTS: '100',
      WORKFLOW_REUSE_V8_CONTEXT: 'off',
    });
    expect(workflowTuningOptions(tuning)).toEqual({
      maxCachedWorkflows: 12_000,
      stickyQueueScheduleToStartTimeout: 3_000,
      workflowThreadPoolSize: 4,
      maxConcurrentWorkflowTaskExecutions: 100,
      reuseV8Context: false,
    });
    expect(workflowTuningOptions(tuningOf({ WORKFLOW_CACHE_SIZE: '0' }))).toMatchObject({ maxCachedWorkflows: 0 });
  });

  test('a bad value names the variable and the rule', () => {
    expect(issues({ WORKFLOW_THREADS: '0' })).toEqual(['WORKFLOW_THREADS: from 1 to 64']);
    expect(issues({ WORKFLOW_TASK_SLOTS: '1.5' })).toEqual([
      'WORKFLOW_TASK_SLOTS: must be a whole number from 2 to 10000',
    ]);
    expect(issues({ WORKFLOW_STICKY_TIMEOUT: '500ms' })).toEqual(['WORKFLOW_STICKY_TIMEOUT: from 1s to 10m']);
    expect(issues({ WORKFLOW_REUSE_V8_CONTEXT: 'yes' })).toEqual(['WORKFLOW_REUSE_V8_CONTEXT: must be "on" or "off"']);
  });
});
