// Lifecycle bounds helpers: the ResourceExpiredHour control deadline, web MaxDurationLimit, China Standard Time.
import fc from 'fast-check';
import {
  CONTROL_DEADLINE_MARGIN_MS,
  controlDeadline,
  resourceExpiredHourOf,
  webMaxDurationSecOf,
} from '../../../domain/bounds';
import { chinaStandardTimeToEpochMs, epochMsToChinaStandardTime } from '../../../domain/china-time';

const HOUR = 3_600_000;

describe('controlDeadline', () => {
  it('is TaskId issue time + ResourceExpiredHour, with the act-by margin before it', () => {
    expect(controlDeadline('trtc-cloud', { ResourceExpiredHour: 6 }, 1_000)).toEqual({
      expiresAtMs: 1_000 + 6 * HOUR,
      actByMs: 1_000 + 6 * HOUR - CONTROL_DEADLINE_MARGIN_MS,
    });
  });

  it('uses the provider default of 72 h when absent or invalid', () => {
    expect(resourceExpiredHourOf({})).toBe(72);
    expect(resourceExpiredHourOf({ ResourceExpiredHour: 721 })).toBe(72);
    expect(controlDeadline('trtc-cloud', {}, 0, 0)).toEqual({ expiresAtMs: 72 * HOUR, actByMs: 72 * HOUR });
  });

  it('does not exist for other products', () => {
    expect(controlDeadline('tiw-online', { ResourceExpiredHour: 6 }, 0)).toBeUndefined();
  });
});

describe('webMaxDurationSecOf', () => {
  it('is the caller value or 36000, valid in every documented revision', () => {
    expect(webMaxDurationSecOf({})).toBe(36000);
    expect(webMaxDurationSecOf({ MaxDurationLimit: 1800 })).toBe(1800);
  });
});

describe('China Standard Time', () => {
  it('is UTC+8', () => {
    expect(chinaStandardTimeToEpochMs('2017-01-01 10:10:01')).toBe(Date.UTC(2017, 0, 1, 2, 10, 1));
    expect(epochMsToChinaStandardTime(Date.UTC(2017, 0, 1, 16, 0, 0))).toBe('2017-01-02 00:00:00');
  });

  it('rejects impossible or malformed times', () => {
    for (const bad of ['2017-02-29 00:00:00', '2017-01-01 24:00:00', '2017-01-01T00:00:00', '2017-1-1 00:00:00']) {
      expect(chinaStandardTimeToEpochMs(bad)).toBeUndefined();
    }
  });

  it('round-trips every second', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (seconds) => {
        expect(chinaStandardTimeToEpochMs(epochMsToChinaStandardTime(seconds * 1000))).toBe(seconds * 1000);
      }),
    );
  });
});
