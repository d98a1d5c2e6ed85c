/** Cloud configuration from the environment: one zod schema, every problem reported together. */
import { z } from 'zod';
import { CloudConfigError } from './config-error';
import { CloudCredentials } from './credentials';
import type { CloudEndpoint, CloudTimeouts } from './types';

/** The validated configuration; `new TencentCloudClient(config)` accepts it as it is. */
export interface CloudConfig {
  readonly credentials: CloudCredentials;
  readonly region?: string;
  readonly endpoint: CloudEndpoint;
  readonly timeouts: CloudTimeouts;
  readonly language?: 'zh-CN' | 'en-US';
}

/** Env files often carry `VAR=`; an empty value means "not set". */
const unsetIfBlank = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
/** Example files ship `replace-me` placeholders; one left unedited must fail here, not at the provider. */
const notPlaceholder = (schema: z.ZodString) =>
  schema.refine((v) => !/^(replace|change)[-_]?me|^replace-with|^<.*>$/i.test(v), {
    error: 'is still the example placeholder: set the real value',
  });
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfBlank, schema.optional());
const milliseconds = optional(
  z
    .string()
    .regex(/^\d{1,6}$/, 'must be a whole number of milliseconds from 1 to 600000')
    .transform(Number)
    .refine((ms) => ms >= 1 && ms <= 600_000, 'must be a whole number of milliseconds from 1 to 600000'),
).default(6_000);

const baseUrl = z.string().refine((text) => {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  const bare = url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  return (url.protocol === 'http:' || url.protocol === 'https:') && bare && url.pathname === '/';
}, 'must be an http(s) origin such as http://127.0.0.1:9000 (no path, query or credentials)');

const envSchema = z.object({
  TENCENTCLOUD_SECRET_ID: z.preprocess(
    unsetIfBlank,
    notPlaceholder(
      z
        .string({ error: 'is required' })
        .regex(/^AKID[A-Za-z0-9]*$/, 'must be a SecretId: "AKID" followed by letters and digits'),
    ),
  ),
  TENCENTCLOUD_SECRET_KEY: z.preprocess(
    unsetIfBlank,
    notPlaceholder(z.string({ error: 'is required' }).regex(/^\S+$/, 'must be a SecretKey without whitespace')),
  ),
  TENCENTCLOUD_SESSION_TOKEN: optional(z.string().regex(/^\S+$/, 'must be a token without whitespace')),
  TENCENTCLOUD_REGION: optional(
    z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, 'must be a region id such as ap-guangzhou'),
  ),
  TENCENTCLOUD_ENDPOINT: optional(baseUrl),
  TENCENTCLOUD_DOMAIN: optional(z.enum(['mainland', 'intl'], 'must be "mainland" or "intl"')),
  TENCENTCLOUD_LANGUAGE: optional(z.enum(['zh-CN', 'en-US'], 'must be "zh-CN" or "en-US"')),
  TENCENTCLOUD_CONNECT_TIMEOUT_MS: milliseconds,
  TENCENTCLOUD_HEADERS_TIMEOUT_MS: milliseconds,
  TENCENTCLOUD_BODY_TIMEOUT_MS: milliseconds,
});

/** Checked on the raw values so it is reported even when either value is also malformed. */
function conflicts(env: Readonly<Record<string, string | undefined>>): string[] {
  const both =
    unsetIfBlank(env.TENCENTCLOUD_ENDPOINT) !== undefined && unsetIfBlank(env.TENCENTCLOUD_DOMAIN) !== undefined;
  return both
    ? [
        'TENCENTCLOUD_DOMAIN: must not be set together with TENCENTCLOUD_ENDPOINT (a custom endpoint serves every service)',
      ]
    : [];
}

/** Parses `env` with `schema`; every issue and conflict together in one {@link CloudConfigError}. */
function parseOrThrow<S extends z.ZodType>(schema: S, env: Readonly<Record<string, string | undefined>>): z.output<S> {
  const parsed = schema.safeParse(env);
  const problems = [
    ...(parsed.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? []),
    ...conflicts(env),
  ];
  if (!parsed.success || problems.length > 0) throw new CloudConfigError(problems);
  return parsed.data;
}

const placementSchema = envSchema.pick({
  TENCENTCLOUD_REGION: true,
  TENCENTCLOUD_ENDPOINT: true,
  TENCENTCLOUD_DOMAIN: true,
});

/** Where calls go, without credentials: what a local emulator target needs. */
export interface CloudPlacement {
  readonly region?: string;
  /** A custom base URL (TENCENTCLOUD_ENDPOINT), when set. */
  readonly baseUrl?: string;
}

/** Validates only region and endpoint with the same rules; throws {@link CloudConfigError}. */
export function loadCloudPlacement(env: Readonly<Record<string, string | undefined>>): CloudPlacement {
  const place = parseOrThrow(placementSchema, env);
  return Object.freeze({ region: place.TENCENTCLOUD_REGION, baseUrl: place.TENCENTCLOUD_ENDPOINT });
}

/**
 * Reads and validates the cloud settings (pass `process.env` at start-up; nothing else reads it).
 * Throws {@link CloudConfigError} listing every problem; messages never contain values.
 */
export function loadCloudConfig(env: Readonly<Record<string, string | undefined>>): CloudConfig {
  const e = parseOrThrow(envSchema, env);
  const config: CloudConfig = {
    credentials: new CloudCredentials({
      secretId: e.TENCENTCLOUD_SECRET_ID,
      secretKey: e.TENCENTCLOUD_SECRET_KEY,
      token: e.TENCENTCLOUD_SESSION_TOKEN,
    }),
    region: e.TENCENTCLOUD_REGION,
    endpoint:
      e.TENCENTCLOUD_ENDPOINT === undefined
        ? { kind: 'domain', domain: e.TENCENTCLOUD_DOMAIN ?? 'mainland' }
        : { kind: 'custom', baseUrl: e.TENCENTCLOUD_ENDPOINT },
    timeouts: {
      connectMs: e.TENCENTCLOUD_CONNECT_TIMEOUT_MS,
      headersMs: e.TENCENTCLOUD_HEADERS_TIMEOUT_MS,
      bodyMs: e.TENCENTCLOUD_BODY_TIMEOUT_MS,
    },
    language: e.TENCENTCLOUD_LANGUAGE,
  };
  return Object.freeze({
    ...config,
    endpoint: Object.freeze(config.endpoint),
    timeouts: Object.freeze(config.timeouts),
  });
}
