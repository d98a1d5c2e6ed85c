/**
 * The recording lifecycle as a small state machine over a plain-JSON snapshot (the
 * transitions; what a recording accumulates is in recording-record.ts). Pure and deterministic
 * (time comes in as arguments), so it is unit-tested directly and carried across
 * continue-as-new as is; workflow handlers and phases only call its methods.
 */
import type { ProviderIdentity, TaskRef } from '../domain/contract';
import { NEXT_STATES, TERMINAL_STATE, TERMINAL_STATES, endReasonForEnd } from './end-reasons';
import { RecordingRecord } from './recording-record';
import type { EndReason, ProviderEnd, RecordingSnapshot, RecordingState } from './types';

export class RecordingLifecycle extends RecordingRecord {
  /** A fresh recording: Scheduled when it starts later than `nowMs`, Starting otherwise. */
  static create(input: { startAtMs?: number; endAtMs?: number; maxDurationMs?: number; desired?: Readonly<Record<string, unknown>> }, nowMs: number): RecordingLifecycle {
    const later = input.startAtMs !== undefined && input.startAtMs > nowMs;
    return new RecordingLifecycle({
      state: later ? 'Scheduled' : 'Starting',
      attempt: 0, startCalls: 0, taskIds: [], candidateTaskIds: [], extraTaskIds: [],
      requestedAtMs: nowMs, startAtMs: input.startAtMs, endAtMs: input.endAtMs, maxDurationMs: input.maxDurationMs,
      desired: input.desired ?? {}, files: [], uploadComplete: false, seenEventIds: [],
      callbackCount: 0, pollCount: 0, warnings: [], runIndex: 0,
    });
  }

  /** The next run's lifecycle after continue-as-new. */
  static restore(snapshot: RecordingSnapshot): RecordingLifecycle {
    return new RecordingLifecycle({ ...snapshot, runIndex: snapshot.runIndex + 1 });
  }

  get state(): RecordingState {
    return this.s.state;
  }
  get task(): TaskRef | undefined {
    return this.s.task;
  }
  get isTerminal(): boolean {
    return TERMINAL_STATES.includes(this.s.state);
  }
  get isActive(): boolean {
    return this.s.state === 'Recording' || this.s.state === 'Paused';
  }
  /** A stop needs no further provider call: it was made, the provider ended the task, or there never was one. */
  get stopSettled(): boolean {
    return this.isTerminal || (this.s.state === 'Stopping' && (this.s.stoppedAtMs !== undefined || this.s.providerEnd !== undefined || this.s.task === undefined));
  }

  private moveTo(next: RecordingState): void {
    if (!NEXT_STATES[this.s.state].includes(next)) throw new Error(`lifecycle: ${this.s.state} → ${next} is not allowed`);
    this.s.state = next;
  }

  beginStart(): void {
    this.moveTo('Starting');
    this.touch();
  }

  /** Before each start call: the identity it uses (published as routing keys first) and the time it left. */
  noteStartCall(identity: ProviderIdentity, nowMs: number): void {
    this.s.identity = identity;
    this.s.startCalls += 1;
    // The first call's time bounds the TaskId issue time from below, whichever call created it.
    this.s.startRequestedAtMs ??= nowMs;
    this.touch();
  }

  nextAttempt(): void {
    this.s.attempt += 1;
    this.touch();
  }

  /** The provider task is known: Starting → Recording (or a replacement TaskId while recording). */
  adoptTask(task: TaskRef, nowMs: number, controlExpiresAtMs?: number): void {
    if (this.s.state === 'Starting') this.moveTo('Recording');
    this.s.task = task;
    this.s.taskIds = this.s.taskIds.includes(task.taskId) ? this.s.taskIds : [...this.s.taskIds, task.taskId];
    this.s.candidateTaskIds = this.s.candidateTaskIds.filter((id) => id !== task.taskId);
    this.s.startedAtMs ??= nowMs;
    const expiries = [task.controlExpiresAtMs, controlExpiresAtMs].filter((v): v is number => v !== undefined);
    if (expiries.length > 0) this.s.controlExpiresAtMs = Math.min(...expiries);
    this.touch();
  }

  /** css-live: the start may or may not have created a task and its TaskId is unknown. */
  recordWithoutTask(nowMs: number): void {
    this.moveTo('Recording');
    this.s.startedAtMs ??= nowMs;
    this.touch();
  }

  /**
   * The first stop wins; later ones (a signal after the update, a deadline after a request)
   * change nothing, and neither does one after the provider already ended the task.
   */
  requestStop(reason: EndReason, nowMs: number, by?: string): boolean {
    if (this.s.stopRequest !== undefined || this.s.providerEnd !== undefined || this.isTerminal) return false;
    this.s.stopRequest = { atMs: nowMs, reason, ...(by === undefined ? {} : { by }) };
    this.touch();
    return true;
  }

  /** The provider ended the task on its own; a later report may only add the cause. */
  providerEnded(end: ProviderEnd): void {
    if (this.s.providerEnd === undefined) this.s.providerEnd = end;
    else if (this.s.providerEnd.cause === undefined && end.cause !== undefined) this.s.providerEnd = { ...this.s.providerEnd, cause: end.cause };
    this.touch();
  }

  beginStopping(): void {
    this.moveTo('Stopping');
    this.touch();
  }

  stopped(nowMs: number): void {
    this.s.stoppedAtMs ??= nowMs;
    this.touch();
  }

  paused(): void {
    this.moveTo('Paused');
    this.touch();
  }

  resumed(): void {
    this.moveTo('Recording');
    this.touch();
  }

  /** Ends the recording: our stop reason if we stopped it, else what the provider said. */
  finish(nowMs: number, reason?: EndReason): void {
    if (this.isTerminal) return;
    const why = reason ?? this.s.stopRequest?.reason ?? endReasonForEnd(this.s.providerEnd);
    this.s.endReason = why;
    this.s.state = TERMINAL_STATE[why];
    this.s.endedAtMs = nowMs;
    this.touch();
  }

  detach(reason: string, nowMs: number): void {
    this.s.detachedReason = reason;
    this.finish(nowMs, 'detached');
  }

  fail(type: string, message: string, nowMs: number): void {
    this.s.failure = { type, message };
    this.finish(nowMs, 'failed');
  }
}
