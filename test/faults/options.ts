/** The suite's options (zod, so a bad flag names the field and the rule), sizes and fault kinds. */
import { resolve } from 'node:path';
import { z } from 'zod';

/** Every fault the suite can inject; `--faults` picks a subset. */
export const FAULT_KINDS = [
  'worker-kill',
  'worker-kill-create',
  'worker-kill-stop',
  'server-kill',
  'drop-create',
  'drop-stop',
  'throttle-storm',
  'error-storm',
  'callback-lost',
  'callback-duplicate',
  'callback-reorder',
  'callback-splice',
  'terminate',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults left out of the defaults until the work they need lands (none now: the orphan sweep reaps terminated recordings). */
export const AWAITING: readonly FaultKind[] = [];

export const DEFAULT_FAULTS: readonly FaultKind[] = FAULT_KINDS.filter((k) => !AWAITING.includes(k));

/** Injected per callback, by the proxy, rather than scheduled by the injector loop. */
export const CALLBACK_FAULTS = ['callback-lost', 'callback-duplicate', 'callback-reorder', 'callback-splice'] as const;

const faultList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.enum(FAULT_KINDS)).min(1));

export const optionsSchema = z.strictObject({
  /** Recordings driven, spread round-robin over the five products. */
  recordings: z.coerce.number().int().min(5).max(5_000).default(500),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  faults: z.union([faultList, z.array(z.enum(FAULT_KINDS)).min(1)]).default([...DEFAULT_FAULTS]),
  /**
   * Scheduled faults injected once each for certain, first, when a third of the recordings have
   * started (so they land mid-run whatever the machine's speed); the weighted draw goes on after.
   */
  ensureFaults: z
    .union([faultList, z.array(z.enum(FAULT_KINDS))])
    .default([])
    .refine((kinds) => kinds.every((k) => !(CALLBACK_FAULTS as readonly string[]).includes(k)), {
      message: 'callback faults are injected per callback, not scheduled',
    }),
  /** Recordings in flight at once. */
  concurrency: z.coerce.number().int().min(1).max(100).default(20),
  /** Worker child processes kept running. */
  workers: z.coerce.number().int().min(1).max(8).default(2),
  /** Scheduled fault events per recording started (the injector keeps pace with the recordings). */
  faultsPerRecording: z.coerce.number().min(0).max(5).default(0.5),
  /** Chance per callback of each enabled callback fault. */
  callbackFaultRate: z.coerce.number().min(0).max(0.5).default(0.03),
  /** Bound on driving one recording (start, reach Recording, stop). */
  driveTimeoutMs: z.coerce.number().int().min(10_000).max(900_000).default(180_000),
  /** After the drive: how long every workflow gets to close before it counts as stuck. */
  settleTimeoutMs: z.coerce.number().int().min(10_000).max(1_800_000).default(240_000),
  /** Hard bound on the whole run (set-up, drive, settle, report). */
  totalTimeoutMs: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(4 * 3_600_000)
    .default(90 * 60_000),
  /** The workers' orphan sweep interval (ORPHAN_SWEEP_INTERVAL, once the reaper exists). */
  orphanSweepInterval: z
    .string()
    .regex(/^\d+(ms|s|m)$/, 'a duration like 10s')
    .default('10s'),
  /** Where the report goes. */
  out: z.string().default(resolve(__dirname, 'results')),
  /** A label in the report's file name. */
  label: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes')
    .default('run'),
});
export type FaultOptions = z.output<typeof optionsSchema>;
export type FaultOptionsInput = z.input<typeof optionsSchema>;

export function parseOptions(input: unknown): FaultOptions {
  const parsed = optionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `--${i.path.join('.') || '?'}: ${i.message}`);
  throw new Error(`bad fault-suite options:\n${lines.join('\n')}`);
}
