/** The public status and result: ISO times, internals under `debug`, usable file URLs, and files-incomplete said. */
import { recordingStorage } from '../../../domain/file-storage';
import {
  publicResult,
  publicStatus,
  recordingResultSchema,
  recordingStatusSchema,
} from '../../../client/recordings/public-shapes';
import { RecordingLifecycle } from '../../../workflows/lifecycle';
import type { RecordingResult, RecordingStatus } from '../../../workflows/types';

const T0 = Date.parse('2026-12-02T09:00:00Z');
const COS = { Vendor: 0, Region: 'ap-guangzhou', Bucket: 'rec-1250000000', FileNamePrefix: ['lessons'] };

function status(extra: Partial<RecordingStatus> = {}): RecordingStatus {
  const life = RecordingLifecycle.create({ endAtMs: T0 + 3_600_000 }, T0);
  life.noteStartCall({ botUserId: 'bot-1' }, T0 + 10);
  life.adoptTask({ product: 'trtc-cloud', taskId: 'task-9', identity: { botUserId: 'bot-1' } }, T0 + 1_000);
  life.addFiles([{ name: '1400000001_10001.m3u8', startMs: T0 + 3_000 }]);
  const { seenEventIds: _w, ...s } = life.snapshot();
  return {
    ...s,
    recordId: 'lesson-42',
    product: 'trtc-cloud',
    expiryPolicy: 'stop-before-expiry',
    taskId: 'task-9',
    ...extra,
  };
}

function result(extra: Partial<RecordingResult> = {}): RecordingResult {
  return {
    recordId: 'show-1',
    product: 'css-live',
    state: 'Completed',
    endReason: 'scheduled-end',
    taskId: '123',
    taskIds: ['123'],
    attempts: 1,
    requestedAtMs: T0,
    startedAtMs: T0 + 1_000,
    endedAtMs: T0 + 60_000,
    files: [{ name: '387702', fileId: '387702', url: 'http://1250000000.vod2.myqcloud.com/x/387702/f0.mp4' }],
    filesComplete: false,
    warnings: [],
    ...extra,
  };
}

test('the status shows ISO times, keeps internals under debug and matches its schema', () => {
  const shown = publicStatus(status(), recordingStorage('trtc-cloud', { StorageParams: { CloudStorage: COS } }));
  expect(recordingStatusSchema.safeParse(shown).error).toBeUndefined();
  expect(shown).toMatchObject({
    requestedAt: '2026-12-02T09:00:00.000Z',
    startedAt: '2026-12-02T09:00:01.000Z',
    endAt: '2026-12-02T10:00:00.000Z',
    liveTaskIds: ['task-9'],
    debug: { candidateTaskIds: [], runIndex: 0, desired: {} },
  });
  const top = Object.keys(shown);
  for (const internal of ['candidateTaskIds', 'runIndex', 'desired', 'requestedAtMs', 'uploadComplete', 'task'])
    expect(top).not.toContain(internal);
  expect(JSON.stringify(shown)).not.toMatch(/AtMs"/);
});

test('a COS file gets its object URL from bucket, region, prefix and TaskId', () => {
  const shown = publicStatus(status(), recordingStorage('trtc-cloud', { StorageParams: { CloudStorage: COS } }));
  expect(shown.files).toEqual([
    {
      name: '1400000001_10001.m3u8',
      url: 'https://rec-1250000000.cos.ap-guangzhou.myqcloud.com/lessons/task-9/1400000001_10001.m3u8',
      startedAt: '2026-12-02T09:00:03.000Z',
    },
  ]);
  // A name that is already an object key (web recording) is used as the key.
  const web = publicStatus(
    status({ files: [{ name: 'task-9/web_1.mp4' }] }),
    recordingStorage('trtc-web', { StorageParams: { CloudStorage: { ...COS, FileNamePrefix: undefined } } }),
  );
  expect(web.files[0]?.url).toBe('https://rec-1250000000.cos.ap-guangzhou.myqcloud.com/task-9/web_1.mp4');
});

test('a VOD file keeps the URL the provider gave; one with a FileId only has none', () => {
  const shown = publicResult(
    result({ files: [...result().files, { name: 'f-2', fileId: 'f-2' }] }),
    recordingStorage('css-live', {}),
  );
  expect(shown.files.map((f) => f.url)).toEqual(['http://1250000000.vod2.myqcloud.com/x/387702/f0.mp4', undefined]);
});

test('filesComplete false always comes with a files-incomplete warning, never twice', () => {
  const shown = publicResult(result());
  expect(recordingResultSchema.safeParse(shown).error).toBeUndefined();
  expect(shown.warnings).toEqual([
    {
      code: 'files-incomplete',
      detail: expect.stringContaining('CSS sends no completion report') as string,
      at: '2026-12-02T09:01:00.000Z',
      count: 1,
    },
  ]);
  const own = {
    code: 'files-incomplete' as const,
    detail: 'no completion report within 900000 ms',
    atMs: T0,
    count: 1,
  };
  expect(publicResult(result({ warnings: [own] })).warnings).toHaveLength(1);
  expect(publicResult(result({ filesComplete: true })).warnings).toEqual([]);
  // A running recording is not warned about files still to come.
  expect(publicStatus(status()).warnings).toEqual([]);
});
