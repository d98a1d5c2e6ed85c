// The one failure classifier: every code family becomes a retryable or non-retryable ApplicationFailure typed by the provider code.
import { ApplicationFailure } from '@temporalio/common';
import {
  CloudHttpStatusError,
  CloudProviderError,
  CloudResponseSchemaError,
  CloudTimeoutError,
  CloudTransportError,
} from '../../../cloud';
import type { CallIntent } from '../../../cloud';
import { FAILURE_TYPES, failureFor } from '../../../activities/failures';
import { CREATE_ONCE_RETRY, RETRY_POLICIES, activityOptionsFor, startOptionsFor } from '../../../domain/retry-policies';
import { CATALOG, PRODUCTS } from '../../../domain/catalog';
import { InvalidRecordingParams, ProviderResponseInvalid } from '../../../recorders/errors';

const CTX = { service: 'trtc', action: 'CreateCloudRecording' };
const provider = (code: string) => new CloudProviderError(CTX, { code, message: 'refused', requestId: 'rid-1' });

function asFailure(error: unknown, intent: CallIntent = 'control', attempt = 1): ApplicationFailure {
  const failure = failureFor(error, { intent, attempt, nowMs: 0 });
  expect(failure).toBeInstanceOf(ApplicationFailure);
  return failure as ApplicationFailure;
}

describe('failureFor', () => {
  it.each([
    // [code, intent, nonRetryable, nextRetryDelay]
    ['InternalError', 'start', false, 3000],
    ['InternalError.CRInternalError', 'control', false, 3000],
    ['RequestLimitExceeded', 'read', false, 1000],
    ['FailedOperation.RestrictedConcurrency', 'start', false, 30000],
    ['LimitExceeded.TaskConcurrency', 'start', false, 30000],
    ['LimitExceeded.MaximumRunningTask', 'start', false, 30000],
    ['ResourceInsufficient.RequestRejection', 'start', false, 30000],
    ['AuthFailure.SignatureExpire', 'stop', false, 100],
    ['AuthFailure.TokenFailure', 'stop', false, undefined],
    ['AuthFailure.SecretIdNotFound', 'start', true, undefined],
    ['InvalidParameter.OutOfRange', 'start', true, undefined],
    ['InvalidParameterValue', 'start', true, undefined],
    ['MissingParameter.UserSig', 'start', true, undefined],
    ['UnknownParameter', 'start', true, undefined],
    ['UnauthorizedOperation.SdkAppId', 'start', true, undefined],
    ['ResourceUnavailable.NotRegistered', 'start', true, undefined],
    ['ResourceNotFound.StopService', 'start', true, undefined],
    ['FailedOperation.NotAbility', 'start', true, undefined],
    ['UnsupportedOperation.InvalidTaskStatus', 'control', true, undefined],
    ['ResourceNotFound', 'control', true, undefined],
    ['FailedOperation.SomethingNew', 'control', true, undefined],
  ] as const)('%s (%s) → nonRetryable=%s, nextRetryDelay=%s, type = the code', (code, intent, nonRetryable, delay) => {
    const failure = asFailure(provider(code), intent);
    expect(failure.type).toBe(code);
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.nextRetryDelay).toBe(delay);
    expect(failure.cause).toBeInstanceOf(CloudProviderError);
  });

  it('backs a throttle off 1 s, 2 s, 4 s… up to 20 s by attempt, jittered by the injected random to [0.5, 1.5) of that', () => {
    const delay = (attempt: number, random: number) =>
      (
        failureFor(provider('RequestLimitExceeded'), {
          intent: 'read',
          attempt,
          nowMs: 0,
          random: () => random,
        }) as ApplicationFailure
      ).nextRetryDelay;
    expect([1, 2, 3, 4, 5, 6, 9].map((attempt) => delay(attempt, 0.5))).toEqual([
      1000, 2000, 4000, 8000, 16000, 20000, 20000,
    ]);
    expect([delay(1, 0), delay(1, 0.25), delay(1, 0.999)]).toEqual([500, 750, 1499]);
    expect([delay(6, 0), delay(6, 0.999)]).toEqual([10000, 29980]);
    const http429 = new CloudHttpStatusError(CTX, { status: 429, bodySnippet: '' });
    expect(failureFor(http429, { intent: 'stop', attempt: 2, nowMs: 0, random: () => 0 })).toMatchObject({
      nonRetryable: false,
      nextRetryDelay: 1000,
    });
  });

  it('backs InternalError off 3 s, 6 s, 12 s by attempt', () => {
    expect([1, 2, 3].map((attempt) => asFailure(provider('InternalError'), 'start', attempt).nextRetryDelay)).toEqual([
      3000, 6000, 12000,
    ]);
  });

  it('retries transport failures, time-outs and 5xx, but not 4xx', () => {
    expect(asFailure(new CloudTimeoutError(CTX, { phase: 'body', timeoutMs: 10000 }), 'start')).toMatchObject({
      type: 'CloudTimeoutError',
      nonRetryable: false,
    });
    expect(
      asFailure(
        new CloudTransportError(CTX, { cause: new Error('reset'), code: 'ECONNRESET', requestMayHaveBeenSent: true }),
        'read',
      ),
    ).toMatchObject({ type: 'CloudTransportError', nonRetryable: false });
    expect(asFailure(new CloudHttpStatusError(CTX, { status: 502, bodySnippet: '' }), 'stop')).toMatchObject({
      type: 'CloudHttpStatusError',
      nonRetryable: false,
    });
    expect(asFailure(new CloudHttpStatusError(CTX, { status: 404, bodySnippet: '' }), 'stop')).toMatchObject({
      type: 'CloudHttpStatusError',
      nonRetryable: true,
    });
  });

  it('makes response-schema and parameter errors non-retryable', () => {
    expect(
      asFailure(new ProviderResponseInvalid('DescribeCloudRecording', 'r', ['Status: expected string']), 'read'),
    ).toMatchObject({ type: 'ProviderResponseInvalid', nonRetryable: true });
    expect(asFailure(new CloudResponseSchemaError(CTX, { problem: 'no Response' }), 'read')).toMatchObject({
      type: 'CloudResponseSchemaError',
      nonRetryable: true,
    });
    expect(asFailure(new InvalidRecordingParams('trtc-cloud', ['RoomId: required']), 'start')).toMatchObject({
      type: 'InvalidRecordingParams',
      nonRetryable: true,
    });
  });

  it('rethrows unknown errors as they are', () => {
    const bug = new TypeError('bug');
    expect(failureFor(bug, { intent: 'start', attempt: 1, nowMs: 0 })).toBe(bug);
  });

  it('reports ProviderControlLost when the provider refuses after ResourceExpiredHour', () => {
    const task = { product: 'trtc-cloud' as const, taskId: 'T', sdkAppId: 1, identity: {}, controlExpiresAtMs: 1000 };
    const after = failureFor(provider('ResourceNotFound'), {
      intent: 'control',
      attempt: 1,
      nowMs: 1000,
      task,
    }) as ApplicationFailure;
    expect(after).toMatchObject({ type: 'ProviderControlLost', nonRetryable: true });
    const before = failureFor(provider('ResourceNotFound'), {
      intent: 'control',
      attempt: 1,
      nowMs: 999,
      task,
    }) as ApplicationFailure;
    expect(before.type).toBe('ResourceNotFound');
  });
});

describe('retry policies', () => {
  it('never retry our own non-retryable failure types, whatever the call kind', () => {
    for (const policy of Object.values(RETRY_POLICIES)) {
      expect([...(policy.nonRetryableErrorTypes ?? [])].sort()).toEqual(Object.values(FAILURE_TYPES).sort());
    }
  });

  it('start backs off like the TRTC guide (3 s doubling) and stop has no attempt cap', () => {
    expect(RETRY_POLICIES.start).toMatchObject({ initialInterval: '3s', backoffCoefficient: 2 });
    expect(RETRY_POLICIES.stop.maximumAttempts).toBeUndefined();
    expect(activityOptionsFor('recoverTask').heartbeatTimeout).toBeDefined();
  });
});

describe('at-most-once creates', () => {
  it('a product whose repeated create could run a second task gets one start attempt; the others retry', () => {
    for (const product of PRODUCTS) {
      const retry = startOptionsFor(product).retry;
      if (CATALOG[product].repeatedCreateIsSafe) expect(retry).toEqual(RETRY_POLICIES.start);
      else expect(retry).toEqual(CREATE_ONCE_RETRY);
    }
    expect(CREATE_ONCE_RETRY.maximumAttempts).toBe(1);
    expect(PRODUCTS.filter((p) => !CATALOG[p].repeatedCreateIsSafe)).toEqual(['css-live', 'trro-cloud']);
    expect(startOptionsFor('css-live').startToCloseTimeout).toBe(activityOptionsFor('startTask').startToCloseTimeout);
  });
});
