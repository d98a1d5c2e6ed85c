/** The classifier over every code family of reference §2, plus transport failures, per intent. */
import {
  type CallIntent,
  type CloudErrorKind,
  CloudHttpStatusError,
  CloudProviderError,
  CloudResponseSchemaError,
  CloudTimeoutError,
  CloudTransportError,
  classifyCloudError,
} from '../../../cloud';

const context = { service: 'trtc', action: 'CreateCloudRecording', traceId: 't' };
const provider = (code: string): CloudProviderError =>
  new CloudProviderError(context, { code, message: 'm', requestId: 'r' });
const INTENTS: (CallIntent | undefined)[] = ['start', 'stop', 'read', 'control', undefined];

// [code, kind whatever the intent]
const SAME_FOR_EVERY_INTENT: [string, CloudErrorKind][] = [
  ['InternalError', 'retryable'],
  ['InternalError.CRInternalError', 'retryable'],
  ['InternalError.NetworkError', 'retryable'],
  ['InternalError.GetConfigError', 'retryable'],
  ['RequestLimitExceeded', 'rate'],
  ['FailedOperation.RestrictedConcurrency', 'capacity'],
  ['LimitExceeded.TaskConcurrency', 'capacity'],
  ['LimitExceeded.MaximumRunningTask', 'capacity'],
  ['LimitExceeded.MaximumTask', 'capacity'],
  ['ResourceInsufficient.RequestRejection', 'capacity'],
  ['AuthFailure.SignatureExpire', 're-sign'],
  ['AuthFailure.TokenFailure', 'refresh-credentials'],
  ['AuthFailure.InvalidSecretId', 'permanent'],
  ['AuthFailure.MFAFailure', 'permanent'],
  ['AuthFailure.SecretIdNotFound', 'permanent'],
  ['AuthFailure.SignatureFailure', 'permanent'],
  ['AuthFailure.UnauthorizedOperation', 'permanent'],
  ['InvalidParameter', 'permanent'],
  ['InvalidParameter.RecordParameter', 'permanent'],
  ['InvalidParameter.SdkAppIdNotFound', 'permanent'],
  ['InvalidParameterValue', 'permanent'],
  ['InvalidParameterValue.RoomId', 'permanent'],
  ['MissingParameter', 'permanent'],
  ['MissingParameter.TaskId', 'permanent'],
  ['UnknownParameter', 'permanent'],
  ['InvalidAction', 'permanent'],
  ['NoSuchVersion', 'permanent'],
  ['UnsupportedRegion', 'permanent'],
  ['UnauthorizedOperation', 'permanent'],
  ['UnauthorizedOperation.SdkAppId', 'permanent'],
  ['ResourceUnavailable.NotRegistered', 'permanent'],
  ['ResourceUnavailable.ServiceExpired', 'permanent'],
  ['ResourceNotFound.ForbidService', 'permanent'],
  ['ResourceNotFound.FreezeService', 'permanent'],
  ['ResourceNotFound.StopService', 'permanent'],
  ['ResourceNotFound.UserDisableService', 'permanent'],
  ['ResourceUnavailable.InvalidVodStatus', 'permanent'],
  ['FailedOperation.NotAbility', 'permanent'],
  ['FailedOperation.SdkAppIdNotWebRecordAbility', 'permanent'],
  ['FailedOperation.SdkAppIdNotUnderAppId', 'permanent'],
  ['FailedOperation.NotAllowed', 'permanent'],
  ['UnsupportedOperation.InvalidTaskStatus', 'wrong-state'],
  // Not in the table: fail rather than loop.
  ['FailedOperation', 'permanent'],
  ['OperationDenied', 'permanent'],
  ['Some.NewCode', 'permanent'],
];

describe('classifyCloudError: provider codes', () => {
  it.each(SAME_FOR_EVERY_INTENT.flatMap(([code, kind]) => INTENTS.map((intent) => [code, intent, kind] as const)))(
    '%s with intent %s → %s',
    (code, intent, kind) => {
      expect(classifyCloudError(provider(code), intent)).toMatchObject({ kind, code });
    },
  );

  // Codes whose meaning depends on what the call was for.
  it.each([
    [
      'FailedOperation.TaskExist',
      { start: 'exists-on-start', stop: 'permanent', read: 'permanent', control: 'permanent', none: 'exists-on-start' },
    ],
    [
      'ResourceInUse.RecordUserId',
      { start: 'exists-on-start', stop: 'permanent', read: 'permanent', control: 'permanent', none: 'exists-on-start' },
    ],
    [
      'FailedOperation.TaskNotExist',
      { start: 'permanent', stop: 'gone-on-stop', read: 'permanent', control: 'permanent', none: 'permanent' },
    ],
    [
      'UnsupportedOperation.TaskHasAlreadyStopped',
      { start: 'permanent', stop: 'gone-on-stop', read: 'permanent', control: 'permanent', none: 'permanent' },
    ],
    [
      'InvalidParameter.TaskNotFound',
      { start: 'permanent', stop: 'gone-on-stop', read: 'permanent', control: 'permanent', none: 'permanent' },
    ],
    [
      'ResourceNotFound',
      { start: 'permanent', stop: 'gone-on-stop', read: 'permanent', control: 'permanent', none: 'permanent' },
    ],
    [
      'ResourceNotFound.TaskId',
      { start: 'permanent', stop: 'gone-on-stop', read: 'permanent', control: 'permanent', none: 'permanent' },
    ],
  ] as const)('%s depends on the intent', (code, expected) => {
    for (const intent of INTENTS) {
      expect([intent, classifyCloudError(provider(code), intent).kind]).toEqual([intent, expected[intent ?? 'none']]);
    }
  });

  it('suggests the TRTC guide backoff for InternalError: 3 s, 6 s, 12 s…', () => {
    const delays = [1, 2, 3, 4].map(
      (attempt) => classifyCloudError(provider('InternalError'), 'start', attempt).retryDelayMs,
    );
    expect(delays).toEqual([3_000, 6_000, 12_000, 24_000]);
    expect(classifyCloudError(provider('InternalError'), 'start', 30).retryDelayMs).toBe(60_000);
  });

  it('suggests a delay for rate and capacity, none for permanent failures', () => {
    expect(classifyCloudError(provider('RequestLimitExceeded')).retryDelayMs).toBe(1_000);
    expect(classifyCloudError(provider('LimitExceeded.TaskConcurrency')).retryDelayMs).toBeGreaterThanOrEqual(10_000);
    expect(classifyCloudError(provider('InvalidParameter')).retryDelayMs).toBeUndefined();
  });
});

describe('classifyCloudError: no usable answer', () => {
  const timeout = (phase: 'connect' | 'headers' | 'body' | 'total') =>
    new CloudTimeoutError(context, { phase, timeoutMs: 1 });
  const transport = (sent: boolean) =>
    new CloudTransportError(context, { cause: new Error('x'), code: 'ECONNRESET', requestMayHaveBeenSent: sent });

  it.each([
    [
      'headers time-out',
      timeout('headers'),
      { start: 'ambiguous', stop: 'retryable', read: 'retryable', control: 'retryable', none: 'ambiguous' },
    ],
    [
      'body time-out',
      timeout('body'),
      { start: 'ambiguous', stop: 'retryable', read: 'retryable', control: 'retryable', none: 'ambiguous' },
    ],
    [
      'budget time-out',
      timeout('total'),
      { start: 'ambiguous', stop: 'retryable', read: 'retryable', control: 'retryable', none: 'ambiguous' },
    ],
    [
      'connect time-out',
      timeout('connect'),
      { start: 'retryable', stop: 'retryable', read: 'retryable', control: 'retryable', none: 'retryable' },
    ],
    [
      'reset after sending',
      transport(true),
      { start: 'ambiguous', stop: 'retryable', read: 'retryable', control: 'retryable', none: 'ambiguous' },
    ],
    [
      'refused before sending',
      transport(false),
      { start: 'retryable', stop: 'retryable', read: 'retryable', control: 'retryable', none: 'retryable' },
    ],
    [
      'HTTP 502',
      new CloudHttpStatusError(context, { status: 502, bodySnippet: '' }),
      { start: 'ambiguous', stop: 'retryable', read: 'retryable', control: 'retryable', none: 'ambiguous' },
    ],
    [
      'HTTP 429',
      new CloudHttpStatusError(context, { status: 429, bodySnippet: '' }),
      { start: 'rate', stop: 'rate', read: 'rate', control: 'rate', none: 'rate' },
    ],
    [
      'HTTP 404',
      new CloudHttpStatusError(context, { status: 404, bodySnippet: '' }),
      { start: 'permanent', stop: 'permanent', read: 'permanent', control: 'permanent', none: 'permanent' },
    ],
    [
      'malformed response',
      new CloudResponseSchemaError(context, { problem: 'p' }),
      { start: 'ambiguous', stop: 'permanent', read: 'permanent', control: 'permanent', none: 'ambiguous' },
    ],
  ] as const)('%s', (_what, error, expected) => {
    for (const intent of INTENTS) {
      expect([intent, classifyCloudError(error, intent).kind]).toEqual([intent, expected[intent ?? 'none']]);
    }
    expect(classifyCloudError(error).code).toBe(error.name);
  });

  it('calls anything that is not a cloud/ error unknown, keeping its name', () => {
    expect(classifyCloudError(new TypeError('bug'), 'start')).toEqual({ kind: 'unknown', code: 'TypeError' });
    expect(classifyCloudError('a string')).toEqual({ kind: 'unknown', code: 'string' });
  });
});
