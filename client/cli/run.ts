/**
 * Runs a parsed CLI command against the recordings library: checks what can be checked before
 * connecting, turns library errors into flag-named lines and exit codes, and renders answers.
 */
import { isGrpcServiceError, ServiceError } from '@temporalio/client';
import { type RecordingsClient } from '../recordings/client';
import {
  parseFields,
  RecordingInputError,
  RecordingNotFoundError,
  RecordingOperationRejected,
  ScheduleExistsError,
  TemporalUnreachableError,
} from '../recordings/errors';
import { type ScheduleCreateInput } from '../recordings/schedules';
import { recordIdSchema, toRecordingRequest, type RecordingSpec } from '../recordings/spec';
import { type Command } from './args';
import { EXIT, type ExitCode } from './exit-codes';
import { fieldsView, recordingsTable, recordingView, schedulesTable } from './render';

/** Top-level spec fields and the flag that sets each (start; `params` as given: --params or --params-file). */
const START_FLAGS: Readonly<Record<string, string>> = {
  recordId: '--record-id',
  product: '--product',
  region: '--region',
  startAt: '--start-at',
  endAt: '--end-at',
  maxDurationMs: '--max-duration',
  expiryPolicy: '--expiry-policy',
};

const EXTEND_FLAGS: Readonly<Record<string, string>> = { endAt: '--end-at', maxDurationMs: '--max-duration' };

const SCHEDULE_FLAGS: Readonly<Record<string, string>> = {
  scheduleId: '<scheduleId>',
  'spec.cron': '--cron',
  'spec.intervals': '--every',
  'spec.timezone': '--timezone',
  recording: '--recording-file',
  overlap: '--overlap',
  note: '--note',
};

function flagOf(field: string, flags: Readonly<Record<string, string>>): { flag: string; rest: string } | undefined {
  const key = Object.keys(flags)
    .filter((k) => field === k || field.startsWith(`${k}.`) || field.startsWith(`${k}[`))
    .sort((a, b) => b.length - a.length)[0];
  if (key === undefined) return undefined;
  return { flag: flags[key] as string, rest: field.slice(key.length).replace(/^\./, '') };
}

/** `--params: RecordParams.MaxIdleTime: must be ...` lines for a library input error. */
export function describeInputError(error: RecordingInputError, command: Command): string[] {
  const flags: Readonly<Record<string, string>> =
    command.name === 'start'
      ? { ...START_FLAGS, ...(command.paramsFlag === undefined ? {} : { params: command.paramsFlag }) }
      : command.name === 'extend'
        ? EXTEND_FLAGS
        : command.name === 'schedule-create'
          ? SCHEDULE_FLAGS
          : {};
  const fromFile =
    (command.name === 'start' || command.name === 'schedule-create') && command.fromFile
      ? command.name === 'start'
        ? '--spec-file'
        : '--file'
      : undefined;
  return error.issues.map(({ field, rule }) => {
    if (field === 'recordId' && command.name !== 'start') return `<recordId>: ${rule}`;
    if (command.name === 'modify') return `--changes: ${field}: ${rule}`;
    const named = flagOf(field, flags);
    if (named === undefined) return fromFile === undefined ? `${field}: ${rule}` : `${fromFile}: ${field}: ${rule}`;
    return named.rest === '' ? `${named.flag}: ${rule}` : `${named.flag}: ${named.rest}: ${rule}`;
  });
}

/**
 * Checks the command's input without Temporal (a RecordingInputError names the field), so a
 * typo is reported at once, connected or not. Schedules are checked by the library on create.
 */
export function precheck(command: Command, nowMs: number): void {
  if (command.name === 'start') {
    toRecordingRequest(command.spec, nowMs);
    return;
  }
  if ('recordId' in command) parseFields(recordIdSchema, command.recordId, 'recordId');
}

/** The command's answer as plain JSON-able data (`watch` runs in watch.ts). */
export async function runCommand(
  command: Exclude<Command, { name: 'watch' }>,
  recordings: RecordingsClient,
): Promise<unknown> {
  switch (command.name) {
    case 'start':
      // Assembled from flags; the library validates every field (and names it).
      return recordings.startRecording(command.spec as RecordingSpec);
    case 'stop':
      if (command.wait)
        return recordings.stop(command.recordId, {
          wait: true,
          ...(command.requestedBy === undefined ? {} : { requestedBy: command.requestedBy }),
        });
      await recordings.stop(
        command.recordId,
        command.requestedBy === undefined ? {} : { requestedBy: command.requestedBy },
      );
      return { accepted: true };
    case 'status':
      return recordings.status(command.recordId);
    case 'pause':
      return recordings.pause(command.recordId);
    case 'resume':
      return recordings.resume(command.recordId);
    case 'result': {
      const result = await recordings.result(command.recordId, { wait: command.wait });
      return result === undefined ? { finished: false } : { finished: true, result };
    }
    case 'extend':
      return recordings.extend(command.recordId, command.change);
    case 'modify':
      return { desired: await recordings.modify(command.recordId, command.changes) };
    case 'list':
      return { recordings: await recordings.list(command.filter) };
    case 'schedule-create':
      // The library's zod schema checks every field of the input (and names it).
      return recordings.schedules.create(command.input as unknown as ScheduleCreateInput);
    case 'schedule-list':
      return {
        schedules: await recordings.schedules.list(command.limit === undefined ? {} : { limit: command.limit }),
      };
    case 'schedule-pause':
      await recordings.schedules.pause(command.scheduleId, command.note);
      return { scheduleId: command.scheduleId, paused: true };
    case 'schedule-unpause':
      await recordings.schedules.unpause(command.scheduleId, command.note);
      return { scheduleId: command.scheduleId, paused: false };
    case 'schedule-delete':
      await recordings.schedules.delete(command.scheduleId);
      return { scheduleId: command.scheduleId, deleted: true };
  }
}

/** The answer for a person: a table or a sentence. */
export function humanOutput(command: Exclude<Command, { name: 'watch' }>, answer: unknown, nowMs: number): string {
  const a = (answer ?? {}) as Readonly<Record<string, unknown>>;
  switch (command.name) {
    case 'start':
      return `${a['existing'] === true ? 'already started' : 'started'} ${String(a['recordId'])} (workflow ${String(a['workflowId'])})`;
    case 'stop':
      return command.wait
        ? recordingView(answer, nowMs)
        : `stop requested for ${command.recordId} (durable; follow it with: recordings watch ${command.recordId})`;
    case 'status':
    case 'pause':
    case 'resume':
    case 'extend':
      return recordingView(answer, nowMs);
    case 'result':
      return a['finished'] === true
        ? recordingView(a['result'], nowMs)
        : `${command.recordId} has not finished (wait for it with --wait, or follow it with watch)`;
    case 'modify':
      return fieldsView(a['desired']);
    case 'list':
      return recordingsTable(a['recordings']);
    case 'schedule-create':
      return `created schedule ${String(a['scheduleId'])}`;
    case 'schedule-list':
      return schedulesTable(a['schedules']);
    case 'schedule-pause':
      return `paused schedule ${command.scheduleId}`;
    case 'schedule-unpause':
      return `unpaused schedule ${command.scheduleId}`;
    case 'schedule-delete':
      return `deleted schedule ${command.scheduleId}`;
  }
}

/** gRPC UNAVAILABLE / DEADLINE_EXCEEDED: Temporal went away after the connection was made. */
function lostTemporal(error: unknown): boolean {
  const cause = error instanceof ServiceError ? error.cause : error;
  return isGrpcServiceError(cause) && (Number(cause.code) === 14 || Number(cause.code) === 4);
}

/** An error as its exit code and the lines to print (never a value from the input). */
export function classifyError(error: unknown, command: Command, address: string): { code: ExitCode; lines: string[] } {
  if (error instanceof RecordingInputError) return { code: EXIT.usage, lines: describeInputError(error, command) };
  if (error instanceof RecordingNotFoundError) return { code: EXIT.notFound, lines: [`not found: ${error.message}`] };
  if (error instanceof RecordingOperationRejected || error instanceof ScheduleExistsError)
    return { code: EXIT.rejected, lines: [`rejected: ${error.message}`] };
  if (error instanceof TemporalUnreachableError)
    return { code: EXIT.unreachable, lines: [`unreachable: ${error.message}`] };
  if (lostTemporal(error))
    return {
      code: EXIT.unreachable,
      lines: [`unreachable: Temporal at ${address} stopped answering: ${error instanceof Error ? error.message : ''}`],
    };
  return {
    code: EXIT.failure,
    lines: [error instanceof Error ? `${error.name}: ${error.message}` : String(error)],
  };
}
