/**
 * The workflow bundle: built ahead of time for production (no webpack at start-up, the same
 * code on every worker), or built at start in development.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DataConverter, type Logger } from '@temporalio/common';
import { bundleWorkflowCode, Worker, type WorkerOptions, type WorkflowBundleOption } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../runtime/codec';

export interface BuildBundleOptions {
  /** Module whose exports are the workflow functions (workflows/index). */
  readonly workflowsPath: string;
  readonly outputPath: string;
  readonly logger?: Logger;
}

/**
 * Bundles the workflows with the project's failure converter (it must be inside the bundle,
 * see codec.ts) and writes the code, with its inline source map, to `outputPath`.
 */
export async function buildWorkflowBundle(options: BuildBundleOptions): Promise<void> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: options.workflowsPath,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: options.logger,
  });
  mkdirSync(dirname(options.outputPath), { recursive: true });
  writeFileSync(options.outputPath, bundle.code);
}

/** Worker options naming the workflow code: the pre-built bundle when there is one. */
export function workflowCodeOptions(
  bundlePath: string | undefined,
  workflowsPath: string,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return bundlePath !== undefined ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath };
}

/**
 * Replays a history against this worker's workflow code (the pre-built bundle, or one bundle
 * built on first use); rejects with the SDK's determinism error when the code diverges.
 */
export function historyReplayer(
  bundlePath: string | undefined,
  workflowsPath: string,
  dataConverter: DataConverter,
  logger?: Logger,
): (history: Parameters<typeof Worker.runReplayHistory>[1], workflowId: string) => Promise<void> {
  let bundle: Promise<WorkflowBundleOption> | undefined;
  const code = (): Promise<WorkflowBundleOption> =>
    (bundle ??=
      bundlePath !== undefined
        ? Promise.resolve({ codePath: bundlePath })
        : bundleWorkflowCode({ workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH, logger }));
  return async (history, workflowId) =>
    Worker.runReplayHistory({ workflowBundle: await code(), dataConverter }, history, workflowId);
}
