/**
 * Failure converter loaded by path (worker, client and the workflow bundle): moves failure
 * messages and stack traces into an encoded payload, so the encryption codec seals them
 * too. A provider error message may echo a request field; history must not show it.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
