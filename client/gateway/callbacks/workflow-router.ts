/**
 * Finds the recording workflow(s) a callback belongs to and signals them. An interface, so the
 * receiver is tested with a fake; the Temporal implementation looks up `RecordingKeys` through
 * visibility (eventually consistent) and caches what it found.
 */
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { type ProviderEvent } from '../../../domain/contract';
import { pollHintSignal, providerEventSignal } from '../../../workflows/messages';
import { BoundedCache } from '../bounded-cache';
import { isSharedKey, recordingKeysQuery } from '../../../domain/search-attributes';

/** What signalling one workflow gave. `closed`: it has ended, the event is of no use to it any more. */
export type SignalOutcome = 'accepted' | 'closed';

export interface WorkflowRouter {
  /** Workflow ids carrying any of `keys` in RecordingKeys, running ones first; empty when none is visible. */
  findWorkflows(keys: readonly string[]): Promise<readonly string[]>;
  /** Resolves once Temporal has durably accepted the signal (it is in history). */
  signalEvent(workflowId: string, event: ProviderEvent): Promise<SignalOutcome>;
  /** Asks the recording to poll its provider soon (workflows/messages.ts `pollHintSignal`). */
  signalPollHint(workflowId: string): Promise<SignalOutcome>;
  /** Drops cached lookups naming `workflowId` (it closed; a newer recording may hold the key). */
  forget(workflowId: string): void;
}

export interface TemporalRouterOptions {
  /** Bound on each Temporal call, so the provider gets an answer within its 5 s. */
  readonly callTimeoutMs?: number;
  /** Most matches taken from one visibility query (a stream may have a few recordings). */
  readonly maxMatches?: number;
  readonly cache?: { readonly maxEntries?: number; readonly ttlMs?: number };
}

/** The router over a Temporal client (its data converter encrypts the signal payload). */
export function temporalWorkflowRouter(client: Client, options: TemporalRouterOptions = {}): WorkflowRouter {
  const callTimeoutMs = options.callTimeoutMs ?? 3_000;
  const maxMatches = options.maxMatches ?? 10;
  const cache = new BoundedCache<string, readonly string[]>({
    maxEntries: options.cache?.maxEntries ?? 10_000,
    ttlMs: options.cache?.ttlMs ?? 10 * 60_000,
  });
  const deadline = <T>(fn: () => Promise<T>): Promise<T> => client.withDeadline(Date.now() + callTimeoutMs, fn);

  async function query(keys: readonly string[]): Promise<string[]> {
    const running: string[] = [];
    const other: string[] = [];
    for await (const info of client.workflow.list({ query: recordingKeysQuery(keys), pageSize: maxMatches })) {
      const list = info.status.name === 'RUNNING' ? running : other;
      if (!running.includes(info.workflowId) && !other.includes(info.workflowId)) list.push(info.workflowId);
      if (running.length + other.length >= maxMatches) break;
    }
    return [...running, ...other];
  }

  async function signalled(send: () => Promise<void>): Promise<SignalOutcome> {
    try {
      await deadline(send);
      return 'accepted';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'closed';
      throw error;
    }
  }

  return {
    async findWorkflows(keys) {
      if (keys.length === 0) return [];
      // A key one recording holds (TaskId, bot UserId, RecordUserId) keeps its answer; a shared
      // one (device, stream) is asked every time, since a newer recording may hold it too.
      const cacheable = keys.every((key) => !isSharedKey(key));
      for (const key of cacheable ? keys : []) {
        const hit = cache.get(key);
        if (hit !== undefined) return hit;
      }
      const found = await deadline(() => query(keys));
      // Only positive answers are cached: "not visible yet" must be asked again on the retry.
      if (found.length > 0 && cacheable) for (const key of keys) cache.set(key, found);
      return found;
    },
    async signalEvent(workflowId, event) {
      // No runId: the signal goes to the current run, across continue-as-new.
      return signalled(() => client.workflow.getHandle(workflowId).signal(providerEventSignal, event));
    },
    async signalPollHint(workflowId) {
      return signalled(() => client.workflow.getHandle(workflowId).signal(pollHintSignal));
    },
    forget(workflowId) {
      cache.deleteWhere((ids) => ids.includes(workflowId));
    },
  };
}
