/**
 * Where a recording's files live (bucket host and prefix, or VOD), read from its own workflow
 * input: the status and result carry files by name, and the storage the start call named turns
 * a name into a usable URL (domain/file-storage.ts `fileUrl`). Only the first history event is
 * fetched and decoded with the client's own data converter; the parameters (which hold storage
 * keys) stay in memory here, and only the storage location, which holds no secret, is kept.
 */
import type { Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { recordingStorage, type RecordingStorage } from '../../domain/file-storage';
import type { RecordingRequest } from '../../workflows/types';

const CACHED = 1000;

export type StorageLookup = (workflowId: string) => Promise<RecordingStorage | undefined>;

/** A lookup of the storage of a recording's workflow; remembered per workflow id (its input never changes). */
export function storageLookup(client: Client): StorageLookup {
  const cache = new Map<string, RecordingStorage>();
  return async (workflowId) => {
    const known = cache.get(workflowId);
    if (known !== undefined) return known;
    const request = await firstInput(client, workflowId).catch(() => undefined);
    if (request === undefined || typeof request.params !== 'object' || request.params === null) return undefined;
    const storage = recordingStorage(request.product, request.params);
    if (cache.size >= CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(workflowId, storage);
    return storage;
  };
}

async function firstInput(client: Client, workflowId: string): Promise<RecordingRequest | undefined> {
  const { namespace, loadedDataConverter } = client.options;
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace,
    execution: { workflowId },
    maximumPageSize: 1,
  });
  const payload = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  if (payload === undefined || payload === null) return undefined;
  let decoded: Payload[] = [payload];
  for (const codec of [...loadedDataConverter.payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  const [first] = decoded;
  return first === undefined ? undefined : loadedDataConverter.payloadConverter.fromPayload<RecordingRequest>(first);
}
