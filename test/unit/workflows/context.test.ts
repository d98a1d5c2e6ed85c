/** A run's shared context, tested directly: the desired trtc-cloud set, the status query's answer, the result. */
import { initialDesired, resultOf, statusOf, type RecordingContext } from '../../../workflows/context';
import { resolveOptions } from '../../../workflows/deadlines';
import { RecordingLifecycle } from '../../../workflows/lifecycle';
import { ControlLock, type ProviderCalls } from '../../../workflows/provider';
import type { RecordingRequest } from '../../../workflows/types';

const T0 = 1_800_000_000_000;

function context(request: RecordingRequest, life: RecordingLifecycle): RecordingContext {
  // No proxies: nothing here calls the provider.
  return {
    request,
    opts: resolveOptions(request),
    life,
    calls: {} as ProviderCalls,
    lock: new ControlLock(),
    publish: () => undefined,
  };
}

describe('initialDesired', () => {
  test('trtc-cloud: the layout and the subscriptions inside RecordParams, as first sent', () => {
    const request: RecordingRequest = {
      recordId: 'r',
      product: 'trtc-cloud',
      params: {
        MixLayoutParams: { MixLayoutMode: 3 },
        RecordParams: { RecordMode: 2, SubscribeStreamUserIds: { SubscribeAudioUserIds: ['a'] } },
      },
    };
    expect(initialDesired(request)).toEqual({
      MixLayoutParams: { MixLayoutMode: 3 },
      SubscribeStreamUserIds: { SubscribeAudioUserIds: ['a'] },
    });
    expect(initialDesired({ ...request, params: { RecordParams: 'not an object' } })).toEqual({});
  });

  test('other products keep no desired set (nothing to modify)', () => {
    expect(
      initialDesired({ recordId: 'r', product: 'tiw-online', params: { MixLayoutParams: { MixLayoutMode: 3 } } }),
    ).toEqual({});
  });
});

describe('statusOf and resultOf', () => {
  const request: RecordingRequest = { recordId: 'rec-1', product: 'trtc-cloud', params: {} };
  function recorded(): RecordingLifecycle {
    const life = RecordingLifecycle.create({}, T0);
    life.noteStartCall({ botUserId: 'b' }, T0);
    life.adoptTask({ product: 'trtc-cloud', taskId: 't1', identity: { botUserId: 'b' } }, T0 + 5);
    life.firstSighting('e1');
    return life;
  }

  test('the status leaves out the dedupe window and names the recording and its task', () => {
    const status = statusOf(context(request, recorded()));
    expect(status).not.toHaveProperty('seenEventIds');
    expect(status).toMatchObject({
      recordId: 'rec-1',
      product: 'trtc-cloud',
      expiryPolicy: 'stop-before-expiry',
      taskId: 't1',
      state: 'Recording',
      callbackCount: 1,
    });
  });

  test('the result of a finished recording carries its ending and only the fields it has', () => {
    const life = recorded();
    life.requestStop('stopped-by-request', T0 + 10);
    life.beginStopping();
    life.stopped(T0 + 11);
    life.finish(T0 + 12);
    const result = resultOf(context(request, life));
    expect(result).toEqual({
      recordId: 'rec-1',
      product: 'trtc-cloud',
      state: 'Completed',
      endReason: 'stopped-by-request',
      taskId: 't1',
      taskIds: ['t1'],
      identity: { botUserId: 'b' },
      attempts: 1,
      requestedAtMs: T0,
      startedAtMs: T0 + 5,
      stoppedAtMs: T0 + 11,
      endedAtMs: T0 + 12,
      files: [],
      filesComplete: false,
      warnings: [],
    });
  });

  test('an ending with no recorded reason reads as failed', () => {
    expect(resultOf(context(request, RecordingLifecycle.create({}, T0))).endReason).toBe('failed');
  });
});
