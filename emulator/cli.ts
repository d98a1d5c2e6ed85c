/** Command-line flags of the standalone emulator, validated with zod into emulator options. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { type EmulatorOptions } from './config';

export const USAGE = `Usage: npm run emulator -- [options]

  --port <n>            port to listen on (default 4600; 0 = any free port)
  --host <addr>         address to bind (default 127.0.0.1)
  --clock <mode>        real | accelerated | manual (default real)
  --factor <n>          emulated seconds per real second with --clock accelerated
  --secret-id <id>      accepted SecretId (default: the emulator's test pair)
  --secret-key <key>    its SecretKey
  --signature-time <s>  wall | emulated: the clock X-TC-Timestamp is checked against (default wall)
  --no-rate-limit       disable per-action rate limits
  --config <file.json>  any other option (limits, behaviour, callbacks, faults) as JSON;
                        flags override the file
  --help                this text`;

const flagsSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535).default(4600),
  host: z.string().min(1).optional(),
  clock: z.enum(['real', 'accelerated', 'manual']).optional(),
  factor: z.coerce.number().positive().optional(),
  'secret-id': z.string().min(1).optional(),
  'secret-key': z.string().min(1).optional(),
  'signature-time': z.enum(['wall', 'emulated']).optional(),
  'no-rate-limit': z.boolean().optional(),
  config: z.string().min(1).optional(),
  help: z.boolean().optional(),
});

/** The --config file: a JSON object, checked in full later by the options schema. */
function readConfigFile(path: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Invalid --config ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = z.record(z.string(), z.unknown()).safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid --config ${path}: the file must hold one JSON object`);
  return parsed.data;
}

/** Parses argv into emulator options, or `'help'`; throws an Error listing every problem. */
export function parseCli(argv: readonly string[]): EmulatorOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      clock: { type: 'string' },
      factor: { type: 'string' },
      'secret-id': { type: 'string' },
      'secret-key': { type: 'string' },
      'signature-time': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      config: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) throw new Error(`Invalid flags:\n${z.prettifyError(parsed.error)}\n\n${USAGE}`);
  const f = parsed.data;
  if (f.help) return 'help';
  if ((f['secret-id'] === undefined) !== (f['secret-key'] === undefined)) {
    throw new Error('Invalid flags: --secret-id and --secret-key go together');
  }
  const file = f.config === undefined ? {} : readConfigFile(f.config);
  const fileClock = (file.clock ?? {}) as Record<string, unknown>;
  const fileRates = (file.rateLimits ?? {}) as Record<string, unknown>;
  return {
    ...file,
    port: f.port,
    ...(f.host !== undefined ? { host: f.host } : {}),
    ...(f.clock !== undefined || f.factor !== undefined
      ? {
          clock: {
            ...fileClock,
            ...(f.clock !== undefined ? { mode: f.clock } : {}),
            ...(f.factor !== undefined ? { factor: f.factor } : {}),
          },
        }
      : {}),
    ...(f['secret-id'] !== undefined && f['secret-key'] !== undefined
      ? { credentials: [{ secretId: f['secret-id'], secretKey: f['secret-key'] }] }
      : {}),
    ...(f['signature-time'] !== undefined ? { signatureTime: f['signature-time'] } : {}),
    ...(f['no-rate-limit'] ? { rateLimits: { ...fileRates, enabled: false } } : {}),
  };
}
