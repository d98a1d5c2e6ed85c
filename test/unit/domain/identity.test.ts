// Deterministic provider identities: same input same output, documented limits always hold.
import fc from 'fast-check';
import {
  IDENTITY_LIMITS,
  botUserIdFor,
  deriveIdentity,
  recordUserIdFor,
  webRecordIdFor,
} from '../../../domain/identity';
import { stableHash, utf8Length } from '../../../domain/stable-hash';

const recordIdArb = fc.string({ minLength: 1, maxLength: 200, unit: 'binary' });
const roomIdArb = fc.integer({ min: 1, max: 4_294_967_295 });

describe('stableHash', () => {
  it('is a fixed 64-bit FNV-1a value (guards against silent changes that would orphan tasks)', () => {
    // FNV-1a 64 of "" is the offset basis cbf29ce484222325; of "a" is af63dc4c8601ec8c.
    expect(stableHash('')).toBe(BigInt('0xcbf29ce484222325').toString(36).padStart(13, '0'));
    expect(stableHash('a')).toBe(BigInt('0xaf63dc4c8601ec8c').toString(36).padStart(13, '0'));
  });

  it('counts UTF-8 bytes like Buffer does', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => utf8Length(s) === Buffer.byteLength(s, 'utf8')));
  });
});

describe('deriveIdentity', () => {
  it('trtc-cloud bot UserId is deterministic, ≤ 32 bytes and uses only TRTC UserId characters', () => {
    fc.assert(
      fc.property(recordIdArb, (recordId) => {
        const a = deriveIdentity('trtc-cloud', recordId, 0, {});
        const b = deriveIdentity('trtc-cloud', recordId, 7, { RoomId: '1' });
        expect(a).toEqual(b);
        expect(a.botUserId).toMatch(/^recbot_[A-Za-z0-9_-]+$/);
        expect(Buffer.byteLength(a.botUserId ?? '', 'utf8')).toBeLessThanOrEqual(IDENTITY_LIMITS.botUserIdMaxBytes);
      }),
    );
  });

  it('trtc-cloud keeps a readable slug of the recordId', () => {
    expect(botUserIdFor('lesson-42')).toMatch(/^recbot_lesson-42_[0-9a-z]{13}$/);
  });

  it('different recordIds give different identities', () => {
    fc.assert(
      fc.property(recordIdArb, recordIdArb, roomIdArb, (a, b, room) => {
        fc.pre(a !== b);
        expect(botUserIdFor(a)).not.toBe(botUserIdFor(b));
        expect(webRecordIdFor(a, 0)).not.toBe(webRecordIdFor(b, 0));
        expect(recordUserIdFor(a, room)).not.toBe(recordUserIdFor(b, room));
      }),
    );
  });

  it('trtc-web RecordId is < 32 bytes, deterministic per attempt and new for each attempt', () => {
    fc.assert(
      fc.property(recordIdArb, fc.integer({ min: 0, max: IDENTITY_LIMITS.maxWebAttempt - 1 }), (recordId, attempt) => {
        const first = deriveIdentity('trtc-web', recordId, attempt, {}).webRecordId ?? '';
        expect(deriveIdentity('trtc-web', recordId, attempt, {}).webRecordId).toBe(first);
        expect(deriveIdentity('trtc-web', recordId, attempt + 1, {}).webRecordId).not.toBe(first);
        expect(Buffer.byteLength(first, 'utf8')).toBeLessThan(32);
        expect(first).toMatch(/^web_[A-Za-z0-9_-]+$/);
      }),
    );
  });

  it('trtc-web rejects attempts that could not fit the RecordId', () => {
    expect(() => deriveIdentity('trtc-web', 'r', -1, {})).toThrow(/attempt/);
    expect(() => deriveIdentity('trtc-web', 'r', 1.5, {})).toThrow(/attempt/);
    expect(() => deriveIdentity('trtc-web', 'r', IDENTITY_LIMITS.maxWebAttempt + 1, {})).toThrow(/attempt/);
  });

  it('tiw-online RecordUserId follows tic_record_user_<RoomId>_<suffix>, ≤ 60 bytes, ignores the attempt', () => {
    fc.assert(
      fc.property(recordIdArb, roomIdArb, fc.nat(), (recordId, roomId, attempt) => {
        const id = deriveIdentity('tiw-online', recordId, attempt, { RoomId: roomId }).recordUserId ?? '';
        expect(id.startsWith(`tic_record_user_${roomId}_`)).toBe(true);
        expect(Buffer.byteLength(id, 'utf8')).toBeLessThanOrEqual(IDENTITY_LIMITS.recordUserIdMaxBytes);
        expect(deriveIdentity('tiw-online', recordId, 0, { RoomId: roomId }).recordUserId).toBe(id);
      }),
    );
  });

  it('tiw-online needs a valid RoomId', () => {
    expect(() => deriveIdentity('tiw-online', 'r', 0, {})).toThrow(/RoomId/);
    expect(() => deriveIdentity('tiw-online', 'r', 0, { RoomId: 0 })).toThrow(/RoomId/);
    expect(() => deriveIdentity('tiw-online', 'r', 0, { RoomId: 4_294_967_296 })).toThrow(/RoomId/);
  });

  it('css-live and trro-cloud have no provider identity', () => {
    expect(deriveIdentity('css-live', 'r', 0, {})).toEqual({});
    expect(deriveIdentity('trro-cloud', 'r', 3, {})).toEqual({});
  });

  it('rejects an empty recordId', () => {
    expect(() => deriveIdentity('trtc-cloud', '', 0, {})).toThrow(/recordId/);
  });
});
