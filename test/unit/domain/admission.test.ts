/** Admission control's pure parts: quota keys, limits and their configuration, positions, the Queued moves, the CLI line. */
import {
  DOCUMENTED_CONCURRENCY,
  admissionWorkflowId,
  limitFor,
  positionOf,
  quotaKeyOf,
  type AdmissionState,
} from '../../../domain/admission';
import { loadWorkerConfig, type ConfigResult } from '../../../runtime/config';
import { RecordingLifecycle } from '../../../workflows/lifecycle';
import { recordingView } from '../../../client/cli/render';

const devKey = () => Buffer.alloc(32, 9);

function issues<C>(result: ConfigResult<C>): readonly string[] {
  if (result.ok) throw new Error('expected the config to be rejected');
  return result.error.issues;
}

test('quota keys: TRTC cloud and web share one per SdkAppId, TIW one per SdkAppId, CSS one per account, TRRO none', () => {
  expect(quotaKeyOf('trtc-cloud', { SdkAppId: 1400000001 })).toBe('trtc:1400000001');
  expect(quotaKeyOf('trtc-web', { SdkAppId: 1400000001 })).toBe('trtc:1400000001');
  expect(quotaKeyOf('tiw-online', { SdkAppId: 1400000001 })).toBe('tiw:1400000001');
  expect(quotaKeyOf('css-live', { StreamName: 's' })).toBe('css:account');
  expect(quotaKeyOf('trro-cloud', { ProjectId: 'p' })).toBeUndefined();
  expect(quotaKeyOf('trtc-web', {})).toBeUndefined();
  expect(admissionWorkflowId('trtc:1400000001')).toBe('admission:trtc:1400000001');
});

test('ADMISSION_LIMITS: off by default; documented; family and per-key entries, the key winning', () => {
  const admission = (value?: string) => {
    const result = loadWorkerConfig(value === undefined ? {} : { ADMISSION_LIMITS: value }, { devKey });
    if (!result.ok) throw result.error;
    return result.config.admission;
  };
  expect(admission()).toEqual({ limits: { families: {}, keys: {} }, checkIntervalMs: 60_000 });
  expect(admission('off').limits).toEqual({ families: {}, keys: {} });
  expect(admission('documented').limits.families).toEqual(DOCUMENTED_CONCURRENCY);
  const limits = admission('documented, trtc:1400000001=2, tiw=50').limits;
  expect(limitFor(limits, 'trtc:1400000001')).toBe(2);
  expect(limitFor(limits, 'trtc:1400000002')).toBe(100);
  expect(limitFor(limits, 'tiw:1400000002')).toBe(50);
  expect(limitFor(limits, 'css:account')).toBe(400);
  expect(limitFor(admission('trtc=3').limits, 'css:account')).toBeUndefined();
  expect(issues(loadWorkerConfig({ ADMISSION_LIMITS: 'trro=5,trtc=0' }, { devKey }))).toEqual([
    expect.stringMatching(/^ADMISSION_LIMITS: .*"trro=5" must be off, documented, or family\[:account\]=limit/),
    expect.stringMatching(/"trtc=0" must be/),
  ]);
});

test('positions: holders hold, waiters count from 1 in FIFO order', () => {
  const state: AdmissionState = {
    quotaKey: 'trtc:1',
    limit: 1,
    checkIntervalMs: 1_000,
    holders: ['recording:a'],
    queue: [
      { workflowId: 'recording:b', recordId: 'b', queuedAtMs: 1 },
      { workflowId: 'recording:c', recordId: 'c', queuedAtMs: 2 },
    ],
    reclaimed: 0,
  };
  expect(['recording:a', 'recording:b', 'recording:c', 'recording:d'].map((id) => positionOf(state, id))).toEqual([
    'holding',
    1,
    2,
    undefined,
  ]);
});

test('Queued comes only before the first start call and leads back to Starting; the admission is recorded', () => {
  const life = RecordingLifecycle.create({}, 0);
  life.noteAdmissionRequested('trtc:1', 1);
  life.enqueue('trtc:1', 'admission:trtc:1', 2, 2);
  expect(life.state).toBe('Queued');
  life.noteAdmitted('trtc:1', 'admission:trtc:1', 3);
  life.admit();
  expect(life.state).toBe('Starting');
  life.noteReleased(4);
  life.noteReleased(5);
  expect(life.data.admission).toEqual({
    quotaKey: 'trtc:1',
    admissionWorkflowId: 'admission:trtc:1',
    requestedAtMs: 1,
    limit: 2,
    queuedAtMs: 2,
    admittedAtMs: 3,
    releasedAtMs: 4,
  });
  const started = RecordingLifecycle.create({}, 0);
  started.noteStartCall({}, 1);
  expect(() => started.enqueue('trtc:1', 'admission:trtc:1', 2, 2)).toThrow(/cannot queue/);
});

test("the CLI shows a Queued recording's position", () => {
  const view = recordingView(
    {
      recordId: 'r',
      product: 'trtc-web',
      state: 'Queued',
      queue: { quotaKey: 'trtc:1400000001', limit: 2, position: 3 },
      requestedAt: '2026-12-03T00:00:00.000Z',
      files: [],
      warnings: [],
    },
    Date.parse('2026-12-03T00:01:00.000Z'),
  );
  expect(view).toMatch(/queue\s+position 3 for trtc:1400000001 \(limit 2\)/);
});
