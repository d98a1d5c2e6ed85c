/** Public surface of recorders/ (pulls zod and node:crypto; the pure facts are in domain/). */
export { InvalidRecordingParams, ProviderResponseInvalid } from './errors';
export { validateStartParams } from './validation';
export { interpretCallback, recorderFor } from './registry';
export type { AmbiguousStartPolicy, ProviderIo, Recorder, StartRequest, StartResult } from './types';
export * from './callback-signatures';
