// Activities under MockActivityEnvironment with a fake CloudCaller: the exact action and payload sent, outcomes and failures.
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createActivities } from '../../../activities/create-activities';
import type { StartTaskInput, StartTaskOutcome, TaskRef } from '../../../domain/contract';
import { CloudProviderError, CloudTimeoutError } from '../../../cloud';
import { deriveIdentity } from '../../../domain/identity';
import type { Product } from '../../../domain/catalog';
import { VALID_PARAMS } from '../recorders/fixtures';
import type { ThrottleEvent } from '../../../activities/throttle';
import { RETRY_POLICIES } from '../../../domain/retry-policies';
import { CapturingLogger, FakeCloud, type Reply } from './fake-cloud';

/**
 * An activity context whose SDK logger drops the "Activity failed" warnings the failure cases
 * here provoke on purpose (they filled the test log); errors still show.
 */
function quietEnvironment(info?: ConstructorParameters<typeof MockActivityEnvironment>[0]): MockActivityEnvironment {
  return new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });
}

const NOW = Date.UTC(2024, 0, 1);
const providerError = (code: string) => ({
  error: new CloudProviderError({ service: 'x', action: 'y' }, { code, message: 'refused', requestId: 'rid' }),
});
const timeout = () => ({
  error: new CloudTimeoutError({ service: 'x', action: 'y' }, { phase: 'body', timeoutMs: 10000 }),
});

const throttled = (code = 'RequestLimitExceeded') => providerError(code);

/** `random` 0.5 makes the throttle jitter factor 1: the un-jittered base delay. */
function setup(...replies: Reply[]) {
  const cloud = new FakeCloud(...replies);
  const logger = new CapturingLogger();
  const throttles: ThrottleEvent[] = [];
  const activities = createActivities({
    cloud,
    logger,
    clock: () => NOW,
    random: () => 0.5,
    onThrottle: (event) => throttles.push(event),
  });
  const env = quietEnvironment({ attempt: 1 });
  return { cloud, logger, activities, env, throttles };
}

function startInput(
  product: Product,
  attempt = 0,
  params: Readonly<Record<string, unknown>> = VALID_PARAMS[product],
): StartTaskInput {
  return { product, recordId: 'lesson-42', attempt, region: 'ap-singapore', params };
}

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  return error as ApplicationFailure;
}

describe('startTask', () => {
  it('trtc-web sends StartWebRecord with MaxDurationLimit and the derived RecordId, with signal and time-out', async () => {
    const { cloud, activities, env } = setup({ data: { TaskId: 'W1' } });
    const outcome = await env.run(activities.startTask, startInput('trtc-web', 2));
    const recordId = deriveIdentity('trtc-web', 'lesson-42', 2, {}).webRecordId;
    expect(outcome).toMatchObject({ kind: 'started', task: { product: 'trtc-web', taskId: 'W1' }, requestId: 'req-1' });
    expect(cloud.requests).toHaveLength(1);
    const [{ request, options }] = cloud.requests as [(typeof cloud.requests)[number]];
    expect(request).toEqual({
      service: 'trtc',
      action: 'StartWebRecord',
      version: '2019-07-22',
      region: 'ap-singapore',
      payload: { ...VALID_PARAMS['trtc-web'], MaxDurationLimit: 36000, RecordId: recordId },
    });
    expect(options?.signal).toBeInstanceOf(AbortSignal);
    expect(options?.timeoutMs).toBe(10000);
  });

  it('trtc-web TaskExist → exists (recover, do not create)', async () => {
    const { activities, env } = setup(providerError('FailedOperation.TaskExist'));
    const outcome = await env.run(activities.startTask, startInput('trtc-web'));
    expect(outcome).toEqual({
      kind: 'exists',
      identity: deriveIdentity('trtc-web', 'lesson-42', 0, {}),
      code: 'FailedOperation.TaskExist',
    });
  });

  it('trtc-web InternalError → retry with the next attempt (docs: new RecordId after any other start error)', async () => {
    const { activities, env } = setup(providerError('InternalError'));
    await expect(env.run(activities.startTask, startInput('trtc-web'))).resolves.toEqual({
      kind: 'retry-next-attempt',
      code: 'InternalError',
      retryAfterMs: 3000,
    });
  });

  it('trtc-web time-out → retried with the same RecordId (retryable failure)', async () => {
    const { activities, env } = setup(timeout());
    const failure = await failureOf(env.run(activities.startTask, startInput('trtc-web')));
    expect(failure).toMatchObject({ type: 'CloudTimeoutError', nonRetryable: false });
  });

  it('trtc-cloud sends the derived bot UserId and sets the control deadline', async () => {
    const { cloud, activities, env } = setup({ data: { TaskId: 'T1' } });
    const outcome = await env.run(activities.startTask, startInput('trtc-cloud'));
    expect(cloud.requests[0]?.request.payload['UserId']).toBe(
      deriveIdentity('trtc-cloud', 'lesson-42', 0, {}).botUserId,
    );
    expect(outcome).toMatchObject({
      kind: 'started',
      task: { taskId: 'T1', controlExpiresAtMs: NOW + 72 * 3_600_000 },
    });
  });

  it('uses the identity the workflow passes, never its own; a disagreeing derivation is logged', async () => {
    const { cloud, logger, activities, env } = setup({ data: { TaskId: 'T1' } }, { data: { TaskId: 'T2' } });
    const workflowIdentity = { botUserId: 'recbot_from_the_workflow' };
    const outcome = await env.run(activities.startTask, { ...startInput('trtc-cloud'), identity: workflowIdentity });
    expect(cloud.requests[0]?.request.payload['UserId']).toBe('recbot_from_the_workflow');
    expect(outcome).toMatchObject({ kind: 'started', task: { identity: workflowIdentity } });
    expect(logger.lines.map((l) => l.message)).toContain(
      "provider identity derived here differs from the workflow's; using the workflow's",
    );
    // Agreeing identities say nothing.
    const agreed = deriveIdentity('trtc-cloud', 'lesson-42', 0, VALID_PARAMS['trtc-cloud']);
    const before = logger.lines.length;
    await env.run(activities.startTask, { ...startInput('trtc-cloud'), identity: agreed });
    expect(cloud.requests[1]?.request.payload['UserId']).toBe(agreed.botUserId);
    expect(logger.lines.slice(before).map((l) => l.message)).not.toContain(
      "provider identity derived here differs from the workflow's; using the workflow's",
    );
  });

  it('trtc-cloud ambiguous time-out → retryable (same bot UserId replaces, never duplicates)', async () => {
    const { activities, env } = setup(timeout());
    expect(await failureOf(env.run(activities.startTask, startInput('trtc-cloud')))).toMatchObject({
      type: 'CloudTimeoutError',
      nonRetryable: false,
    });
  });

  it('css-live ambiguous time-out → ambiguous outcome, no blind retry', async () => {
    const { activities, env } = setup(timeout());
    const outcome = await env.run<[StartTaskInput], StartTaskOutcome, typeof activities.startTask>(
      activities.startTask,
      startInput('css-live'),
    );
    expect(outcome).toMatchObject({ kind: 'ambiguous', identity: {} });
    expect(outcome.kind === 'ambiguous' && outcome.reason).toMatch(/^CloudTimeoutError/);
  });

  it.each(['css-live', 'trro-cloud'] as const)(
    '%s: a refusal the provider answered (throttle, InternalError, capacity) → retry-later, nothing was created',
    async (product) => {
      const { activities, env } = setup(
        providerError('RequestLimitExceeded'),
        providerError('InternalError'),
        providerError(
          product === 'css-live' ? 'LimitExceeded.MaximumRunningTask' : 'RequestLimitExceeded.UinLimitExceeded',
        ),
      );
      await expect(env.run(activities.startTask, startInput(product))).resolves.toEqual({
        kind: 'retry-later',
        code: 'RequestLimitExceeded',
        retryAfterMs: 1000,
        throttled: true,
      });
      await expect(env.run(activities.startTask, startInput(product))).resolves.toMatchObject({
        kind: 'retry-later',
        code: 'InternalError',
      });
      await expect(env.run(activities.startTask, startInput(product))).resolves.toMatchObject({ kind: 'retry-later' });
    },
  );

  it.each(['css-live', 'trro-cloud'] as const)(
    '%s: a throttled create comes back retry-later after a jittered wait, and is counted',
    async (product) => {
      const cloud = new FakeCloud(throttled(), throttled());
      const throttles: ThrottleEvent[] = [];
      const run = (random: number) =>
        quietEnvironment({ attempt: 1, retryPolicy: { maximumAttempts: 1 } }).run(
          createActivities({ cloud, clock: () => NOW, random: () => random, onThrottle: (e) => throttles.push(e) })
            .startTask,
          startInput(product),
        );
      await expect(run(0)).resolves.toEqual({
        kind: 'retry-later',
        code: 'RequestLimitExceeded',
        retryAfterMs: 500,
        throttled: true,
      });
      await expect(run(0.99)).resolves.toEqual({
        kind: 'retry-later',
        code: 'RequestLimitExceeded',
        retryAfterMs: 1490,
        throttled: true,
      });
      expect(cloud.requests).toHaveLength(2);
      expect(throttles).toEqual([
        {
          service: cloud.requests[0]?.request.service,
          action: cloud.requests[0]?.request.action,
          code: 'RequestLimitExceeded',
          attempt: 1,
        },
        {
          service: cloud.requests[0]?.request.service,
          action: cloud.requests[0]?.request.action,
          code: 'RequestLimitExceeded',
          attempt: 1,
        },
      ]);
    },
  );

  it.each(['trtc-web', 'trtc-cloud', 'tiw-online'] as const)(
    '%s: a throttled start is retried by the policy with a doubling, jittered delay; on the last attempt by the workflow',
    async (product) => {
      const { activities, throttles } = setup(
        throttled(),
        throttled('RequestLimitExceeded.UinLimitExceeded'),
        throttled(),
      );
      const max = RETRY_POLICIES.start.maximumAttempts ?? 0;
      const on = (attempt: number) =>
        quietEnvironment({ attempt, retryPolicy: RETRY_POLICIES.start }).run(activities.startTask, startInput(product));
      expect(await failureOf(on(1))).toMatchObject({
        type: 'RequestLimitExceeded',
        nonRetryable: false,
        nextRetryDelay: 1000,
      });
      expect(await failureOf(on(3))).toMatchObject({
        type: 'RequestLimitExceeded.UinLimitExceeded',
        nonRetryable: false,
        nextRetryDelay: 4000,
      });
      // Temporal would not run the activity again: the workflow calls again with the same identity.
      await expect(on(max)).resolves.toEqual({
        kind: 'retry-later',
        code: 'RequestLimitExceeded',
        retryAfterMs: 20000,
        throttled: true,
      });
      expect(throttles.map((t) => t.attempt)).toEqual([1, 3, max]);
    },
  );

  it('trro-cloud: a time-out after sending is ambiguous (reported), never a retryable failure that would re-send', async () => {
    const { activities, env } = setup(timeout());
    await expect(env.run(activities.startTask, startInput('trro-cloud'))).resolves.toMatchObject({
      kind: 'ambiguous',
      identity: {},
    });
  });

  it('a success without TaskId → ambiguous (the task may exist)', async () => {
    const { activities, env } = setup({ data: {} });
    await expect(env.run(activities.startTask, startInput('trtc-cloud'))).resolves.toMatchObject({ kind: 'ambiguous' });
  });

  it('tiw-online ResourceInUse.RecordUserId → exists', async () => {
    const { activities, env } = setup(providerError('ResourceInUse.RecordUserId'));
    await expect(env.run(activities.startTask, startInput('tiw-online'))).resolves.toMatchObject({
      kind: 'exists',
      code: 'ResourceInUse.RecordUserId',
    });
  });

  it('a provider parameter error is non-retryable, typed by the provider code', async () => {
    const { activities, env } = setup(providerError('InvalidParameter.OutOfRange'));
    expect(await failureOf(env.run(activities.startTask, startInput('trtc-cloud')))).toMatchObject({
      type: 'InvalidParameter.OutOfRange',
      nonRetryable: true,
    });
  });

  it('bad params never reach the provider: non-retryable InvalidRecordingParams naming the field', async () => {
    const { cloud, activities, env } = setup();
    const params = { ...VALID_PARAMS['trtc-cloud'], ResourceExpiredHour: 800 };
    const failure = await failureOf(env.run(activities.startTask, startInput('trtc-cloud', 0, params)));
    expect(failure).toMatchObject({ type: 'InvalidRecordingParams', nonRetryable: true });
    expect(failure.message).toMatch(/ResourceExpiredHour: must be an integer in \[6, 720\]/);
    expect(cloud.requests).toHaveLength(0);
  });

  it('a malformed activity input is non-retryable InvalidActivityInput', async () => {
    const { activities, env } = setup();
    const failure = await failureOf(env.run(activities.startTask, { ...startInput('trtc-cloud'), attempt: -1 }));
    expect(failure).toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
    expect(failure.message).toMatch(/attempt/);
  });

  it('logs recordId and TaskId but never UserSig or storage keys', async () => {
    const { logger, activities, env } = setup({ data: { TaskId: 'T1' } }, { data: { TaskId: 'W1' } });
    await env.run(activities.startTask, startInput('trtc-cloud'));
    await env.run(activities.startTask, startInput('trtc-web'));
    const text = JSON.stringify(logger.lines);
    expect(text).toContain('lesson-42');
    expect(text).toContain('T1');
    for (const secret of ['usersig-secret-value', 'ak-secret', 'sk-secret']) expect(text).not.toContain(secret);
  });

  it('cancellation aborts the in-flight request', async () => {
    const { activities, env } = setup({ hang: true });
    const running = env.run(activities.startTask, startInput('trtc-cloud'));
    setImmediate(() => env.cancel());
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
  });
});

describe('recoverTask', () => {
  it('trtc-web looks the RecordId up; TaskNotExist → not-found', async () => {
    const { cloud, activities, env } = setup(
      { data: { Status: 1, TaskId: 'W1' } },
      providerError('FailedOperation.TaskNotExist'),
    );
    await expect(env.run(activities.recoverTask, startInput('trtc-web'))).resolves.toMatchObject({
      kind: 'found',
      task: { taskId: 'W1' },
    });
    expect(cloud.requests[0]?.request.action).toBe('DescribeWebRecord');
    await expect(env.run(activities.recoverTask, startInput('trtc-web'))).resolves.toEqual({ kind: 'not-found' });
  });

  it('trtc-cloud has no lookup', async () => {
    const { cloud, activities, env } = setup();
    await expect(env.run(activities.recoverTask, startInput('trtc-cloud'))).resolves.toEqual({ kind: 'unsupported' });
    expect(cloud.requests).toHaveLength(0);
  });
});

describe('describe, modify, pause, resume, stop', () => {
  const trtc: TaskRef = {
    product: 'trtc-cloud',
    taskId: 'T1',
    region: 'ap-guangzhou',
    sdkAppId: 1400188366,
    roomId: '3560',
    identity: {},
    controlExpiresAtMs: NOW + 1000,
  };
  const tiw: TaskRef = { product: 'tiw-online', taskId: 'bj0m', sdkAppId: 1400000001, roomId: '1203', identity: {} };

  it('describe maps the state; a gone task is observed as ended/not-found', async () => {
    const { cloud, activities, env } = setup(
      { data: { Status: 'Idle', StorageFileList: [] } },
      providerError('ResourceNotFound'),
    );
    await expect(env.run(activities.describeTask, { task: trtc })).resolves.toEqual({
      state: 'idle',
      providerStatus: 'Idle',
      files: [],
    });
    expect(cloud.requests[0]?.request).toMatchObject({
      action: 'DescribeCloudRecording',
      region: 'ap-guangzhou',
      payload: { SdkAppId: 1400188366, TaskId: 'T1' },
    });
    await expect(env.run(activities.describeTask, { task: trtc })).resolves.toMatchObject({
      state: 'ended',
      endCause: 'not-found',
      detail: 'ResourceNotFound',
    });
  });

  it('describe after ResourceExpiredHour: a refusal is ProviderControlLost, not "ended"', async () => {
    const cloud = new FakeCloud(providerError('ResourceNotFound'));
    const activities = createActivities({ cloud, logger: new CapturingLogger(), clock: () => NOW + 1000 });
    const failure = await failureOf(quietEnvironment().run(activities.describeTask, { task: trtc }));
    expect(failure).toMatchObject({ type: 'ProviderControlLost', nonRetryable: true });
  });

  it('describe of a callbacks-only product is NotSupportedByProduct', async () => {
    const { activities, env } = setup();
    const css: TaskRef = { product: 'css-live', taskId: '1', streamName: 's', identity: {} };
    expect(await failureOf(env.run(activities.describeTask, { task: css }))).toMatchObject({
      type: 'NotSupportedByProduct',
      nonRetryable: true,
    });
  });

  it('a malformed describe answer is non-retryable ProviderResponseInvalid', async () => {
    const { activities, env } = setup({ data: { Status: 42 } });
    expect(await failureOf(env.run(activities.describeTask, { task: trtc }))).toMatchObject({
      type: 'ProviderResponseInvalid',
      nonRetryable: true,
    });
  });

  it('modify sends the full replacement to ModifyCloudRecording', async () => {
    const { cloud, activities, env } = setup({ data: {} });
    const changes = {
      MixLayoutParams: { MixLayoutMode: 3 },
      SubscribeStreamUserIds: { SubscribeVideoUserIds: ['a', 'b'] },
    };
    await env.run(activities.modifyTask, { task: trtc, changes });
    expect(cloud.requests[0]?.request).toMatchObject({
      action: 'ModifyCloudRecording',
      payload: { SdkAppId: 1400188366, TaskId: 'T1', ...changes },
    });
  });

  it('modify with a bad layout never reaches the provider', async () => {
    const { cloud, activities, env } = setup();
    const failure = await failureOf(
      env.run(activities.modifyTask, { task: trtc, changes: { MixLayoutParams: { MixLayoutMode: 9 } } }),
    );
    expect(failure).toMatchObject({ type: 'InvalidRecordingParams', nonRetryable: true });
    expect(failure.message).toMatch(/MixLayoutParams\.MixLayoutMode: must be one of 1, 2, 3, 4/);
    expect(cloud.requests).toHaveLength(0);
  });

  it('pause/resume work on TIW; a wrong state is non-retryable for the workflow to re-read', async () => {
    const { cloud, activities, env } = setup({ data: {} }, providerError('UnsupportedOperation.InvalidTaskStatus'));
    await env.run(activities.pauseTask, { task: tiw });
    expect(cloud.requests[0]?.request).toMatchObject({
      service: 'tiw',
      action: 'PauseOnlineRecord',
      version: '2019-09-19',
      payload: { SdkAppId: 1400000001, TaskId: 'bj0m' },
    });
    expect(await failureOf(env.run(activities.resumeTask, { task: tiw }))).toMatchObject({
      type: 'UnsupportedOperation.InvalidTaskStatus',
      nonRetryable: true,
    });
  });

  it('pause on trtc-cloud is NotSupportedByProduct', async () => {
    const { activities, env } = setup();
    expect(await failureOf(env.run(activities.pauseTask, { task: trtc }))).toMatchObject({
      type: 'NotSupportedByProduct',
    });
  });

  it('stop: stopped, already-ended when gone, retryable on rate limit', async () => {
    const { cloud, activities, env } = setup(
      { data: {} },
      providerError('UnsupportedOperation.TaskHasAlreadyStopped'),
      providerError('RequestLimitExceeded'),
    );
    await expect(env.run(activities.stopTask, { task: tiw })).resolves.toEqual({ kind: 'stopped', requestId: 'req-1' });
    expect(cloud.requests[0]?.request.action).toBe('StopOnlineRecord');
    await expect(env.run(activities.stopTask, { task: tiw })).resolves.toEqual({
      kind: 'already-ended',
      code: 'UnsupportedOperation.TaskHasAlreadyStopped',
    });
    expect(await failureOf(env.run(activities.stopTask, { task: tiw }))).toMatchObject({
      type: 'RequestLimitExceeded',
      nonRetryable: false,
      nextRetryDelay: 1000,
    });
  });

  it('trro-cloud stop retried after a lost answer: "no such task" (InvalidParameterValue) means our first attempt stopped it', async () => {
    const trro: TaskRef = { product: 'trro-cloud', taskId: 'trro-task-1', identity: {} };
    const { cloud, activities } = setup(providerError('InvalidParameterValue'), providerError('InvalidParameterValue'));
    const retry = quietEnvironment({ attempt: 2 });
    await expect(retry.run(activities.stopTask, { task: trro })).resolves.toEqual({
      kind: 'already-ended',
      code: 'InvalidParameterValue',
    });
    expect(cloud.requests[0]?.request).toMatchObject({
      action: 'DeleteCloudRecording',
      payload: { TaskId: 'trro-task-1' },
    });
    // On a first attempt nothing of ours was lost: the same answer may be a bad TaskId, so it stays a failure.
    const first = quietEnvironment({ attempt: 1 });
    expect(await failureOf(first.run(activities.stopTask, { task: trro }))).toMatchObject({
      type: 'InvalidParameterValue',
      nonRetryable: true,
    });
  });

  it('only the product that lacks a not-found code reads InvalidParameterValue as gone on a retry', async () => {
    const { activities } = setup(providerError('InvalidParameterValue'));
    const retry = quietEnvironment({ attempt: 3 });
    expect(await failureOf(retry.run(activities.stopTask, { task: tiw }))).toMatchObject({
      type: 'InvalidParameterValue',
      nonRetryable: true,
    });
  });

  it('stop of css-live sends StreamName and the integer TaskId; ResourceNotFound.TaskId → already-ended', async () => {
    const css: TaskRef = { product: 'css-live', taskId: '1234567', streamName: 'livetest', identity: {} };
    const { cloud, activities, env } = setup(providerError('ResourceNotFound.TaskId'));
    await expect(env.run(activities.stopTask, { task: css })).resolves.toEqual({
      kind: 'already-ended',
      code: 'ResourceNotFound.TaskId',
    });
    expect(cloud.requests[0]?.request).toMatchObject({
      service: 'live',
      action: 'StopLiveRecord',
      payload: { StreamName: 'livetest', TaskId: 1234567 },
    });
  });
});
