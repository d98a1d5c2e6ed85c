/**
 * The custom search attributes recordings are listed and found by (Temporal UI, `list`).
 * Registered by the dev server at start and by the compose one-shot in production
 * (docker/temporal/register-search-attributes.sh keeps the same list).
 */
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
// The key type is not re-exported from the package root in 1.24.
import { type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';

/** Any typed search attribute key. */
export type AnySearchAttributeKey = SearchAttributeKey<SearchAttributeType>;

export const RecordingProductKey = defineSearchAttributeKey('RecordingProduct', SearchAttributeType.KEYWORD);
export const RecordingStateKey = defineSearchAttributeKey('RecordingState', SearchAttributeType.KEYWORD);
/** TRTC/TIW room id or CSS stream name. */
export const RecordingRoomKey = defineSearchAttributeKey('RecordingRoom', SearchAttributeType.KEYWORD);
export const RecordIdKey = defineSearchAttributeKey('RecordId', SearchAttributeType.KEYWORD);
/** Provider routing keys (TaskId, bot UserId, RecordUserId) for callback lookup. */
export const RecordingKeysKey = defineSearchAttributeKey('RecordingKeys', SearchAttributeType.KEYWORD_LIST);

export const RECORDING_SEARCH_ATTRIBUTES: readonly AnySearchAttributeKey[] = [
  RecordingProductKey,
  RecordingStateKey,
  RecordingRoomKey,
  RecordIdKey,
  RecordingKeysKey,
];

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
