/** The public surface of client/: the recordings library, its errors and the gateway building blocks. */
export {
  createRecordingsClient,
  type RecordingsClient,
  type RecordingsClientOptions,
  type StartedRecording,
  type StopOptions,
} from './recordings/client';
export { connectRecordings, temporalAddress, type ConnectedRecordings } from './recordings/connect';
export { type RecordingSpec, type RecordingTemplate, recordingSpecSchema, toRecordingRequest } from './recordings/spec';
export { type ExtendInput } from './recordings/control-inputs';
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
  type FieldIssue,
} from './recordings/errors';
export {
  createCallbackReceiver,
  type CallbackReceiver,
  type CallbackReceiverOptions,
} from './gateway/callbacks/receiver';
export { temporalWorkflowRouter, type WorkflowRouter } from './gateway/callbacks/workflow-router';
export { createGatewayServer, type GatewayServer, type GatewayServerOptions } from './gateway/server';
