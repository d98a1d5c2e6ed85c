/** The recordings CLI: `tsx client/cli.ts <command>`; JSON on stdout, errors naming the flag on stderr. */
import { readFileSync } from 'node:fs';
import { loadClientConfig } from '../runtime/config';
import { CliUsageError, parseCommand } from './cli/args';
import { describeInputError, runCommand, USAGE } from './cli/run';
import { RecordingInputError } from './recordings/errors';
import { connectRecordings } from './recordings/connect';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCommand(argv, (path) => readFileSync(path, 'utf8'));
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const loaded = loadClientConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    return 1;
  }
  // Lazy: input errors are reported before (and without) reaching Temporal.
  const connected = await connectRecordings(loaded.config, { lazy: true });
  try {
    process.stdout.write(`${JSON.stringify(await runCommand(command, connected.recordings), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof RecordingInputError)) throw error;
    process.stderr.write(`${describeInputError(error, command).join('\n')}\n`);
    return 2;
  } finally {
    await connected.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
