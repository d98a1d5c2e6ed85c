/**
 * Deterministic provider identities derived from the caller's recordId (reference §8). Pure:
 * imported by the workflow bundle, so no node:crypto, no zod, no clock, no I/O.
 *
 * The identity is what makes a repeated start land on the same provider task:
 * - trtc-cloud `botUserId`: the recording bot's UserId. Re-entering the room with the same
 *   UserId replaces the earlier bot (302 LeaveCode 101) instead of running a second task.
 * - trtc-web `webRecordId`: StartWebRecord's RecordId; a repeat gives FailedOperation.TaskExist.
 *   The docs require a fresh RecordId after any other start error, hence the attempt number.
 * - tiw-online `recordUserId`: exclusive per running task; a repeat gives ResourceInUse.RecordUserId.
 * - css-live, trro-cloud: the provider has no such key; nothing to derive.
 */
import type { ProviderIdentity } from './contract';
import type { Product } from './catalog';
import { STABLE_HASH_LENGTH, stableHash, utf8Length } from './stable-hash';

/** Documented size limits of the derived identifiers, in UTF-8 bytes. */
export const IDENTITY_LIMITS = {
  /** TRTC UserId: at most 32 bytes of letters, digits, underscore and hyphen. */
  botUserIdMaxBytes: 32,
  /** StartWebRecord RecordId: "less than 32 bytes". */
  webRecordIdMaxBytes: 31,
  /** StartOnlineRecord RecordUserId: at most 60 bytes. */
  recordUserIdMaxBytes: 60,
  /** trtc-web attempts are kept to six decimal digits so the RecordId always fits. */
  maxWebAttempt: 999_999,
} as const;

const BOT_PREFIX = 'recbot';
const WEB_PREFIX = 'web';
const TIW_PREFIX = 'tic_record_user_';
const TIW_MAX_ROOM_ID = 4_294_967_295;

/**
 * The provider identity for one recording (and, for trtc-web, one start attempt).
 * Same inputs, same output, on every worker and in every replay.
 *
 * @param params the product's start parameters (Tencent field names); only tiw-online reads
 *   `RoomId`, which must already be valid (validateStartParams runs before the workflow starts).
 * @throws RangeError / TypeError for an empty recordId, an invalid trtc-web attempt or a
 *   tiw-online RoomId outside [1, 4294967295]: programming errors, not provider conditions.
 */
export function deriveIdentity(
  product: Product,
  recordId: string,
  attempt: number,
  params: Readonly<Record<string, unknown>>,
): ProviderIdentity {
  if (typeof recordId !== 'string' || recordId.length === 0)
    throw new TypeError('recordId: must be a non-empty string');
  switch (product) {
    case 'trtc-cloud':
      return { botUserId: botUserIdFor(recordId) };
    case 'trtc-web':
      return { webRecordId: webRecordIdFor(recordId, attempt) };
    case 'tiw-online':
      return { recordUserId: recordUserIdFor(recordId, tiwRoomId(params['RoomId'])) };
    case 'css-live':
    case 'trro-cloud':
      return {};
  }
}

/** trtc-cloud bot UserId: `recbot_<slug>_<hash>`, ≤ 32 bytes, [A-Za-z0-9_-] only. */
export function botUserIdFor(recordId: string): string {
  return compose(`${BOT_PREFIX}_`, recordId, '', IDENTITY_LIMITS.botUserIdMaxBytes);
}

/** trtc-web RecordId: `web_<slug>_<hash>_<attempt>`, < 32 bytes; a new attempt gives a new RecordId. */
export function webRecordIdFor(recordId: string, attempt: number): string {
  if (!Number.isSafeInteger(attempt) || attempt < 0 || attempt > IDENTITY_LIMITS.maxWebAttempt) {
    throw new RangeError(
      `attempt: must be an integer in [0, ${IDENTITY_LIMITS.maxWebAttempt}] (got ${String(attempt)})`,
    );
  }
  return compose(`${WEB_PREFIX}_`, recordId, `_${attempt}`, IDENTITY_LIMITS.webRecordIdMaxBytes);
}

/** tiw-online RecordUserId in the documented format `tic_record_user_<RoomId>_<suffix>`, ≤ 60 bytes. */
export function recordUserIdFor(recordId: string, roomId: number): string {
  return compose(`${TIW_PREFIX}${roomId}_`, recordId, '', IDENTITY_LIMITS.recordUserIdMaxBytes);
}

function tiwRoomId(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > TIW_MAX_ROOM_ID) {
    throw new TypeError(`RoomId: tiw-online needs an integer RoomId in [1, ${TIW_MAX_ROOM_ID}] to derive RecordUserId`);
  }
  return n;
}

/**
 * `<head><slug>_<hash><tail>` within `maxBytes`. The hash covers the whole recordId, so
 * uniqueness never depends on the slug; the slug (the recordId's own safe characters,
 * truncated) only helps a human recognise the bot in a room or a console.
 */
function compose(head: string, recordId: string, tail: string, maxBytes: number): string {
  const hash = stableHash(recordId);
  const room = maxBytes - utf8Length(head) - STABLE_HASH_LENGTH - utf8Length(tail) - 1;
  const slug = recordId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, Math.max(0, room));
  return slug.length > 0 ? `${head}${slug}_${hash}${tail}` : `${head}${hash}${tail}`;
}
