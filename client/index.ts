/**
 * The public surface of client/ (the package's main export): `connect` and the recordings
 * library, its errors and the gateway building blocks.
 */
export {
  createRecordingsClient,
  type RecordingsClient,
  type RecordingsClientOptions,
  type StartedRecording,
  type StopOptions,
} from './recordings/client';
export {
  connect,
  connectRecordings,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_TASK_QUEUE,
  temporalAddress,
  type ConnectedRecordings,
  type ConnectOptions,
  type PayloadKeyInput,
} from './recordings/connect';
export { type RecordingSpec, type RecordingTemplate, recordingSpecSchema, toRecordingRequest } from './recordings/spec';
export { type ExtendInput } from './recordings/control-inputs';
export {
  outputFileSchema,
  recordingResultSchema,
  recordingStatusSchema,
  WARNING_CODES,
  type PublicOutputFile,
  type RecordingResult,
  type RecordingStatus,
} from './recordings/public-shapes';
export {
  listQuery,
  RECORDING_STATES,
  RECORDING_WORKFLOW_TYPE,
  type ListFilter,
  type RecordingSummary,
} from './recordings/list';
export {
  type RecordingSchedules,
  type RecordingScheduleSummary,
  type ScheduleCreateInput,
  type ScheduledRecordingRequest,
} from './recordings/schedules';
export {
  RecordingConflictError,
  RecordingInputError,
  RecordingNotFoundError,
  RecordingOperationRejected,
  ScheduleExistsError,
  TemporalUnreachableError,
  type FieldIssue,
} from './recordings/errors';
export type { RecordingState, EndReason } from '../workflows/types';
export { type Product, PRODUCTS } from '../domain/catalog';
export {
  createCallbackReceiver,
  type CallbackReceiver,
  type CallbackReceiverOptions,
} from './gateway/callbacks/receiver';
export { temporalWorkflowRouter, type WorkflowRouter } from './gateway/callbacks/workflow-router';
export { createGatewayServer, type GatewayServer, type GatewayServerOptions } from './gateway/server';
