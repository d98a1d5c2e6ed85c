/** Every provider call is counted by its result code and timed, success or failure; throttles counted apart. */
import { CloudHttpStatusError, CloudProviderError, CloudTimeoutError } from '../../../cloud/index';
import type { CloudCaller } from '../../../cloud/types';
import { metricsRegistry } from '../../../runtime/metrics';
import { meterThrottle, meteredCloudCaller } from '../../../worker/metered';

const context = { service: 'trtc', action: 'DescribeCloudRecording' };
const request = { service: 'trtc', action: 'DescribeCloudRecording', version: '2019-07-22', payload: {} };

async function value(name: string, labels: Record<string, string>): Promise<number> {
  // A histogram's samples (`_sum`, `_count`) are values of the base metric with their own metricName.
  const values = (await metricsRegistry.getMetricsAsJSON()).flatMap((m) =>
    m.values.map((v) => ({ ...v, sample: (v as { metricName?: string }).metricName ?? m.name })),
  );
  const match = values.find((v) => v.sample === name && Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return match?.value ?? 0;
}

test('calls are counted as ok, the provider code, HTTP_<status> or timeout_<phase>, and each is timed', async () => {
  const failures: Error[] = [
    new CloudProviderError(context, { code: 'ResourceNotFound.TaskNotExist', message: 'gone', requestId: 'r-1' }),
    new CloudHttpStatusError(context, { status: 502, bodySnippet: '' }),
    new CloudTimeoutError(context, { phase: 'headers' }),
  ];
  let clock = 0;
  const inner: CloudCaller = {
    call: () => {
      clock += 250;
      const failure = failures.shift();
      return failure === undefined ? Promise.resolve({ data: {} as never, requestId: 'r-2' }) : Promise.reject(failure);
    },
  };
  const caller = meteredCloudCaller(inner, () => clock);
  for (let i = 0; i < 3; i += 1) await expect(caller.call(request)).rejects.toBeInstanceOf(Error);
  await expect(caller.call(request)).resolves.toEqual({ data: {}, requestId: 'r-2' });
  const calls = (code: string) => value('recording_provider_calls_total', { ...context, code });
  expect(await calls('ResourceNotFound.TaskNotExist')).toBe(1);
  expect(await calls('HTTP_502')).toBe(1);
  expect(await calls('timeout_headers')).toBe(1);
  expect(await calls('ok')).toBe(1);
  const seconds = (result: string) => value('recording_provider_call_duration_seconds_sum', { ...context, result });
  expect(await seconds('error')).toBeCloseTo(0.75);
  expect(await seconds('ok')).toBeCloseTo(0.25);
  meterThrottle({ service: 'trtc', action: 'CreateCloudRecording', code: 'RequestLimitExceeded', attempt: 1 });
  expect(await value('recording_provider_throttles_total', { service: 'trtc', action: 'CreateCloudRecording' })).toBe(
    1,
  );
});
