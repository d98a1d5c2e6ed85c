/** The one classifier: any error thrown by a cloud call → what the caller should do next (reference §2). */
import type { CallIntent, CloudErrorClassification, CloudErrorKind } from './classification';
import { CloudError } from './cloud-error';
import { CloudHttpStatusError } from './http-status-error';
import { CloudProviderError } from './provider-error';
import { PROVIDER_CODE_RULES, codeMatches } from './provider-codes';
import { CloudResponseSchemaError } from './response-schema-error';
import { CloudTimeoutError } from './timeout-error';
import { CloudTransportError } from './transport-error';

/** TRTC guide backoff for InternalError: 3 s, 6 s, 12 s…; the 60 s ceiling is ours. */
export function internalErrorBackoffMs(attempt: number): number {
  return Math.min(3_000 * 2 ** Math.max(0, attempt - 1), 60_000);
}

/** Limits are per second (reference §3–§7), so the next window opens within a second. */
const RATE_RETRY_MS = 1_000;
/** "Slow retry": concurrency frees up as tasks end, not within seconds (our choice). */
const CAPACITY_RETRY_MS = 30_000;

/**
 * When the provider may have acted on a call we got no good answer to: only a start can
 * duplicate billed work, so only a start (or an unknown intent) is ambiguous; a repeated
 * read is harmless, a repeated stop meets `gone-on-stop`, a repeated pause `wrong-state`.
 */
function mayHaveActed(intent: CallIntent | undefined): CloudErrorKind {
  return intent === undefined || intent === 'start' ? 'ambiguous' : 'retryable';
}

function classifyProviderCode(code: string, intent: CallIntent | undefined, attempt: number): CloudErrorClassification {
  const rule = PROVIDER_CODE_RULES.find(
    (r) =>
      (r.intents === undefined || r.intents.includes(intent)) && r.codes.some((pattern) => codeMatches(code, pattern)),
  );
  // Unlisted codes fail rather than retry: a retry loop on an unknown refusal helps nobody.
  const kind = rule?.kind ?? 'permanent';
  if (kind === 'retryable') return { kind, code, retryDelayMs: internalErrorBackoffMs(attempt) };
  if (kind === 'rate') return { kind, code, retryDelayMs: RATE_RETRY_MS };
  if (kind === 'capacity') return { kind, code, retryDelayMs: CAPACITY_RETRY_MS };
  if (kind === 're-sign') return { kind, code, retryDelayMs: 0 };
  return { kind, code };
}

/**
 * Classifies an error thrown by {@link TencentCloudClient.call}. `intent` says what the call
 * was for; `attempt` (1-based, e.g. Temporal's `info.attempt`) scales the InternalError backoff.
 * Errors that are not cloud/ errors (an abort reason, a bug) come back as `unknown`.
 */
export function classifyCloudError(error: unknown, intent?: CallIntent, attempt = 1): CloudErrorClassification {
  if (!(error instanceof CloudError)) {
    return { kind: 'unknown', code: error instanceof Error ? error.name : typeof error };
  }
  const code = error.name;
  if (error instanceof CloudProviderError) return classifyProviderCode(error.code, intent, attempt);
  if (error instanceof CloudTimeoutError || error instanceof CloudTransportError) {
    return { kind: error.requestMayHaveBeenSent ? mayHaveActed(intent) : 'retryable', code };
  }
  if (error instanceof CloudHttpStatusError) {
    if (error.status === 429) return { kind: 'rate', code, retryDelayMs: RATE_RETRY_MS };
    return { kind: error.status >= 500 ? mayHaveActed(intent) : 'permanent', code };
  }
  if (error instanceof CloudResponseSchemaError) {
    // The data is wrong, so a retry will not help, but a start may have created the task.
    return { kind: mayHaveActed(intent) === 'ambiguous' ? 'ambiguous' : 'permanent', code };
  }
  return { kind: 'unknown', code };
}
