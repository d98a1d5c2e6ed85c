/**
 * Public surface of recorders/. Pure modules (catalog, identity, bounds, china-time) can be
 * imported by workflows directly from their files; this barrel also pulls zod and node:crypto.
 */
export * from './catalog';
export { deriveIdentity, botUserIdFor, webRecordIdFor, recordUserIdFor, IDENTITY_LIMITS } from './identity';
export * from './bounds';
export { chinaStandardTimeToEpochMs, epochMsToChinaStandardTime } from './css-live/china-time';
export { InvalidRecordingParams, ProviderResponseInvalid } from './errors';
export { validateStartParams } from './validation';
export { interpretCallback, recorderFor } from './registry';
export type { AmbiguousStartPolicy, ProviderIo, Recorder, StartRequest, StartResult } from './types';
export * from './callback-signatures';
