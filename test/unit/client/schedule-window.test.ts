/** A css-live schedule template takes a relative window instead of StartTime/EndTime; bad ones name the field. */
import { RecordingInputError } from '../../../client/recordings/errors';
import { toTemplateRequest } from '../../../client/recordings/spec';

const window = { offsetMs: 300_000, durationMs: 3_600_000 };
const fieldsOf = (input: unknown): string[] => {
  try {
    toTemplateRequest(input, 'weekly-show');
  } catch (error) {
    if (error instanceof RecordingInputError) return error.issues.map((i) => `${i.field}: ${i.rule}`);
    throw error;
  }
  return [];
};

test('the window becomes relativeWindow; the params go without times', () => {
  const request = toTemplateRequest({ product: 'css-live', params: { StreamName: 's-1' }, window }, 'weekly-show');
  expect(request).toMatchObject({ product: 'css-live', params: { StreamName: 's-1' }, relativeWindow: window });
  expect(request.params).not.toHaveProperty('StartTime');
});

test.each([
  [
    { product: 'trtc-web', params: { SdkAppId: 1, RecordUrl: 'https://x.example', StorageParams: {} }, window },
    /^recording\.window: only css-live/,
  ],
  [
    { product: 'css-live', params: { StreamName: 's', StartTime: '2030-01-01 00:00:00' }, window },
    /^recording\.params\.StartTime: leave it out/,
  ],
  [
    { product: 'css-live', params: { StreamName: 's', Highlight: 1 }, window },
    /^recording\.params\.Highlight: leave it out/,
  ],
  [
    { product: 'css-live', params: { StreamName: 's' }, window: { offsetMs: -1, durationMs: 60_000 } },
    /^recording\.window\.offsetMs: must be >= 0/,
  ],
  [
    { product: 'css-live', params: { StreamName: 's' }, window: { offsetMs: 0, durationMs: 1_000 } },
    /^recording\.window\.durationMs: must be at least 60000/,
  ],
  [{ product: 'css-live', params: {}, window }, /^recording\.params\.StreamName/],
])('refused with the field and the rule: %j', (input, message) => {
  expect(fieldsOf(input).join('\n')).toMatch(message);
});
