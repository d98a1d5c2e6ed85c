/**
 * Connects a recordings client: a Temporal address, namespace, TLS and the payload key are all
 * it needs (no worker config). The data converter is the worker's (invariant 5), so secrets in
 * the start input stay encrypted in history.
 */
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { z } from 'zod';
import { DEFAULT_ACTIVITY_QUEUE_PREFIX } from '../../domain/catalog';
import { dataConverter, encryptionKey, type EncryptionKeyring } from '../../runtime/codec';
import { type ClientConfig } from '../../runtime/config';
import { temporalConnectionOptions } from '../../runtime/temporal-connection';
import { createRecordingsClient, type RecordingsClient } from './client';
import { parseFields, TemporalUnreachableError } from './errors';

export interface ConnectedRecordings {
  readonly recordings: RecordingsClient;
  /** The underlying Temporal client (the gateway's callback router uses it too). */
  readonly temporal: Client;
  readonly address: string;
  close(): Promise<void>;
}

/** The task queue the worker polls unless TASK_QUEUE says otherwise. */
export const DEFAULT_TASK_QUEUE = 'recordings';
/** How long the first connection may take before the address is reported unreachable. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** A 32-byte AES key: raw bytes, or their base64 (PAYLOAD_ENCRYPTION_KEY's form). */
export type PayloadKeyInput = Uint8Array | string;

/** What {@link connect} needs; everything but `address` and `payloadKey` has a default. */
export interface ConnectOptions {
  /** Temporal frontend, `host:port`. */
  readonly address: string;
  /** Default `default`. */
  readonly namespace?: string;
  /** `true` for TLS with the system roots, or client certificates / server name (Temporal's TLSConfig). */
  readonly tls?: boolean | TLSConfig;
  /** A Temporal Cloud API key (implies TLS). */
  readonly apiKey?: string;
  /** The key the worker encrypts payloads with (same bytes as its PAYLOAD_ENCRYPTION_KEY). */
  readonly payloadKey: PayloadKeyInput;
  /** The worker's PAYLOAD_ENCRYPTION_KEY_ID, when it sets one. */
  readonly payloadKeyId?: string;
  /** Older keys that may still open history (PAYLOAD_ENCRYPTION_PREVIOUS_KEYS). */
  readonly previousPayloadKeys?: readonly PayloadKeyInput[];
  /** The recording workflows' task queue; default `recordings`. */
  readonly taskQueue?: string;
  readonly activityQueuePrefix?: string;
  /** Deadline of the first connection; default 5000 ms. */
  readonly connectTimeoutMs?: number;
}

const keyBytes = z.union([
  z.instanceof(Uint8Array).refine((bytes) => bytes.byteLength === 32, { error: 'must be 32 bytes' }),
  z
    .string({ error: 'must be 32 bytes or their base64' })
    .refine((text) => /^[A-Za-z0-9+/]+={0,2}$/.test(text) && Buffer.from(text, 'base64').byteLength === 32, {
      error: 'must be the base64 of 32 bytes',
    })
    .transform((text) => Buffer.from(text, 'base64')),
]);

const connectSchema = z.strictObject({
  address: z.string({ error: 'must be a string' }).regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, {
    error: 'must be host:port, e.g. temporal.example.com:7233',
  }),
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,255}$/, { error: 'must be a namespace name' })
    .default('default'),
  tls: z.union([z.boolean(), z.looseObject({})], { error: 'must be true, false or a TLS config object' }).optional(),
  apiKey: z.string().min(1, { error: 'must not be empty' }).optional(),
  payloadKey: keyBytes,
  payloadKeyId: z.string().min(1).max(200).optional(),
  previousPayloadKeys: z.array(keyBytes).max(20).optional(),
  taskQueue: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, { error: 'must be letters, digits, ".", "_" or "-"' })
    .default(DEFAULT_TASK_QUEUE),
  activityQueuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, { error: 'must be letters, digits, ".", "_" or "-"' })
    .default(DEFAULT_ACTIVITY_QUEUE_PREFIX),
  connectTimeoutMs: z
    .number()
    .int()
    .min(100, { error: 'must be an integer in [100, 600000]' })
    .max(600_000, { error: 'must be an integer in [100, 600000]' })
    .default(DEFAULT_CONNECT_TIMEOUT_MS),
});

/**
 * Connects to Temporal and returns the recordings library; call `close()` when done.
 * Bad options are a RecordingInputError naming the option; no answer within `connectTimeoutMs`
 * is a TemporalUnreachableError naming the address.
 *
 *   const { recordings, close } = await connect({ address: 'temporal:7233', payloadKey: process.env.KEY! });
 */
export async function connect(options: ConnectOptions): Promise<ConnectedRecordings> {
  const o = parseFields(connectSchema, options);
  const [current, ...previous] = [o.payloadKey, ...(o.previousPayloadKeys ?? [])].map((bytes, i) =>
    encryptionKey(bytes, i === 0 ? o.payloadKeyId : undefined),
  );
  return open({
    address: o.address,
    namespace: o.namespace,
    ...(o.tls === undefined ? {} : { tls: o.tls }),
    ...(o.apiKey === undefined ? {} : { apiKey: o.apiKey }),
    keyring: { current: current as NonNullable<typeof current>, previous },
    taskQueue: o.taskQueue,
    activityQueuePrefix: o.activityQueuePrefix,
    connectTimeoutMs: o.connectTimeoutMs,
  });
}

/**
 * Temporal's address: TEMPORAL_ADDRESS, else the local dev server the worker / `npm start`
 * runs on TEMPORAL_DEV_PORT. Clients never start a dev server themselves.
 */
export function temporalAddress(config: ClientConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
}

/**
 * Connects from the project config (the gateway, the CLI, the local stack).
 * `lazy`: connect on the first call instead.
 */
export async function connectRecordings(
  config: ClientConfig,
  options: { readonly lazy?: boolean; readonly connectTimeoutMs?: number } = {},
): Promise<ConnectedRecordings> {
  const address = temporalAddress(config);
  const { tls, apiKey } = temporalConnectionOptions(config, address);
  return open({
    address,
    ...(tls === undefined ? {} : { tls }),
    ...(apiKey === undefined ? {} : { apiKey }),
    namespace: config.temporal.namespace,
    keyring: config.payloadKeys,
    taskQueue: config.temporal.taskQueue,
    activityQueuePrefix: config.temporal.activityQueuePrefix,
    // The SDK's own default: a server process on a loaded machine may answer slowly.
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    lazy: options.lazy ?? false,
  });
}

interface OpenOptions {
  readonly address: string;
  readonly namespace: string;
  readonly tls?: boolean | TLSConfig;
  readonly apiKey?: string;
  readonly keyring: EncryptionKeyring;
  readonly taskQueue: string;
  readonly activityQueuePrefix: string;
  readonly connectTimeoutMs: number;
  readonly lazy?: boolean;
}

async function open(o: OpenOptions): Promise<ConnectedRecordings> {
  const connectionOptions = {
    address: o.address,
    connectTimeout: o.connectTimeoutMs,
    ...(o.tls === undefined ? {} : { tls: o.tls }),
    ...(o.apiKey === undefined ? {} : { apiKey: o.apiKey }),
  };
  let connection: Connection;
  if (o.lazy === true) connection = Connection.lazy(connectionOptions);
  else {
    connection = Connection.lazy(connectionOptions);
    try {
      // One deadline for channel and first call: a closed port fails here, not after the SDK's retries.
      await connection.ensureConnected();
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw new TemporalUnreachableError(o.address, o.connectTimeoutMs, error);
    }
  }
  const temporal = new Client({ connection, namespace: o.namespace, dataConverter: dataConverter(o.keyring) });
  const recordings = createRecordingsClient({
    client: temporal,
    taskQueue: o.taskQueue,
    activityQueuePrefix: o.activityQueuePrefix,
  });
  return { recordings, temporal, address: o.address, close: () => connection.close() };
}
