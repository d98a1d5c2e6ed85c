/** The workflows a worker registers; nothing else is exported here, so no helper becomes a workflow by accident. */
export { recordingWorkflow } from './recording';
export { orphanReapWorkflow, orphanSweepWorkflow } from './reaper';
export { revealedTaskReapWorkflow } from './revealed-reap';
export { admissionWorkflow } from './admission';
