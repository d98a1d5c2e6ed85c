/**
 * The custom search attributes recordings are listed and found by, as the worker side
 * needs them: the keys themselves are defined once, in domain/search-attributes.ts;
 * the dev server registers them at start and the compose one-shot
 * (docker/temporal/setup-namespace.sh, checked against this list by a unit test) in production.
 */
import { type SearchAttributeType } from '@temporalio/common';
// The key type is not re-exported from the package root in 1.24.
import { type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import * as recordingKeys from '../domain/search-attributes';

/** Any typed search attribute key. */
export type AnySearchAttributeKey = SearchAttributeKey<SearchAttributeType>;

export const {
  RecordingProductKey,
  RecordingStateKey,
  RecordingRoomKey,
  RecordIdKey,
  RecordingKeysKey,
  RecordingLiveTasksKey,
  RecordingAdmissionKey,
} = recordingKeys;

export const RECORDING_SEARCH_ATTRIBUTES: readonly AnySearchAttributeKey[] = recordingKeys.RECORDING_SEARCH_ATTRIBUTES;

const CLI_TYPE_NAMES: Readonly<Record<SearchAttributeType, string>> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** The type name the Temporal CLI expects (`--search-attribute Name=Keyword`). */
export function cliTypeName(type: SearchAttributeType): string {
  return CLI_TYPE_NAMES[type];
}
