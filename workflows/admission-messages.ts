/**
 * How recordings and callers reach an admission workflow (workflows/admission.ts), and how it
 * answers a recording: shared by both workflows, the worker's activities and the client.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AdmissionState } from '../domain/admission';

/** Ask for a slot; idempotent per workflowId (a waiter keeps its place, a holder is told again). */
export interface AcquireRequest {
  readonly workflowId: string;
  readonly recordId: string;
  /** This worker's configured limit for the key: the latest acquire's limit wins. */
  readonly limit: number;
  readonly checkIntervalMs: number;
}

export const acquireSignal = defineSignal<[AcquireRequest]>('acquireSignal');

/** Give back a slot or a place in the queue; idempotent (an unknown workflowId changes nothing). */
export const releaseSignal = defineSignal<[{ readonly workflowId: string }]>('releaseSignal');

/** The semaphore's holders and queue (a recording's position is its index in the queue + 1). */
export const admissionStateQuery = defineQuery<AdmissionState>('admissionStateQuery');

/** Sent to a recording workflow: it holds a slot of `quotaKey` now and may start. */
export const admittedSignal = defineSignal<[{ readonly quotaKey: string }]>('admittedSignal');
