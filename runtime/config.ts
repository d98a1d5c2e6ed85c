/**
 * Validates the environment once at start-up into a readonly typed config: the only place
 * that reads environment variables. Every problem is reported together, naming the variable
 * and its rule; secrets are held so that printing the config never shows them.
 */
import { resolve } from 'node:path';
import { type z } from 'zod';
import { CloudConfigError } from '../cloud/config-error';
import { loadCloudConfig, loadCloudPlacement, type CloudConfig } from '../cloud/config';
import { encryptionKey, type EncryptionKeyring } from './codec';
import { clientEnv, codecEnv, gatewayEnv, temporalTlsEnv, workerEnv } from './config-schema';
import { readOrCreateDevKey } from './dev-key';
import { type LogLevel } from './logger';
import { Secret } from './redact';
import { type AdmissionLimits } from '../domain/admission';

export type ProviderConfig =
  /** Credentials set: Tencent Cloud, with every TENCENTCLOUD_* setting cloud/config.ts knows. */
  | { readonly kind: 'tencent'; readonly cloud: CloudConfig }
  /** No credentials: the local emulator is the provider; `endpoint` is where it listens, if fixed. */
  | { readonly kind: 'emulator'; readonly region?: string; readonly endpoint?: string };

/** What every process that talks to Temporal needs: the CLI's slice, and the base of the others. */
export interface ClientConfig {
  readonly temporal: {
    /** Absent: a local dev server (the worker or `npm start` runs it on `devServer.port`). */
    readonly address?: string;
    readonly namespace: string;
    /** Task queue of the recording workflows. */
    readonly taskQueue: string;
    /** Prefix of the per-action activity task queues (domain/catalog.ts activityTaskQueue). */
    readonly activityQueuePrefix: string;
    readonly devServer: { readonly cliPath?: string; readonly port: number; readonly uiPort?: number };
    /** TLS to Temporal (absent: plain TCP); files were read and checked at start-up. */
    readonly tls?: TemporalTls;
    /** Temporal Cloud API key, sent as `Authorization: Bearer` (TLS is on with it). */
    readonly apiKey?: Secret;
  };
  readonly payloadKeys: EncryptionKeyring;
  /** Where the payload key came from: the environment, or the local dev key file. */
  readonly payloadKeySource: 'env' | 'dev-file';
  readonly logLevel: LogLevel;
  /** Absolute path of the git-ignored data folder (dev SQLite file, dev key). */
  readonly dataDir: string;
}

/** TLS settings for the Temporal connection (runtime/temporal-connection.ts turns them into SDK options). */
export interface TemporalTls {
  /** Expected server name (SNI and certificate check) instead of the address's host. */
  readonly serverName?: string;
  /** PEM of the CA that signed the server certificate; absent: the system's roots. */
  readonly ca?: Uint8Array;
  /** mTLS client certificate and key (PEM). */
  readonly clientCert?: { readonly crt: Uint8Array; readonly key: Secret<Uint8Array> };
}

/** The remote codec endpoint's settings (client/gateway/codec-server.ts). */
export interface CodecConfig {
  /** Bearer token the Temporal UI (or an operator's tool) must send; absent: no codec routes. */
  readonly token?: Secret;
  /** Origins of the Temporal UI allowed by CORS. */
  readonly corsOrigins: readonly string[];
  /** Where the standalone codec server listens. */
  readonly host: string;
  readonly port: number;
}

/** The gateway's slice: where it listens and the provider callback keys. */
export interface GatewayConfig extends ClientConfig {
  readonly codec: CodecConfig;
  readonly gateway: {
    readonly host: string;
    readonly port: number;
    /** The callbacks' own listener; absent: served with the API on `host:port`. */
    readonly callbacks?: { readonly host: string; readonly port: number };
    /** Bearer tokens of the API (GATEWAY_TOKENS); none: every protected route answers 401. */
    readonly tokens: readonly { readonly scope: 'read' | 'write'; readonly token: Secret }[];
    /** Deadline of each call to Temporal (GATEWAY_TEMPORAL_TIMEOUT). */
    readonly temporalTimeoutMs: number;
  };
  readonly callbackKeys: {
    readonly trtc?: Secret;
    readonly tiw?: Secret;
    readonly css?: Secret;
    readonly trro?: Secret;
  };
  readonly shutdownGraceMs: number;
}

/** The worker's slice: the provider, rate limits, the workflow bundle, the health port. */
export interface WorkerConfig extends ClientConfig {
  readonly rateLimits: {
    /** Fraction (0, 1] of each documented limit to configure. */
    readonly scale: number;
    /** Fraction [0, 1) of the scaled limit left unused (dispatch = limit × scale × (1 − headroom)). */
    readonly headroom: number;
    /** `service.Action` → requests per second, replacing the documented limit (raised quotas). */
    readonly overrides: Readonly<Record<string, number>>;
  };
  readonly provider: ProviderConfig;
  readonly shutdownGraceMs: number;
  /** A workflow bundle built ahead of time (production); absent → bundle at start. */
  readonly workflowBundlePath?: string;
  readonly healthPort?: number;
  /** Where the Temporal SDK serves its own Prometheus metrics (Core); absent = off. Proxied on the health port's /metrics. */
  readonly sdkMetricsAddress?: string;
  /** The workflow worker's tuning; an absent field takes the default of worker/workers.ts. */
  readonly workflowTuning: WorkflowTuning;
  /** Admission control to the provider's concurrency quotas (domain/admission.ts). */
  readonly admission: {
    /** ADMISSION_LIMITS; empty = off. */
    readonly limits: AdmissionLimits;
    /** ADMISSION_CHECK_INTERVAL: how often a full semaphore with waiters checks for closed holders. */
    readonly checkIntervalMs: number;
  };
  /** The orphan sweep's Schedule (workflows/reaper.ts); absent = ORPHAN_SWEEP_INTERVAL=off. */
  readonly orphanSweep?: {
    readonly intervalMs: number;
    /** Closed workflows this recent are swept; keep it within the namespace's retention. */
    readonly lookbackMs: number;
    /** TIW apps whose running tasks are matched against the running recordings (ORPHAN_SWEEP_TIW_APPS). */
    readonly tiwApps: readonly { readonly sdkAppId: number; readonly region?: string }[];
    /** What to do about a listed task no running recording owns. */
    readonly unownedPolicy: 'stop' | 'report';
    /** Listed tasks younger than this are left alone (their recording may not have published the TaskId yet). */
    readonly graceMs: number;
  };
}

/** WORKFLOW_* knobs of the workflow worker (see worker/README.md "Workflow worker tuning"). */
export interface WorkflowTuning {
  /** maxCachedWorkflows: recordings kept in memory between workflow tasks (0 = none). */
  readonly cacheSize?: number;
  /** stickyQueueScheduleToStartTimeout: how long a task waits for the worker that cached it. */
  readonly stickyTimeoutMs?: number;
  /** workflowThreadPoolSize: threads running workflow code in parallel. */
  readonly threads?: number;
  /** maxConcurrentWorkflowTaskExecutions. */
  readonly taskSlots?: number;
  readonly reuseV8Context?: boolean;
}

/** Worker and gateway in one process: `npm start`, the demo and the test stack. */
export type StackConfig = WorkerConfig & GatewayConfig;

/** Every configuration problem at once; the message lists them one per line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly string[]) {
    super(`invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
  }
}

export type ConfigResult<C> =
  { readonly ok: true; readonly config: C } | { readonly ok: false; readonly error: ConfigError };

export interface LoadOptions {
  /** Base for a relative DATA_DIR; the process working directory by default. */
  readonly cwd?: string;
  /** Source of the local dev payload key; reads or creates the key file by default. */
  readonly devKey?: (dataDir: string) => Uint8Array;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The CLI's slice of `env` (pass `process.env` from the entrypoint), frozen. */
export function loadClientConfig(env: Env, options: LoadOptions = {}): ConfigResult<ClientConfig> {
  return load(env, options, { gateway: false, worker: false, codec: false });
}

/** The gateway's slice of `env`, frozen. */
export function loadGatewayConfig(env: Env, options: LoadOptions = {}): ConfigResult<GatewayConfig> {
  return load(env, options, { gateway: true, worker: false, codec: true });
}

/** The standalone codec server's slice (the client slice and the codec variables, token required), frozen. */
export function loadCodecConfig(
  env: Env,
  options: LoadOptions = {},
): ConfigResult<ClientConfig & { codec: CodecConfig }> {
  const result = load<ClientConfig & { codec: CodecConfig }>(env, options, {
    gateway: false,
    worker: false,
    codec: true,
  });
  if (result.ok && result.config.codec.token === undefined)
    return { ok: false, error: new ConfigError(['CODEC_AUTH_TOKEN: required to run the codec server']) };
  return result;
}

/** The worker's slice of `env`, frozen. */
export function loadWorkerConfig(env: Env, options: LoadOptions = {}): ConfigResult<WorkerConfig> {
  return load(env, options, { gateway: false, worker: true, codec: false });
}

/** Worker and gateway together (`npm start`, the demo, the test stack), frozen. */
export function loadStackConfig(env: Env, options: LoadOptions = {}): ConfigResult<StackConfig> {
  return load(env, options, { gateway: true, worker: true, codec: true });
}

function load<C extends ClientConfig>(
  env: Env,
  options: LoadOptions,
  slices: { readonly gateway: boolean; readonly worker: boolean; readonly codec: boolean },
): ConfigResult<C> {
  const schema = clientEnv.extend({
    ...temporalTlsEnv.shape,
    ...(slices.codec ? codecEnv.shape : {}),
    ...(slices.gateway ? gatewayEnv.shape : {}),
    ...(slices.worker ? workerEnv.shape : {}),
  });
  const parsed = schema.safeParse(env);
  const provider = slices.worker ? providerConfig(env) : undefined;
  const issues = [
    ...(parsed.success ? [] : parsed.error.issues.map(describeIssue)),
    ...(provider instanceof CloudConfigError ? provider.problems : []),
    ...(slices.worker ? providerIssues(env) : []),
    ...clientIssues(env),
    ...temporalTlsIssues(env),
  ];
  if (!parsed.success || provider instanceof CloudConfigError || issues.length > 0)
    return { ok: false, error: new ConfigError(issues) };
  // The slices' fields, read by name: the schema above was built from exactly these slices.
  const e = parsed.data as z.infer<typeof clientEnv> &
    z.infer<typeof temporalTlsEnv> &
    Partial<z.infer<typeof gatewayEnv> & z.infer<typeof workerEnv> & z.infer<typeof codecEnv>>;
  const dataDir = resolve(options.cwd ?? process.cwd(), e.DATA_DIR);
  let keyBytes: Uint8Array;
  try {
    keyBytes =
      e.PAYLOAD_ENCRYPTION_KEY !== undefined
        ? Buffer.from(e.PAYLOAD_ENCRYPTION_KEY, 'base64')
        : (options.devKey ?? readOrCreateDevKey)(dataDir);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: new ConfigError([`PAYLOAD_ENCRYPTION_KEY: unset and the dev key could not be read: ${reason}`]),
    };
  }
  const previous = (e.PAYLOAD_ENCRYPTION_PREVIOUS_KEYS?.split(',') ?? []).map((k) =>
    encryptionKey(Buffer.from(k, 'base64')),
  );
  const client: ClientConfig = {
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TASK_QUEUE,
      activityQueuePrefix: e.ACTIVITY_QUEUE_PREFIX,
      devServer: {
        cliPath: e.TEMPORAL_CLI_PATH,
        port: e.TEMPORAL_DEV_PORT,
        uiPort: e.TEMPORAL_DEV_UI_PORT === 'off' ? undefined : e.TEMPORAL_DEV_UI_PORT,
      },
      tls: temporalTls(e),
      apiKey: secretOrUndefined(e.TEMPORAL_API_KEY),
    },
    payloadKeys: { current: encryptionKey(keyBytes, e.PAYLOAD_ENCRYPTION_KEY_ID), previous },
    payloadKeySource: e.PAYLOAD_ENCRYPTION_KEY !== undefined ? 'env' : 'dev-file',
    logLevel: e.LOG_LEVEL,
    dataDir,
  };
  const gateway = slices.gateway
    ? {
        gateway: {
          host: e.GATEWAY_HOST,
          port: e.GATEWAY_PORT,
          ...(e.GATEWAY_CALLBACK_PORT === undefined
            ? {}
            : { callbacks: { host: e.GATEWAY_CALLBACK_HOST ?? e.GATEWAY_HOST, port: e.GATEWAY_CALLBACK_PORT } }),
          tokens: (e.GATEWAY_TOKENS ?? []).map(({ scope, token }) => ({ scope, token: new Secret(token) })),
          temporalTimeoutMs: e.GATEWAY_TEMPORAL_TIMEOUT,
        },
        callbackKeys: {
          trtc: secretOrUndefined(e.TRTC_CALLBACK_KEY),
          tiw: secretOrUndefined(e.TIW_CALLBACK_KEY),
          css: secretOrUndefined(e.CSS_CALLBACK_KEY),
          trro: secretOrUndefined(e.TRRO_CALLBACK_KEY),
        },
      }
    : {};
  const worker = slices.worker
    ? {
        rateLimits: {
          scale: e.RATE_LIMIT_SCALE,
          headroom: e.RATE_LIMIT_HEADROOM,
          overrides: e.RATE_LIMITS ?? {},
        },
        provider,
        workflowBundlePath:
          e.WORKFLOW_BUNDLE_PATH === undefined
            ? undefined
            : resolve(options.cwd ?? process.cwd(), e.WORKFLOW_BUNDLE_PATH),
        healthPort: e.WORKER_HEALTH_PORT,
        sdkMetricsAddress: e.TEMPORAL_METRICS_ADDRESS === 'off' ? undefined : e.TEMPORAL_METRICS_ADDRESS,
        workflowTuning: dropUndefined({
          cacheSize: e.WORKFLOW_CACHE_SIZE,
          stickyTimeoutMs: e.WORKFLOW_STICKY_TIMEOUT,
          threads: e.WORKFLOW_THREADS,
          taskSlots: e.WORKFLOW_TASK_SLOTS,
          reuseV8Context: e.WORKFLOW_REUSE_V8_CONTEXT === undefined ? undefined : e.WORKFLOW_REUSE_V8_CONTEXT === 'on',
        }),
        admission: { limits: e.ADMISSION_LIMITS, checkIntervalMs: e.ADMISSION_CHECK_INTERVAL },
        orphanSweep:
          e.ORPHAN_SWEEP_INTERVAL === 'off'
            ? undefined
            : {
                intervalMs: e.ORPHAN_SWEEP_INTERVAL,
                lookbackMs: e.ORPHAN_SWEEP_LOOKBACK,
                tiwApps: e.ORPHAN_SWEEP_TIW_APPS ?? [],
                unownedPolicy: e.ORPHAN_SWEEP_UNOWNED,
                graceMs: e.ORPHAN_SWEEP_GRACE,
              },
      }
    : {};
  const codec = slices.codec
    ? {
        codec: {
          token: secretOrUndefined(e.CODEC_AUTH_TOKEN),
          corsOrigins: e.CODEC_CORS_ORIGINS ?? [],
          host: e.CODEC_HOST,
          port: e.CODEC_PORT,
        },
      }
    : {};
  const shutdown = slices.gateway || slices.worker ? { shutdownGraceMs: e.SHUTDOWN_GRACE_MS } : {};
  return { ok: true, config: deepFreeze({ ...client, ...gateway, ...worker, ...codec, ...shutdown } as unknown as C) };
}

const isSet = (env: Env, name: string): boolean => (env[name] ?? '').trim() !== '';

/** Rules between the provider variables; presence only, so they run even when values are bad. */
function providerIssues(env: Env): string[] {
  const set = (name: string): boolean => isSet(env, name);
  const issues: string[] = [];
  const hasId = set('TENCENTCLOUD_SECRET_ID');
  const hasKey = set('TENCENTCLOUD_SECRET_KEY');
  if (hasId !== hasKey) {
    issues.push(
      `${hasId ? 'TENCENTCLOUD_SECRET_KEY' : 'TENCENTCLOUD_SECRET_ID'}: must be set together with ${hasId ? 'TENCENTCLOUD_SECRET_ID' : 'TENCENTCLOUD_SECRET_KEY'} (or leave both unset to use the emulator)`,
    );
  }
  if (set('TENCENTCLOUD_SESSION_TOKEN') && !(hasId && hasKey)) {
    issues.push('TENCENTCLOUD_SESSION_TOKEN: only valid with TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY');
  }
  return issues;
}

/** Rules between the Temporal and payload-key variables, for every process. */
function clientIssues(env: Env): string[] {
  const set = (name: string): boolean => isSet(env, name);
  const issues: string[] = [];
  if (set('TEMPORAL_ADDRESS') && !set('PAYLOAD_ENCRYPTION_KEY')) {
    issues.push(
      'PAYLOAD_ENCRYPTION_KEY: required when TEMPORAL_ADDRESS is set (32 random bytes in base64, e.g. `openssl rand -base64 32`)',
    );
  }
  if (set('PAYLOAD_ENCRYPTION_PREVIOUS_KEYS') && !set('PAYLOAD_ENCRYPTION_KEY')) {
    issues.push('PAYLOAD_ENCRYPTION_PREVIOUS_KEYS: only valid with PAYLOAD_ENCRYPTION_KEY');
  }
  return issues;
}

/** TLS on when asked, or when any TLS file, server name or API key is set; absent when off. */
function temporalTls(e: z.infer<typeof temporalTlsEnv>): TemporalTls | undefined {
  const implied =
    e.TEMPORAL_TLS_CA_FILE !== undefined ||
    e.TEMPORAL_TLS_CERT_FILE !== undefined ||
    e.TEMPORAL_TLS_SERVER_NAME !== undefined ||
    e.TEMPORAL_API_KEY !== undefined;
  if (e.TEMPORAL_TLS === 'off' || (e.TEMPORAL_TLS === undefined && !implied)) return undefined;
  return {
    ...(e.TEMPORAL_TLS_SERVER_NAME === undefined ? {} : { serverName: e.TEMPORAL_TLS_SERVER_NAME }),
    ...(e.TEMPORAL_TLS_CA_FILE === undefined ? {} : { ca: e.TEMPORAL_TLS_CA_FILE }),
    ...(e.TEMPORAL_TLS_CERT_FILE === undefined || e.TEMPORAL_TLS_KEY_FILE === undefined
      ? {}
      : { clientCert: { crt: e.TEMPORAL_TLS_CERT_FILE, key: new Secret<Uint8Array>(e.TEMPORAL_TLS_KEY_FILE) } }),
  };
}

/** Rules between the TLS variables (presence only, so they are reported even when a file is bad). */
function temporalTlsIssues(env: Env): string[] {
  const set = (name: string): boolean => isSet(env, name);
  const issues: string[] = [];
  if (set('TEMPORAL_TLS_CERT_FILE') !== set('TEMPORAL_TLS_KEY_FILE')) {
    const [missing, present] = set('TEMPORAL_TLS_CERT_FILE')
      ? ['TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_TLS_CERT_FILE']
      : ['TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE'];
    issues.push(`${missing}: must be set together with ${present} (mTLS needs the certificate and its key)`);
  }
  if ((env['TEMPORAL_TLS'] ?? '').trim() === 'off') {
    for (const name of [
      'TEMPORAL_TLS_CA_FILE',
      'TEMPORAL_TLS_CERT_FILE',
      'TEMPORAL_TLS_KEY_FILE',
      'TEMPORAL_TLS_SERVER_NAME',
      'TEMPORAL_API_KEY',
    ]) {
      if (set(name)) issues.push(`${name}: needs TLS, but TEMPORAL_TLS is "off"`);
    }
  }
  if (!set('TEMPORAL_ADDRESS')) {
    for (const name of ['TEMPORAL_TLS', 'TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_API_KEY']) {
      if (set(name) && env[name]?.trim() !== 'off')
        issues.push(`${name}: only valid with TEMPORAL_ADDRESS (the local dev server is plain TCP)`);
    }
  }
  return issues;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const name = issue.path.map(String).join('.') || '(environment)';
  return `${name}: ${issue.message}`;
}

/**
 * The provider from the TENCENTCLOUD_* variables, validated by cloud/config.ts so the worker
 * honours all of them (domain, language, time-outs); both keys set selects Tencent Cloud.
 */
function providerConfig(env: Env): ProviderConfig | CloudConfigError {
  const set = (name: string): boolean => isSet(env, name);
  try {
    if (set('TENCENTCLOUD_SECRET_ID') && set('TENCENTCLOUD_SECRET_KEY'))
      return { kind: 'tencent', cloud: loadCloudConfig(env) };
    const place = loadCloudPlacement(env);
    return { kind: 'emulator', region: place.region, endpoint: place.baseUrl };
  } catch (error) {
    if (error instanceof CloudConfigError) return error;
    throw error;
  }
}

function secretOrUndefined(value: string | undefined): Secret | undefined {
  return value === undefined ? undefined : new Secret(value);
}

function deepFreeze<T>(value: T): T {
  // Typed arrays (certificate bytes) cannot be frozen; they are copies read at start-up.
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Secret) &&
    !ArrayBuffer.isView(value) &&
    !Object.isFrozen(value)
  ) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}

/** The fields of `record` that are set: an unset knob stays absent, so its default applies downstream. */
function dropUndefined<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
