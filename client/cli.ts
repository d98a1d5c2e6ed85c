#!/usr/bin/env node
/** The recordings CLI (`npx recordings`, `npm run cli --`): tables for people, `--json` for scripts. */
import { readFileSync } from 'node:fs';
import { loadClientConfig } from '../runtime/config';
import { CliUsageError, parseCommandLine } from './cli/args';
import { EXIT } from './cli/exit-codes';
import { classifyError, humanOutput, precheck, runCommand } from './cli/run';
import { watchRecording } from './cli/watch';
import { connectRecordings, temporalAddress, type ConnectedRecordings } from './recordings/connect';

type Env = Readonly<Record<string, string | undefined>>;

async function main(argv: readonly string[], env: Env): Promise<number> {
  const out = (text: string): void => void process.stdout.write(text);
  const err = (text: string): void => void process.stderr.write(text);
  let parsed;
  try {
    parsed = parseCommandLine(argv, { read: (path) => readFileSync(path, 'utf8'), out, err });
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    err(`${error.message}\n(run with --help for usage)\n`);
    return EXIT.usage;
  }
  if (parsed.kind === 'exit') return parsed.code;
  const { command, globals } = parsed;
  const loaded = loadClientConfig({
    ...env,
    ...(globals.address === undefined ? {} : { TEMPORAL_ADDRESS: globals.address }),
    ...(globals.namespace === undefined ? {} : { TEMPORAL_NAMESPACE: globals.namespace }),
  });
  if (!loaded.ok) {
    err(`${loaded.error.message}\n`);
    return EXIT.usage;
  }
  const address = temporalAddress(loaded.config);
  let connected: ConnectedRecordings | undefined;
  try {
    // Input first: a typo is reported without (and before) reaching Temporal.
    precheck(command, Date.now());
    connected = await connectRecordings(loaded.config, { connectTimeoutMs: globals.connectTimeoutMs });
    if (command.name === 'watch') {
      await watchRecording(connected.recordings, command.recordId, {
        intervalMs: command.intervalMs,
        json: globals.json,
        tty: process.stdout.isTTY === true,
        write: out,
      });
      return EXIT.ok;
    }
    const answer = await runCommand(command, connected.recordings);
    out(globals.json ? `${JSON.stringify(answer, null, 2)}\n` : `${humanOutput(command, answer, Date.now())}\n`);
    return EXIT.ok;
  } catch (error) {
    const { code, lines } = classifyError(error, command, address);
    // --json: scripts get the error as data too (the exit code says which kind).
    const kind = Object.entries(EXIT).find(([, value]) => value === code)?.[0];
    err(
      globals.json
        ? `${JSON.stringify({ error: { kind, exitCode: code, messages: lines } })}\n`
        : `${lines.join('\n')}\n`,
    );
    return code;
  } finally {
    await connected?.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
      process.exitCode = EXIT.failure;
    },
  );
}
