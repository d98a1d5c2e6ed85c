/** What the CLI's exit status means, so scripts can tell a refusal from a typo from an outage. */

export const EXIT = {
  ok: 0,
  /** Anything unexpected (a bug, or Temporal failing a call in a way not listed here). */
  failure: 1,
  /** A bad flag, argument, input file or environment variable; nothing was sent. */
  usage: 2,
  /** The recording (or schedule) refused: wrong product or state, already ended, already exists. */
  rejected: 3,
  /** No recording or schedule with that id. */
  notFound: 4,
  /** Temporal did not answer at the address within the connect deadline. */
  unreachable: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit status:
  0  ok
  1  unexpected failure
  2  usage: a bad flag, argument, file or environment variable (nothing was sent)
  3  rejected: the recording or schedule refused (wrong product or state, ended, exists)
  4  not found: no recording or schedule with that id
  5  unreachable: Temporal did not answer at the address in time`;
