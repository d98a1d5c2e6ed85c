/**
 * Provider error codes by policy class, as data: reference §2 (and §4–§7 for the products'
 * own codes). Order matters: the first matching rule wins, so specific codes precede
 * the families that contain them (`AuthFailure.SignatureExpire` before `AuthFailure.*`).
 */
import type { CallIntent, CloudErrorKind } from './classification';

/** `Group.*` matches every sub-code of `Group`; anything else matches exactly. */
export type CodePattern = string;

/** One row of the policy table: these codes mean this kind (for these intents). */
export interface ProviderCodeRule {
  readonly kind: CloudErrorKind;
  readonly codes: readonly CodePattern[];
  /** The rule applies only for these intents (`undefined` = no intent given). */
  readonly intents?: readonly (CallIntent | undefined)[];
}

/** The reference §2 table, first match wins. */
export const PROVIDER_CODE_RULES: readonly ProviderCodeRule[] = [
  // TRTC guide: retry with identical parameters, backing off 3 s, 6 s, 12 s…
  { kind: 'retryable', codes: ['InternalError', 'InternalError.*'] },
  { kind: 'rate', codes: ['RequestLimitExceeded', 'RequestLimitExceeded.*'] },
  {
    kind: 'capacity',
    codes: [
      'FailedOperation.RestrictedConcurrency', // TRTC, 100 concurrent tasks by default
      'LimitExceeded.TaskConcurrency', // TIW
      'LimitExceeded.MaximumRunningTask', // CSS, 400 running
      'LimitExceeded.MaximumTask', // CSS, 4000 per day
      'ResourceInsufficient.RequestRejection', // web recording
    ],
  },
  { kind: 're-sign', codes: ['AuthFailure.SignatureExpire'] },
  { kind: 'refresh-credentials', codes: ['AuthFailure.TokenFailure'] },
  // Only documented for starts; with another intent they mean something unexpected.
  {
    kind: 'exists-on-start',
    codes: ['FailedOperation.TaskExist', 'ResourceInUse.RecordUserId'],
    intents: ['start', undefined],
  },
  // "Not found" is success only for a stop; for a read or control it is a real failure.
  {
    kind: 'gone-on-stop',
    codes: [
      'FailedOperation.TaskNotExist', // web
      'UnsupportedOperation.TaskHasAlreadyStopped', // TIW
      'InvalidParameter.TaskNotFound', // TIW
      'ResourceNotFound', // TRTC cloud recording
      'ResourceNotFound.TaskId', // CSS
    ],
    intents: ['stop'],
  },
  { kind: 'wrong-state', codes: ['UnsupportedOperation.InvalidTaskStatus'] },
  {
    kind: 'permanent',
    codes: [
      'AuthFailure',
      'AuthFailure.*',
      'InvalidParameter',
      'InvalidParameter.*',
      'InvalidParameterValue',
      'InvalidParameterValue.*',
      'MissingParameter',
      'MissingParameter.*',
      'UnknownParameter',
      'UnknownParameter.*',
      'InvalidAction',
      'NoSuchVersion',
      'UnsupportedRegion',
      'UnauthorizedOperation',
      'UnauthorizedOperation.*',
      'ResourceUnavailable.NotRegistered',
      'ResourceUnavailable.ServiceExpired', // TIW
      'ResourceNotFound.ForbidService',
      'ResourceNotFound.FreezeService', // CSS
      'ResourceNotFound.StopService',
      'ResourceNotFound.UserDisableService', // CSS
      'ResourceUnavailable.InvalidVodStatus', // CSS
      'FailedOperation.NotAbility',
      'FailedOperation.SdkAppIdNotWebRecordAbility', // web
      'FailedOperation.SdkAppIdNotUnderAppId',
      'FailedOperation.NotAllowed', // web
    ],
  },
];

/** True when `code` matches `pattern` (`Group.*` = any sub-code of Group, not Group itself). */
export function codeMatches(code: string, pattern: CodePattern): boolean {
  return pattern.endsWith('.*') ? code.startsWith(pattern.slice(0, -1)) : code === pattern;
}
