/**
 * Emulator options (one zod schema for embedded and standalone use), with the documented
 * limits as defaults and the emulator's answers to the reference's Open questions.
 */
import { z } from 'zod';
import { faultRuleSchema } from './control/faults';
import { DOCUMENTED_RATE_LIMITS } from './http/rate-limit';

/**
 * Well-known test credentials of the emulator (not a secret: they only open the emulator).
 * The worker states the same pair itself (`LOCAL_EMULATOR_CREDENTIALS`, since production
 * imports nothing of the emulator); test/unit/worker/cloud-caller.test.ts keeps them equal.
 */
export const DEFAULT_CREDENTIALS = {
  secretId: 'AKIDEMULATOR00000000000000000000test',
  secretKey: 'emulator-secret-key-for-local-testing',
} as const;

const callbackTarget = z.strictObject({ url: z.url().optional(), key: z.string().max(64).optional() });

const rangeSchema = z.strictObject({ min: z.int(), max: z.int(), default: z.int() });

/** Behaviour the provider documents loosely or not at all (reference "Open questions"). */
const behaviourSchema = z.strictObject({
  /** OQ1: code for TRTC Describe/Modify/Delete after ResourceExpiredHour (task keeps running). */
  trtcExpiredCode: z.string().default('ResourceNotFound'),
  /** OQ1: how long an exited TRTC task still answers Describe with `Exited` before ResourceNotFound. */
  trtcExitedLingerSeconds: z.int().min(0).default(5),
  /** OQ2: seconds after a web task ends during which its RecordId still answers TaskExist. */
  webRecordIdHoldSeconds: z.int().min(0).default(0),
  /**
   * OQ3: MaxDurationLimit range and default. Seed 002 (StartWebRecord, 002_af726c21afe5311c.txt):
   * "Valid range: [1800, 36000]. Default is 36,000 seconds (10 hours)"; the seeds win over
   * SDK 4.1.313's 1800–86400 / 86400, which stays reachable through this option.
   */
  webMaxDurationLimit: rangeSchema.default({ min: 1800, max: 36000, default: 36000 }),
  /** TIW PREPARED → RECORDING after this many seconds. */
  tiwPrepareSeconds: z.int().min(0).default(2),
  /** TIW STOPPED → FINISHED (processing/upload) after this many seconds. */
  tiwProcessingSeconds: z.int().min(0).default(30),
  /** OQ5: how long finished TIW tasks answer DescribeOnlineRecord. */
  tiwRetentionHours: z.int().min(1).default(168),
  /** OQ6: StopLiveRecord on an ended task: `ok` (idempotent) or an error code. */
  cssStopEndedTask: z.string().default('ok'),
  /** CSS `record_interval` when StreamParam does not set it (seconds). */
  cssDefaultRecordIntervalSeconds: z.int().min(1800).max(7200).default(1800),
  /** OQ4: a second TRRO CreateCloudRecording for the same device stream: `allow` or `deny` (OperationDenied). */
  trroDuplicateStart: z.enum(['allow', 'deny']).default('allow'),
});

const limitsSchema = z.strictObject({
  /** FailedOperation.RestrictedConcurrency (TRTC guide: 100 by default). */
  trtcConcurrentTasks: z.int().min(1).default(100),
  /** ResourceInsufficient.RequestRejection (undocumented number; configurable). */
  webConcurrentTasks: z.int().min(1).default(100),
  /** LimitExceeded.TaskConcurrency (undocumented number; configurable). */
  tiwConcurrentTasks: z.int().min(1).default(100),
  /** LimitExceeded.MaximumRunningTask (CSS: 400). */
  cssRunningTasks: z.int().min(1).default(400),
  /** LimitExceeded.MaximumTask (CSS: 4000 created per day, deleted ones excluded). */
  cssTasksPerDay: z.int().min(1).default(4000),
});

export const emulatorOptionsSchema = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.int().min(0).max(65535).default(0),
  credentials: z
    .array(z.strictObject({ secretId: z.string().min(1), secretKey: z.string().min(1), token: z.string().optional() }))
    .min(1)
    .default([{ ...DEFAULT_CREDENTIALS }]),
  clock: z
    .strictObject({
      mode: z.enum(['real', 'accelerated', 'manual']).default('real'),
      factor: z.number().positive().optional(),
      startMs: z.int().optional(),
    })
    .refine((c) => c.mode !== 'accelerated' || c.factor !== undefined, 'accelerated mode needs clock.factor')
    .prefault({}),
  /** Allowed |X-TC-Timestamp − server time| (reference §1.1: 5 min). */
  maxSkewSeconds: z.int().min(0).default(300),
  /** What "server time" means for signature checks: wall clock (default) or the simulation clock. */
  signatureTime: z.enum(['wall', 'emulated']).default('wall'),
  rateLimits: z
    .strictObject({
      enabled: z.boolean().default(true),
      defaultPerSecond: z.int().min(1).default(20),
      perAction: z.record(z.string(), z.int().min(1)).default({}),
      windowMs: z.int().min(1).default(1000),
    })
    .prefault({})
    .transform((r) => ({ ...r, perAction: { ...DOCUMENTED_RATE_LIMITS, ...r.perAction } })),
  limits: limitsSchema.prefault({}),
  /** Region rules override, keyed `service.Action` or `service`; `bySite` per endpoint site (http/regions.ts). */
  regions: z
    .record(
      z.string(),
      z.strictObject({
        required: z.boolean(),
        allowed: z.array(z.string()),
        bySite: z.partialRecord(z.enum(['intl', 'mainland', 'other']), z.array(z.string())).optional(),
      }),
    )
    .default({}),
  /** When set, other SdkAppIds get the product's "SdkAppId not found" code. */
  sdkAppIds: z.array(z.int().positive()).optional(),
  callbacks: z
    .strictObject({
      'trtc-cloud': callbackTarget.optional(),
      'trtc-web': callbackTarget.optional(),
      'tiw-online': callbackTarget.optional(),
      'css-live': callbackTarget.optional(),
      'trro-cloud': callbackTarget.optional(),
    })
    .default({}),
  behaviour: behaviourSchema.prefault({}),
  faults: z.array(faultRuleSchema).default([]),
  /** Seed of the fault injector's random source. */
  seed: z.int().default(1),
});

export type EmulatorOptions = z.input<typeof emulatorOptionsSchema>;
export type EmulatorSettings = z.output<typeof emulatorOptionsSchema>;
export type Behaviour = EmulatorSettings['behaviour'];
export type Limits = EmulatorSettings['limits'];

/** Validates options; every problem is reported together, naming the field and the rule. */
export function parseOptions(input: unknown): EmulatorSettings {
  const result = emulatorOptionsSchema.safeParse(input ?? {});
  if (!result.success) throw new Error(`Invalid emulator options:\n${z.prettifyError(result.error)}`);
  return result.data;
}
