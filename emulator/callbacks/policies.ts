/** Documented callback time-outs and retry schedules, per product family (reference §10). */

/** When to try again after attempt `attempt` (1-based) failed; `undefined` = give up. */
export interface RetryPolicy {
  /** An attempt with no answer within this many real (wall-clock) ms has failed; retries run on the emulator clock. */
  readonly timeoutMs: number;
  nextDelayMs(attempt: number, ageMs: number): number | undefined;
}

/**
 * TRTC cloud/web (and TRRO, which follows the TRTC spec): no answer in 5 s = failure;
 * retry immediately, then every 10 s until the message is 1 min old.
 */
export const trtcRetryPolicy: RetryPolicy = {
  timeoutMs: 5_000,
  nextDelayMs(attempt, ageMs) {
    const delay = attempt === 1 ? 0 : 10_000;
    return ageMs + delay <= 60_000 ? delay : undefined;
  },
};

/** CSS: no answer within ~20 s or a non-200 answer; up to 12 retries, 1 min apart. */
export const cssRetryPolicy: RetryPolicy = {
  timeoutMs: 20_000,
  nextDelayMs(attempt) {
    return attempt <= 12 ? 60_000 : undefined;
  },
};

/**
 * TIW: the documents do not describe delivery (Open question 5). The emulator's choice:
 * 5 s time-out, 3 retries 10 s apart. Documented in emulator/README.md.
 */
export const tiwRetryPolicy: RetryPolicy = {
  timeoutMs: 5_000,
  nextDelayMs(attempt) {
    return attempt <= 3 ? 10_000 : undefined;
  },
};
