/** Runs a parsed CLI command against the recordings library; library field errors are reported as flags. */
import { type RecordingsClient } from '../recordings/client';
import { type RecordingInputError } from '../recordings/errors';
import { type RecordingSpec } from '../recordings/spec';
import { type Command } from './args';

export const USAGE = `usage: tsx client/cli.ts <command> [flags]

  start   --record-id ID --product P (--params-file F | --params JSON) [--region R]
          [--start-at ISO] [--end-at ISO] [--max-duration 90m] [--expiry-policy stop-before-expiry|detach]
          [--spec-file F: a whole recording spec as JSON; flags override its fields]
  stop    ID [--wait] [--by NAME]     signal by default (durable even with no worker running)
  status  ID
  result  ID [--wait]                 without --wait: {"finished": false} while recording
  pause   ID | resume ID              tiw-online only
  extend  ID [--end-at ISO|none] [--max-duration 2h|none]
  modify  ID (--changes JSON | --changes-file F)   trtc-cloud only
  list    [--product P] [--state S] [--limit N]

Prefer --params-file for parameters holding UserSig or storage keys (command lines are visible to other users).
Connection settings come from the environment (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASK_QUEUE, PAYLOAD_ENCRYPTION_KEY).`;

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

/** `--params: RecordParams.MaxIdleTime: must be ...` lines for a library input error. */
export function describeInputError(error: RecordingInputError, command: Command): string[] {
  const flags: Readonly<Record<string, string>> =
    command.name === 'start'
      ? { ...START_FLAGS, ...(command.paramsFlag === undefined ? {} : { params: command.paramsFlag }) }
      : command.name === 'extend'
        ? EXTEND_FLAGS
        : {};
  return error.issues.map(({ field, rule }) => {
    const [head = field] = field.split(/[.[]/);
    const flag = flags[head];
    if (field === 'recordId' && command.name !== 'start') return `<recordId>: ${rule}`;
    if (command.name === 'modify') return `--changes: ${field}: ${rule}`;
    if (flag === undefined)
      return command.name === 'start' && command.fromFile ? `--spec-file: ${field}: ${rule}` : `${field}: ${rule}`;
    const rest = field.slice(head.length).replace(/^\./, '');
    return rest === '' ? `${flag}: ${rule}` : `${flag}: ${rest}: ${rule}`;
  });
}

/** The command's output as plain JSON-able data. */
export async function runCommand(command: Command, recordings: RecordingsClient): Promise<unknown> {
  switch (command.name) {
    case 'help':
      return USAGE;
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
  }
}
