import { startStages, type StageEvent } from '../../../bench/history-stages';
import { parseProcStat } from '../../../bench/proc-cpu';
import { quotaFraction } from '../../../bench/quota';

describe('startStages', () => {
  const events: StageEvent[] = [
    { eventId: 1, type: 'started', timeMs: 1_010 },
    { eventId: 2, type: 'wftScheduled', timeMs: 1_010 },
    { eventId: 3, type: 'wftStarted', timeMs: 1_060 },
    { eventId: 4, type: 'wftCompleted', timeMs: 1_150 },
    { eventId: 5, type: 'activityScheduled', timeMs: 1_160, activityType: 'startTask' },
    { eventId: 6, type: 'activityScheduled', timeMs: 1_161, activityType: 'other' },
    { eventId: 8, type: 'activityStarted', timeMs: 1_170, scheduledEventId: 6 },
    { eventId: 7, type: 'activityStarted', timeMs: 1_200, scheduledEventId: 5 },
  ];

  it('splits the call-to-provider time into the gaps between the first task and first activity events', () => {
    expect(startStages(events, 1_000, 1_240)).toEqual({
      clientToServerMs: 10,
      wftQueueMs: 50,
      wftRunMs: 90,
      activityScheduledMs: 10,
      activityQueueMs: 40,
      activityToProviderMs: 40,
      activityType: 'startTask',
    });
  });

  it('is undefined until the first activity has started', () => {
    expect(startStages(events.slice(0, 6), 1_000, 1_240)).toBeUndefined();
  });
});

describe('quotaFraction', () => {
  it('is the accepted rate over the quota: 21 calls over one second at 20/s is 1', () => {
    const times = Array.from({ length: 21 }, (_, i) => 5_000 + i * 50);
    expect(quotaFraction(times.reverse(), 20)).toBe(1);
  });

  it('is 0 with fewer than two calls or no span', () => {
    expect(quotaFraction([1_000], 20)).toBe(0);
    expect(quotaFraction([1_000, 1_000], 20)).toBe(0);
  });
});

describe('parseProcStat', () => {
  it('reads ppid and utime + stime in seconds, with a command name holding spaces and parentheses', () => {
    const line = '4242 (temporal (dev) x) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 12 0 1 2 3';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 17, cpuSeconds: 3.8 });
  });
});
