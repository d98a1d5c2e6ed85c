/** Keeps a recording's search attributes current from inside the workflow (the keys are in domain/). */
import { type SearchAttributeUpdatePair } from '@temporalio/common';
import { patched, upsertSearchAttributes } from '@temporalio/workflow';
import {
  RecordIdKey,
  RecordingAdmissionKey,
  RecordingKeysKey,
  RecordingLiveTasksKey,
  RecordingProductKey,
  RecordingRoomKey,
  RecordingStateKey,
  recordingKeys,
  roomOf,
} from '../domain/search-attributes';
import { STOP_UNADOPTED_TASKS, liveTaskIds, type RecordingLifecycle } from './lifecycle';
import type { RecordingRequest } from './types';

/** Histories from before the live-tasks attribute upsert without it (test/workflows/histories/). */
export const LIVE_TASKS_PATCH = 'live-tasks-attribute';

/** The quota key of a slot held (admitted, not released yet), as the `RecordingAdmission` list. */
function heldQuotaKeys(s: RecordingLifecycle['data']): string[] {
  const a = s.admission;
  return a !== undefined && a.admittedAtMs !== undefined && a.releasedAtMs === undefined ? [a.quotaKey] : [];
}

/** Returns `publish()`: call it after anything that may change state, identity or TaskIds. */
export function searchAttributePublisher(request: RecordingRequest, life: RecordingLifecycle): () => void {
  let last = '';
  return () => {
    const s = life.data;
    const room = roomOf(request.product, request.params);
    const pairs: SearchAttributeUpdatePair[] = [
      { key: RecordIdKey, value: request.recordId },
      { key: RecordingProductKey, value: request.product },
      { key: RecordingStateKey, value: s.state },
      {
        key: RecordingKeysKey,
        value: recordingKeys(
          request.params,
          s.identity === undefined ? [] : [s.identity],
          s.taskIds,
          s.task,
          // The device key lets a trro-cloud task this recording never adopted reach it (to be stopped).
          request.product === 'trro-cloud' && patched(STOP_UNADOPTED_TASKS),
        ),
      },
      ...(room === undefined ? [] : [{ key: RecordingRoomKey, value: room }]),
      // An empty list removes the attribute: a clean ending leaves nothing for the orphan sweep.
      ...(patched(LIVE_TASKS_PATCH) ? [{ key: RecordingLiveTasksKey, value: liveTaskIds(s) }] : []),
      // Only recordings that asked for a slot (patch admission-control): the key while it is held.
      ...(s.admission === undefined ? [] : [{ key: RecordingAdmissionKey, value: heldQuotaKeys(s) }]),
    ];
    const signature = JSON.stringify(pairs.map((p) => p.value));
    if (signature === last) return;
    last = signature;
    upsertSearchAttributes(pairs);
  };
}
