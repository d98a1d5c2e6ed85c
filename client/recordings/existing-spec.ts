/**
 * One recording per recordId, and only with the spec it was started with: the workflow's start
 * input (its first history event, kept across continue-as-new, which passes the request on) is
 * read back and compared with a new request, so a reuse with another spec is refused naming the
 * first field that differs instead of silently answering the old recording.
 */
import { type Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow';
import type { RecordingRequest } from '../../workflows/types';

/** gRPC NOT_FOUND: no workflow with this id (in the retention window). */
const GRPC_NOT_FOUND = 5;

/** Set by the process that started it, not by the caller's spec: a different value is no conflict. */
const NOT_SPEC = new Set(['activityQueuePrefix']);

/** The start input of the latest run of `workflowId`, or `undefined` when there is none. */
export async function startedRequest(client: Client, workflowId: string): Promise<RecordingRequest | undefined> {
  let history;
  try {
    history = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
      maximumPageSize: 1,
    });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === GRPC_NOT_FOUND) return undefined;
    throw error;
  }
  const payloads = history.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
  if (payloads === undefined || payloads === null || payloads.length === 0) return undefined;
  return decodeFromPayloadsAtIndex<RecordingRequest>(client.options.loadedDataConverter, 0, payloads);
}

function pathOf(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  return prefix === '' ? key : `${prefix}.${key}`;
}

function differs(a: unknown, b: unknown, path: string): string | undefined {
  if (a === b) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
      const found = differs(a[i], b[i], pathOf(path, i));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
      if (path === '' && NOT_SPEC.has(key)) continue;
      const found = differs(left[key], right[key], pathOf(path, key));
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return path === '' ? '(spec)' : path;
}

/**
 * The first field (a path such as `params.RecordParams.MaxIdleTime`) in which two workflow inputs
 * differ, or `undefined` when they are the same recording. Both are compared as JSON, as stored.
 */
export function firstDifference(requested: RecordingRequest, stored: RecordingRequest): string | undefined {
  const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;
  return differs(json(requested), json(stored), '');
}
