/** The worker's admission gate on the start activity (worker/admission.ts `admissionGatedStart`). */
import type { StartTaskInput, StartTaskOutcome } from '../../../domain/contract';
import type { AdmissionLimits } from '../../../domain/admission';
import { admissionGatedStart } from '../../../worker/admission';

const STARTED: StartTaskOutcome = {
  kind: 'started',
  requestId: 'req-1',
  task: { product: 'trtc-web', taskId: 't1', identity: {} },
};

function gate(limits: AdmissionLimits) {
  const calls: StartTaskInput[] = [];
  const start = admissionGatedStart((input) => {
    calls.push(input);
    return Promise.resolve(STARTED);
  }, limits);
  return { start, calls };
}

const input = (admissionKey?: string): StartTaskInput => ({
  product: 'trtc-web',
  recordId: 'r1',
  attempt: 0,
  params: { SdkAppId: 1400000001 },
  ...(admissionKey === undefined ? {} : { admissionKey }),
});

test('a first start call whose key has a limit is answered admission-required and never reaches the provider', async () => {
  const { start, calls } = gate({ families: { trtc: 100 }, keys: {} });
  await expect(start(input('trtc:1400000001'))).resolves.toEqual({
    kind: 'admission-required',
    quotaKey: 'trtc:1400000001',
  });
  expect(calls).toEqual([]);
});

test('with no limit for the key, or no key (admitted, or a later call), the call goes through unchanged', async () => {
  const { start, calls } = gate({ families: { tiw: 5 }, keys: { 'trtc:1400000002': 3 } });
  await expect(start(input('trtc:1400000001'))).resolves.toBe(STARTED);
  await expect(start(input())).resolves.toBe(STARTED);
  expect(calls).toEqual([input('trtc:1400000001'), input()]);
});

test('a key entry wins over its family, and limits are read at each call (a redeployed worker)', async () => {
  const limits: { families: { trtc?: number }; keys: Record<string, number> } = { families: {}, keys: {} };
  const { start, calls } = gate(limits);
  await start(input('trtc:1400000001'));
  limits.keys['trtc:1400000001'] = 1;
  await expect(start(input('trtc:1400000001'))).resolves.toMatchObject({ kind: 'admission-required' });
  expect(calls).toHaveLength(1);
});

test('a malformed key is left to the start activity, whose input check refuses it', async () => {
  const { start, calls } = gate({ families: { trtc: 1 }, keys: {} });
  await start(input('not a key'));
  expect(calls).toHaveLength(1);
});
