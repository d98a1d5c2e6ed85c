/**
 * The zod schemas of the process environment, one slice per kind of process: one field per
 * variable, each with its rule in words, so a bad value is reported as "NAME: rule" (never
 * with the value itself).
 * Empty strings count as unset, because compose passes `${VAR}` through as "" when unset.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_ACTIVITY_QUEUE_PREFIX, DEFAULT_RATE_LIMIT_HEADROOM } from '../domain/catalog';
import { DOCUMENTED_CONCURRENCY, QUOTA_FAMILIES, type AdmissionLimits, type QuotaFamily } from '../domain/admission';
import { LOG_LEVELS, type LogLevel } from './logger';

const unset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unset, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((value) => unset(value) ?? fallback, schema);

const port = (rule = 'must be a TCP port, an integer from 1 to 65535') =>
  z.coerce.number({ error: rule }).int({ error: rule }).min(1, { error: rule }).max(65535, { error: rule });
const text = (pattern: RegExp, rule: string) => z.string().regex(pattern, { error: rule });
const base64Key = text(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in standard base64 (44 characters ending in "=")');

/** `service.Action=limit` pairs, comma-separated, e.g. `trtc.CreateCloudRecording=10`. */
const rateOverrides = z.string().transform((raw, ctx) => {
  const out: Record<string, number> = {};
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^([a-z]+\.[A-Za-z]+)=(\d+(?:\.\d+)?)$/.exec(part);
    const limit = match?.[2] === undefined ? Number.NaN : Number(match[2]);
    if (match?.[1] === undefined || !(limit > 0)) {
      ctx.addIssue({ code: 'custom', message: `"${part}" must look like service.Action=requestsPerSecond (> 0)` });
      continue;
    }
    out[match[1]] = limit;
  }
  return out;
});

/** A file named by a variable: it must exist and be readable now, and hold PEM of `kind`; gives its bytes. */
const pemFile = (kind: 'CERTIFICATE' | 'PRIVATE KEY') =>
  z.string().transform((path, ctx) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      ctx.addIssue({ code: 'custom', message: `must name a readable file (${code}: ${path})` });
      return z.NEVER;
    }
    const text = bytes.toString('utf8');
    const pem = kind === 'CERTIFICATE' ? /-----BEGIN CERTIFICATE-----/ : /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;
    if (!pem.test(text)) {
      ctx.addIssue({ code: 'custom', message: `must be a PEM file holding a ${kind.toLowerCase()} (${path})` });
      return z.NEVER;
    }
    return bytes;
  });

/**
 * How to reach a secured Temporal (TLS, mTLS, Temporal Cloud API key). TEMPORAL_TLS unset means
 * "on when any of the other TLS or API-key variables is set"; the rules between them are in
 * config.ts (`temporalTlsIssues`).
 */
export const temporalTlsEnv = z.object({
  TEMPORAL_TLS: optional(z.enum(['on', 'off'], { error: 'must be "on" or "off"' })),
  TEMPORAL_TLS_CA_FILE: optional(pemFile('CERTIFICATE')),
  TEMPORAL_TLS_CERT_FILE: optional(pemFile('CERTIFICATE')),
  TEMPORAL_TLS_KEY_FILE: optional(pemFile('PRIVATE KEY')),
  TEMPORAL_TLS_SERVER_NAME: optional(
    text(/^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/, 'must be a DNS host name, e.g. temporal.internal'),
  ),
  TEMPORAL_API_KEY: optional(text(/^\S{1,4096}$/, 'must be 1-4096 characters without spaces')),
});

/** Variables every process that talks to Temporal reads (the CLI's whole slice). */
export const clientEnv = z.object({
  TEMPORAL_ADDRESS: optional(text(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'must be host:port, e.g. temporal:7233')),
  TEMPORAL_NAMESPACE: withDefault(text(/^[A-Za-z0-9._-]{1,255}$/, 'must be a namespace name'), 'default'),
  TEMPORAL_CLI_PATH: optional(z.string()),
  TEMPORAL_DEV_PORT: withDefault(port(), '7233'),
  TEMPORAL_DEV_UI_PORT: withDefault(z.union([z.literal('off'), port('must be a TCP port or "off"')]), '8233'),
  TASK_QUEUE: withDefault(text(/^[A-Za-z0-9._-]{1,200}$/, 'must be letters, digits, ".", "_" or "-"'), 'recordings'),
  ACTIVITY_QUEUE_PREFIX: withDefault(
    text(/^[A-Za-z0-9_-]{1,64}$/, 'must be letters, digits, "_" or "-"'),
    DEFAULT_ACTIVITY_QUEUE_PREFIX,
  ),
  PAYLOAD_ENCRYPTION_KEY: optional(base64Key),
  PAYLOAD_ENCRYPTION_KEY_ID: optional(text(/^[A-Za-z0-9:._-]{1,64}$/, 'must be letters, digits, ":", ".", "_" or "-"')),
  PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: optional(
    text(/^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$/, 'must be comma-separated 32-byte base64 keys'),
  ),
  LOG_LEVEL: withDefault(
    z
      .string()
      .transform((v) => v.toUpperCase())
      .pipe(
        z.enum(LOG_LEVELS as [LogLevel, ...LogLevel[]], {
          error: `must be one of ${LOG_LEVELS.join(', ')}`,
        }),
      ),
    'INFO',
  ),
  DATA_DIR: withDefault(z.string(), '.data'),
});

/** A duration such as `30s`, `5m`, `2h` or `7d`, in milliseconds, from `min` to `max` ms. */
const duration = (min: number, max: number, rule: string) =>
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)$/, { error: `must be a duration such as 30s, 5m, 2h or 7d (${rule})` })
    .transform((raw) => {
      const [, digits = '0', unit = 'ms'] = /^(\d+)(ms|s|m|h|d)$/.exec(raw) ?? [];
      const scale = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit] ?? 1;
      return Number(digits) * scale;
    })
    .pipe(z.number().min(min, { error: rule }).max(max, { error: rule }));

/** A whole number in [min, max]. */
const count = (min: number, max: number, rule: string) =>
  z.coerce
    .number({ error: `must be a whole number ${rule}` })
    .int({ error: `must be a whole number ${rule}` })
    .min(min, { error: rule })
    .max(max, { error: rule });

/** A bearer token: 32-256 URL-safe characters (e.g. `openssl rand -hex 32`); a placeholder cannot pass. */
const TOKEN_RULE = /^[A-Za-z0-9._~+/=-]{32,256}$/;

/** `scope:token` items, comma-separated, e.g. `write:4f1c…,read:9ab2…`. */
const apiTokens = z.string().transform((raw, ctx) => {
  const out: { scope: 'read' | 'write'; token: string }[] = [];
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  parts.forEach((part, index) => {
    const at = part.indexOf(':');
    const scope = part.slice(0, at);
    const token = part.slice(at + 1);
    if (at < 0 || (scope !== 'read' && scope !== 'write') || !TOKEN_RULE.test(token)) {
      // Never the value: it is a secret.
      ctx.addIssue({
        code: 'custom',
        message: `item ${index + 1} must be read:<token> or write:<token>, the token 32-256 letters, digits or . _ ~ + / = -`,
      });
      return;
    }
    out.push({ scope, token });
  });
  return out;
});

/** How long a long-running process drains in-flight work after SIGINT/SIGTERM. */
const shutdownEnv = z.object({
  SHUTDOWN_GRACE_MS: withDefault(
    z.coerce
      .number({ error: 'must be milliseconds' })
      .int({ error: 'must be whole milliseconds' })
      .min(0, {
        error: 'must be >= 0',
      })
      .max(600_000, { error: 'must be <= 600000 (10 minutes)' }),
    '10000',
  ),
});

/** The gateway's own variables: where it listens and the provider callback keys. */
export const gatewayEnv = shutdownEnv.extend({
  GATEWAY_HOST: withDefault(
    z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'must be an IP address' }),
    '127.0.0.1',
  ),
  GATEWAY_PORT: withDefault(port(), '8080'),
  /**
   * The provider callbacks as a second surface on their own port (the one the providers must
   * reach); unset: served beside the API on GATEWAY_PORT.
   */
  GATEWAY_CALLBACK_PORT: optional(port()),
  GATEWAY_CALLBACK_HOST: optional(
    z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'must be an IP address' }),
  ),
  /** `scope:token` pairs, comma-separated; scope `read` or `write` (write may read). */
  GATEWAY_TOKENS: optional(apiTokens),
  /** Deadline of each call the gateway makes to Temporal. */
  GATEWAY_TEMPORAL_TIMEOUT: withDefault(duration(200, 60_000, 'from 200ms to 60s'), '5s'),
  TRTC_CALLBACK_KEY: optional(text(/^[A-Za-z0-9]{1,32}$/, 'must be 1-32 letters or digits (TRTC console rule)')),
  TIW_CALLBACK_KEY: optional(text(/^\S{1,64}$/, 'must be 1-64 characters without spaces (TIW rule)')),
  CSS_CALLBACK_KEY: optional(text(/^[A-Za-z0-9]{1,32}$/, 'must be 1-32 letters or digits (CSS template rule)')),
  TRRO_CALLBACK_KEY: optional(text(/^\S{1,64}$/, 'must be 1-64 characters without spaces')),
});

/** `SdkAppId[@region]` items, comma-separated, e.g. `1400000001@ap-singapore,1400000002`. */
const sweptApps = z.string().transform((raw, ctx) => {
  const out: { sdkAppId: number; region?: string }[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^(\d{1,12})(?:@([a-z]+(?:-[a-z]+)+))?$/.exec(part);
    if (match?.[1] === undefined || Number(match[1]) <= 0) {
      ctx.addIssue({
        code: 'custom',
        message: `"${part}" must look like SdkAppId or SdkAppId@region, e.g. 1400000001@ap-singapore`,
      });
      continue;
    }
    out.push({ sdkAppId: Number(match[1]), ...(match[2] === undefined ? {} : { region: match[2] }) });
  }
  return out;
});

/**
 * Concurrency limits for admission control (domain/admission.ts): `off`, `documented` (the
 * documented TRTC and CSS limits), or `<family>[:<account>]=<n>` pairs, e.g.
 * `trtc=100,trtc:1400000001=20,tiw:1400000002=50,css=400`; `documented,...` adds pairs on top.
 */
const admissionLimits = z.string().transform((raw, ctx): AdmissionLimits => {
  const families: Partial<Record<QuotaFamily, number>> = {};
  const keys: Record<string, number> = {};
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 1 && parts[0] === 'off') return { families, keys };
  for (const part of parts) {
    if (part === 'documented') {
      Object.assign(families, DOCUMENTED_CONCURRENCY);
      continue;
    }
    const match = /^([a-z]+)(?::([A-Za-z0-9_-]{1,64}))?=(\d{1,6})$/.exec(part);
    const family = match?.[1] as QuotaFamily | undefined;
    const limit = Number(match?.[3]);
    if (family === undefined || !QUOTA_FAMILIES.includes(family) || !(limit >= 1)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${part}" must be off, documented, or family[:account]=limit (family ${QUOTA_FAMILIES.join('|')}, limit >= 1), e.g. trtc:1400000001=20`,
      });
      continue;
    }
    if (match?.[2] === undefined) families[family] = limit;
    else keys[`${family}:${match[2]}`] = limit;
  }
  return { families, keys };
});

/**
 * The worker's own variables: rate limits, the prebuilt bundle, its health port, the orphan sweep.
 * TENCENTCLOUD_* are validated by cloud/config.ts (one schema for them, see config.ts).
 */
export const workerEnv = shutdownEnv.extend({
  RATE_LIMIT_SCALE: withDefault(
    z.coerce.number({ error: 'must be a number' }).gt(0, { error: 'must be > 0' }).max(1, {
      error: 'must be <= 1 (the documented limits are the ceiling; use RATE_LIMITS for a raised quota)',
    }),
    '1',
  ),
  // The server may dispatch about twice the configured rate in one second (domain/catalog.ts).
  RATE_LIMIT_HEADROOM: withDefault(
    z.coerce
      .number({ error: 'must be a number' })
      .min(0, { error: 'must be >= 0' })
      .lt(1, { error: 'must be < 1 (1 would leave no rate at all)' }),
    String(DEFAULT_RATE_LIMIT_HEADROOM),
  ),
  RATE_LIMITS: optional(rateOverrides),
  WORKFLOW_BUNDLE_PATH: optional(z.string()),
  WORKER_HEALTH_PORT: optional(port()),
  TEMPORAL_METRICS_ADDRESS: withDefault(
    z.union([z.literal('off'), text(/^[A-Za-z0-9.:[\]-]+:\d{1,5}$/, 'must be host:port or "off"')], {
      error: 'must be host:port (e.g. 127.0.0.1:9464) or "off"',
    }),
    '127.0.0.1:9464',
  ),
  /** The workflow worker's tuning (worker/workers.ts workflowTuningOptions); unset = the defaults there. */
  WORKFLOW_CACHE_SIZE: optional(count(0, 1_000_000, 'from 0 (no cache) to 1000000')),
  WORKFLOW_STICKY_TIMEOUT: optional(duration(1_000, 600_000, 'from 1s to 10m')),
  WORKFLOW_THREADS: optional(count(1, 64, 'from 1 to 64')),
  WORKFLOW_TASK_SLOTS: optional(count(2, 10_000, 'from 2 to 10000')),
  WORKFLOW_REUSE_V8_CONTEXT: optional(z.enum(['on', 'off'], { error: 'must be "on" or "off"' })),
  ORPHAN_SWEEP_INTERVAL: withDefault(
    z.union([z.literal('off'), duration(1_000, 86_400_000, 'from 1s to 1d')], {
      error: 'must be "off" or a duration such as 30s, 5m, 2h (from 1s to 1d)',
    }),
    '5m',
  ),
  ORPHAN_SWEEP_LOOKBACK: withDefault(duration(60_000, 90 * 86_400_000, 'from 1m to 90d'), '7d'),
  ORPHAN_SWEEP_TIW_APPS: optional(sweptApps),
  ORPHAN_SWEEP_UNOWNED: withDefault(z.enum(['stop', 'report'], { error: 'must be "stop" or "report"' }), 'stop'),
  ORPHAN_SWEEP_GRACE: withDefault(duration(0, 86_400_000, 'from 0s to 1d'), '10m'),
  // Off by default: a quota belongs to the whole account (other clients share it, raises are per account).
  ADMISSION_LIMITS: withDefault(admissionLimits, 'off'),
  ADMISSION_CHECK_INTERVAL: withDefault(duration(1_000, 3_600_000, 'from 1s to 1h'), '1m'),
});

/** An origin such as `http://localhost:8233` (scheme, host, optional port; no path). */
const origins = z.string().transform((raw, ctx) => {
  const out: string[] = [];
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    if (!/^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(part)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${part}" must be an origin such as https://temporal-ui.example.com:8080`,
      });
      continue;
    }
    out.push(part);
  }
  return out;
});

/**
 * The remote codec endpoint (client/gateway/codec-server.ts) the Temporal UI calls to decode
 * payloads for an operator: its bearer token and the UI origins allowed by CORS. The token is
 * optional for the gateway (no token: no codec routes) and required by the standalone server.
 */
export const codecEnv = z.object({
  CODEC_AUTH_TOKEN: optional(
    text(/^[A-Za-z0-9._~+/=-]{32,512}$/, 'must be 32-512 token characters (e.g. `openssl rand -hex 32`)'),
  ),
  CODEC_CORS_ORIGINS: withDefault(origins, 'http://localhost:8233,http://127.0.0.1:8233'),
  CODEC_HOST: withDefault(
    z.union([z.ipv4(), z.ipv6(), z.literal('localhost')], { error: 'must be an IP address' }),
    '127.0.0.1',
  ),
  CODEC_PORT: withDefault(port(), '8888'),
});
