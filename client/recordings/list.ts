/** Listing recordings through visibility on their search attributes (eventually consistent). */
import { type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import { PRODUCTS, type Product } from '../../domain/catalog';
import { WORKFLOW_TYPES, recordIdOfWorkflowId } from '../../workflows/messages';
import { RecordIdKey, RecordingProductKey, RecordingRoomKey, RecordingStateKey } from '../../domain/search-attributes';
import type { RecordingState } from '../../workflows/types';
import { TERMINAL_STATES } from '../../workflows/lifecycle';
import { parseFields } from './errors';
import type { RecordingSummary } from './public-shapes';

/** Every lifecycle state, for validating filters (kept in step with workflows/lifecycle.ts by the type below). */
export const RECORDING_STATES = [
  'Scheduled',
  'Queued',
  'Starting',
  'Recording',
  'Paused',
  'Stopping',
  'Completed',
  'IdleEnded',
  'Expired',
  'Failed',
  'Cancelled',
  'Detached',
] as const satisfies readonly RecordingState[];
// Fails to compile if workflows/lifecycle.ts gains a state this list lacks.
type MissingState = Exclude<RecordingState, (typeof RECORDING_STATES)[number]>;
const _complete: [MissingState] extends [never] ? true : MissingState = true;
void _complete;

/** The workflow type name the worker registers (workflows/index.ts). */
export const RECORDING_WORKFLOW_TYPE = WORKFLOW_TYPES.recording;

const listSchema = z.strictObject({
  product: z.enum(PRODUCTS, { error: `must be one of ${PRODUCTS.join(', ')}` }).optional(),
  state: z.enum(RECORDING_STATES, { error: `must be one of ${RECORDING_STATES.join(', ')}` }).optional(),
  /** At most this many recordings, newest first. */
  limit: z
    .number()
    .int()
    .min(1, { error: 'must be an integer in [1, 1000]' })
    .max(1000, { error: 'must be an integer in [1, 1000]' })
    .optional(),
});

export type ListFilter = z.input<typeof listSchema>;

/** One recording as visibility sees it (the public shape is defined, with its schema, in public-shapes.ts). */
export type { RecordingSummary } from './public-shapes';

/** The visibility query for a filter; values come from fixed enums, so nothing needs quoting. */
export function listQuery(filter: { product?: Product; state?: RecordingState }): string {
  const parts = [`WorkflowType = '${RECORDING_WORKFLOW_TYPE}'`];
  if (filter.product !== undefined) parts.push(`${RecordingProductKey.name} = '${filter.product}'`);
  if (filter.state !== undefined) parts.push(`${RecordingStateKey.name} = '${filter.state}'`);
  return parts.join(' AND ');
}

/** Run statuses in which the workflow stopped without finishing the lifecycle. */
const CLOSED_FROM_OUTSIDE: readonly string[] = ['TERMINATED', 'TIMED_OUT', 'FAILED', 'CANCELLED'];

function summaryOf(info: WorkflowExecutionInfo): RecordingSummary {
  const attrs = info.typedSearchAttributes;
  const recordId = attrs.get(RecordIdKey) ?? recordIdOfWorkflowId(info.workflowId) ?? info.workflowId;
  const product = attrs.get(RecordingProductKey);
  const state = attrs.get(RecordingStateKey);
  const room = attrs.get(RecordingRoomKey);
  const known = (RECORDING_STATES as readonly string[]).includes(state ?? '') ? (state as RecordingState) : undefined;
  const closedEarly =
    CLOSED_FROM_OUTSIDE.includes(info.status.name) && known !== undefined && !TERMINAL_STATES.includes(known);
  return {
    recordId,
    workflowId: info.workflowId,
    ...((PRODUCTS as readonly string[]).includes(product ?? '') ? { product: product as Product } : {}),
    ...(known === undefined ? {} : { state: closedEarly ? 'Terminated' : known }),
    ...(room === undefined ? {} : { room }),
    runStatus: info.status.name,
    startedAt: info.startTime.toISOString(),
    ...(info.closeTime === undefined ? {} : { closedAt: info.closeTime.toISOString() }),
  };
}

/** Recordings matching `filter` (validated; an error names the field), up to `limit` (default 100). */
export async function listRecordings(client: Client, filter: unknown = {}): Promise<RecordingSummary[]> {
  const checked = parseFields(listSchema, filter);
  const limit = checked.limit ?? 100;
  const out: RecordingSummary[] = [];
  for await (const info of client.workflow.list({ query: listQuery(checked), pageSize: Math.min(limit, 1000) })) {
    out.push(summaryOf(info));
    if (out.length >= limit) break;
  }
  return out;
}
