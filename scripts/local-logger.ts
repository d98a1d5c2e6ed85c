/**
 * The `npm start` logger: JSON lines on stdout like every service, minus the Temporal SDK's
 * per-worker start-up chatter (18 workers × state changes, "nothing registered" notices, the
 * webpack report), which would bury the banner. LOG_LEVEL=DEBUG shows everything again.
 */
import { createLogger, type JsonLogger, type LogLevel } from '../runtime/logger';

/** SDK worker messages that say nothing a local user can act on. */
const CHATTER = [
  /^Worker state changed$/,
  /^No (Nexus services|workflows|activities) registered/,
  /^asset workflow-bundle-/,
];

/** True for one SDK start-up/shutdown notice (an INFO or WARN line from a worker). */
export function isSdkChatter(line: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return false; // not one of our JSON lines: print it
  }
  if (typeof parsed !== 'object' || parsed === null) return false;
  const { sdkComponent, level, msg } = parsed as Record<string, unknown>;
  return (
    sdkComponent === 'worker' &&
    (level === 'INFO' || level === 'WARN') &&
    typeof msg === 'string' &&
    CHATTER.some((re) => re.test(msg))
  );
}

/** The local stack's logger: chatter dropped at INFO and above. */
export function createLocalLogger(level: LogLevel): JsonLogger {
  const verbose = level === 'TRACE' || level === 'DEBUG';
  return createLogger({
    level,
    fields: { service: 'local' },
    sink: (line) => {
      if (verbose || !isSdkChatter(line)) process.stdout.write(`${line}\n`);
    },
  });
}
