// Callback signature verifiers against the documented vectors (reference §10), plus forged, missing and expired cases.
import {
  md5ExpirySign,
  trtcCallbackSign,
  verifyCssCallback,
  verifyTiwCallback,
  verifyTrtcCallback,
} from '../../../recorders/callback-signatures';

const TRTC_KEY = '123654';
const TRTC_BODY =
  '{\n\t"EventGroupId":\t2,\n\t"EventType":\t204,\n\t"CallbackTs":\t1664209748188,\n\t"EventInfo":\t{\n\t\t"RoomId":\t8489,\n\t\t"EventTs":\t1664209748,\n\t\t"EventMsTs":\t1664209748180,\n\t\t"UserId":\t"user_85034614",\n\t\t"Reason":\t0\n\t}\n}';
const TRTC_SIGN = 'kkoFeO3Oh2ZHnjtg8tEAQhtXK16/KI05W3BQff8IvGA=';

const TIW_KEY = 'Xz4ZgayTr7rMgWQrH';
const TIW_EXPIRE = 1588040109;
const TIW_SIGN = 'a2dabb362a9b811c0e26953a6276a41c';
const BEFORE_EXPIRY_MS = (TIW_EXPIRE - 60) * 1000;
const AFTER_EXPIRY_MS = (TIW_EXPIRE + 1) * 1000;

describe('TRTC / web / TRRO callback signature', () => {
  it('matches the documented vector (HMAC-SHA256 over the raw body, base64)', () => {
    expect(trtcCallbackSign(TRTC_BODY, TRTC_KEY)).toBe(TRTC_SIGN);
    expect(verifyTrtcCallback(TRTC_BODY, TRTC_SIGN, TRTC_KEY)).toEqual({ ok: true });
    expect(verifyTrtcCallback(Buffer.from(TRTC_BODY, 'utf8'), TRTC_SIGN, TRTC_KEY)).toEqual({ ok: true });
  });

  it('rejects a body changed by one byte (e.g. re-serialised JSON)', () => {
    const reserialised = JSON.stringify(JSON.parse(TRTC_BODY));
    expect(verifyTrtcCallback(reserialised, TRTC_SIGN, TRTC_KEY)).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a wrong key, a truncated sign and a missing sign', () => {
    expect(verifyTrtcCallback(TRTC_BODY, TRTC_SIGN, '123655')).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyTrtcCallback(TRTC_BODY, TRTC_SIGN.slice(0, 10), TRTC_KEY)).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyTrtcCallback(TRTC_BODY, undefined, TRTC_KEY)).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('TIW callback signature', () => {
  it('matches the documented vector (hex MD5 of key + ExpireTime)', () => {
    expect(md5ExpirySign(TIW_KEY, TIW_EXPIRE)).toBe(TIW_SIGN);
    expect(verifyTiwCallback({ Sign: TIW_SIGN, ExpireTime: TIW_EXPIRE }, TIW_KEY, BEFORE_EXPIRY_MS)).toEqual({
      ok: true,
    });
  });

  it('rejects an expired, forged or unsigned body', () => {
    expect(verifyTiwCallback({ Sign: TIW_SIGN, ExpireTime: TIW_EXPIRE }, TIW_KEY, AFTER_EXPIRY_MS)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyTiwCallback({ Sign: TIW_SIGN, ExpireTime: TIW_EXPIRE + 3600 }, TIW_KEY, BEFORE_EXPIRY_MS)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyTiwCallback({ ExpireTime: TIW_EXPIRE }, TIW_KEY, BEFORE_EXPIRY_MS)).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyTiwCallback({ Sign: TIW_SIGN, ExpireTime: 'soon' }, TIW_KEY, BEFORE_EXPIRY_MS)).toEqual({
      ok: false,
      reason: 'missing',
    });
  });
});

describe('CSS callback signature', () => {
  // Same formula as TIW (MD5(key + t)), so the TIW vector is a valid CSS vector too.
  it('accepts MD5(key + t) before t and rejects after it', () => {
    expect(verifyCssCallback({ sign: TIW_SIGN, t: TIW_EXPIRE }, TIW_KEY, BEFORE_EXPIRY_MS)).toEqual({ ok: true });
    expect(verifyCssCallback({ sign: TIW_SIGN, t: String(TIW_EXPIRE) }, TIW_KEY, BEFORE_EXPIRY_MS)).toEqual({
      ok: true,
    });
    expect(verifyCssCallback({ sign: TIW_SIGN, t: TIW_EXPIRE }, TIW_KEY, AFTER_EXPIRY_MS)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyCssCallback({ sign: TIW_SIGN, t: TIW_EXPIRE }, 'other-key', BEFORE_EXPIRY_MS)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});
