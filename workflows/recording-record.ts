/**
 * What a recording accumulates besides its state: files, warnings, the event-id dedupe window,
 * poll bookkeeping, TaskId candidates and the desired trtc-cloud layout. The base of
 * RecordingLifecycle (lifecycle.ts); pure, over the same plain-JSON snapshot.
 */
import type { OutputFile, ProviderTaskState } from '../domain/contract';
import { mergeFiles, mergeWarning, rememberEventId } from './merge';
import type { RecordingSnapshot, WarningCode } from './types';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export abstract class RecordingRecord {
  /** Bumped on every change, so waiting loops can wake on "something happened". */
  version = 0;

  protected constructor(protected readonly s: Mutable<RecordingSnapshot>) {}

  protected touch(): this {
    this.version += 1;
    return this;
  }

  /** Read-only view of the current data. */
  get data(): RecordingSnapshot {
    return this.s;
  }

  /** A plain-JSON copy (epoch ms, arrays), safe to pass to continue-as-new or a query. */
  snapshot(): RecordingSnapshot {
    return JSON.parse(JSON.stringify(this.s)) as RecordingSnapshot;
  }

  addCandidate(taskId: string): void {
    if (!this.s.taskIds.includes(taskId) && !this.s.candidateTaskIds.includes(taskId)) this.s.candidateTaskIds = [...this.s.candidateTaskIds, taskId];
    this.touch();
  }

  addExtraTask(taskId: string): void {
    if (!this.s.taskIds.includes(taskId)) {
      this.s.taskIds = [...this.s.taskIds, taskId];
      this.s.extraTaskIds = [...this.s.extraTaskIds, taskId];
    }
    this.touch();
  }

  extraTaskHandled(taskId: string): void {
    this.s.extraTaskIds = this.s.extraTaskIds.filter((id) => id !== taskId);
    this.touch();
  }

  warn(code: WarningCode, detail: string, nowMs: number): void {
    this.s.warnings = mergeWarning(this.s.warnings, { code, detail, atMs: nowMs, count: 1 });
    this.touch();
  }

  /** Records a provider event id; false when it was seen before (duplicate delivery). */
  firstSighting(eventId: string): boolean {
    const next = rememberEventId(this.s.seenEventIds, eventId);
    if (next === undefined) return false;
    this.s.seenEventIds = next;
    this.s.callbackCount += 1;
    this.touch();
    return true;
  }

  addFiles(files: readonly OutputFile[] | undefined): void {
    if (files === undefined || files.length === 0) return;
    this.s.files = mergeFiles(this.s.files, files);
    this.touch();
  }

  uploadCompleted(): void {
    this.s.uploadComplete = true;
    this.touch();
  }

  notePoll(nowMs: number, seen?: { state: ProviderTaskState; providerStatus?: string }): void {
    this.s.pollCount += 1;
    this.s.lastPollAtMs = nowMs;
    if (seen !== undefined) this.s.lastObservedState = seen.state;
    if (seen?.providerStatus !== undefined) this.s.lastProviderStatus = seen.providerStatus;
    this.touch();
  }

  /** Moves the updatable deadlines; `null` clears one, `undefined` leaves it. */
  extend(endAtMs: number | null | undefined, maxDurationMs: number | null | undefined): void {
    if (endAtMs !== undefined) this.s.endAtMs = endAtMs ?? undefined;
    if (maxDurationMs !== undefined) this.s.maxDurationMs = maxDurationMs ?? undefined;
    this.touch();
  }

  setDesired(desired: Readonly<Record<string, unknown>>): void {
    this.s.desired = desired;
    this.touch();
  }
}
