/**
 * The whole recording stack in one process, for `npm start`, `npm run demo` and the integration
 * tests: Temporal (given, TEMPORAL_ADDRESS, or a dev server), the emulator as the provider
 * unless Tencent credentials are configured, the gateway (recordings API + callback receiver)
 * and the recording workers. Pieces start in dependency order and stop in reverse.
 */
import { randomBytes } from 'node:crypto';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/index';
import { type Product, PRODUCTS } from '../domain/catalog';
import { connectRecordings, type ConnectedRecordings } from '../client/recordings/connect';
import { startGateway, type RunningGateway } from '../client/gateway/run';
import { CALLBACK_KEY_OF } from '../client/gateway/callbacks/verify';
import { type StackConfig } from '../runtime/config';
import { type JsonLogger } from '../runtime/logger';
import { Secret } from '../runtime/redact';
import { openTemporal, type TemporalEndpoint } from '../worker/temporal-endpoint';
import { DEFAULT_EMULATOR_URL } from '../worker/cloud-caller';
import { startInProcessWorker, type InProcessWorker } from './local-worker';

/** The emulator's port when nothing says otherwise: the one the worker's cloud caller targets. */
export const DEFAULT_EMULATOR_PORT = Number(new URL(DEFAULT_EMULATOR_URL).port);

export interface LocalStackOptions {
  /** Validated configuration (loadStackConfig). */
  readonly config: StackConfig;
  readonly logger: JsonLogger;
  /** An endpoint the caller opened and closes (tests); otherwise opened here from the config. */
  readonly temporal?: TemporalEndpoint;
  /** Emulator options over the local defaults (127.0.0.1, real clock, callbacks to the gateway). */
  readonly emulator?: EmulatorOptions;
  /** Gateway port; `config.gateway.port` by default, 0 = any free port. */
  readonly gatewayPort?: number;
  /** Start the recording workers in this process (default true); `startWorker()` starts them later. */
  readonly worker?: boolean;
}

export interface LocalStack {
  /** The configuration in effect: Temporal's address filled in, dev callback keys with the emulator. */
  readonly config: StackConfig;
  readonly temporal: TemporalEndpoint;
  /** Present when the emulator is the provider. */
  readonly emulator?: RunningEmulator;
  readonly gateway: RunningGateway & {
    readonly url: string;
    /** The write token made for this run when GATEWAY_TOKENS sets none (printed by `npm start`). */
    readonly localToken?: string;
  };
  /** A recordings client on the same Temporal (closed by `stop()`). */
  readonly client: ConnectedRecordings;
  /** The in-process workers, while running. */
  readonly worker: InProcessWorker | undefined;
  /** Starts the in-process workers (no-op while they run); resolves once they poll. */
  startWorker(): Promise<InProcessWorker>;
  /** Drains the in-process workers (running activities get the grace time). */
  stopWorker(): Promise<void>;
  /** Stops everything this stack started, in reverse order. */
  stop(): Promise<void>;
}

/**
 * Until the server lists a poller on the workflow task queue (bounded): the gateway checks for
 * one before it accepts a start, and a worker in RUNNING state may not have been seen yet.
 */
async function untilPolling(client: ConnectedRecordings, namespace: string, taskQueue: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const described = await client.temporal.workflowService
      .describeTaskQueue({ namespace, taskQueue: { name: taskQueue }, taskQueueType: 1 })
      .catch(() => undefined);
    if ((described?.pollers?.length ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A random write token for this run, unless GATEWAY_TOKENS configures the API's tokens. */
function localApiToken(config: StackConfig): string | undefined {
  return config.gateway.tokens.length > 0 ? undefined : randomBytes(24).toString('hex');
}

/** Random per-run callback keys, shared by the emulator (signs) and the gateway (verifies). */
function devCallbackKeys(config: StackConfig): StackConfig['callbackKeys'] {
  const key = (held: Secret | undefined): Secret => held ?? new Secret(randomBytes(16).toString('hex'));
  const { trtc, tiw, css, trro } = config.callbackKeys;
  return { trtc: key(trtc), tiw: key(tiw), css: key(css), trro: key(trro) };
}

/** Every product's callbacks go to the gateway's `/callbacks/<product>`, signed with its key. */
function callbackTargets(
  gatewayUrl: string,
  keys: StackConfig['callbackKeys'],
): NonNullable<EmulatorOptions['callbacks']> {
  const entries = PRODUCTS.map((product: Product) => {
    const key = keys[CALLBACK_KEY_OF[product]];
    return [
      product,
      { url: `${gatewayUrl}/callbacks/${product}`, ...(key === undefined ? {} : { key: key.reveal() }) },
    ] as const;
  });
  return Object.fromEntries(entries);
}

/** Where the emulator listens: the configured endpoint's port, else {@link DEFAULT_EMULATOR_PORT}. */
function emulatorPort(config: StackConfig): number {
  const endpoint = config.provider.kind === 'emulator' ? config.provider.endpoint : undefined;
  if (endpoint === undefined) return DEFAULT_EMULATOR_PORT;
  const url = new URL(endpoint);
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}

/** Starts the stack; on a failure part-way, whatever had started is stopped again. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { logger } = options;
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    const errors: unknown[] = [];
    for (const close of closers.splice(0).reverse()) await close().catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw new AggregateError(errors, 'local stack: some parts did not stop cleanly');
  };
  try {
    const temporal = options.temporal ?? (await openTemporal(options.config, logger));
    if (options.temporal === undefined) closers.push(() => temporal.close());
    const emulated = options.config.provider.kind === 'emulator';
    const localToken = localApiToken(options.config);
    const config: StackConfig = {
      ...options.config,
      temporal: { ...options.config.temporal, address: temporal.address },
      callbackKeys: emulated ? devCallbackKeys(options.config) : options.config.callbackKeys,
      gateway:
        localToken === undefined
          ? options.config.gateway
          : { ...options.config.gateway, tokens: [{ scope: 'write', token: new Secret(localToken) }] },
    };
    const running = await startGateway(config, logger.child({ service: 'gateway' }), {
      port: options.gatewayPort ?? config.gateway.port,
    });
    closers.push(() => running.close());
    const gateway = {
      ...running,
      url: `http://${running.host}:${running.port}`,
      ...(localToken === undefined ? {} : { localToken }),
    };
    let emulator: RunningEmulator | undefined;
    if (emulated) {
      const started = await startEmulator({
        host: '127.0.0.1',
        port: emulatorPort(config),
        callbacks: callbackTargets(gateway.url, config.callbackKeys),
        ...options.emulator,
      });
      emulator = started;
      closers.push(() => started.stop());
    }
    const client = await connectRecordings(config);
    closers.push(() => client.close());

    let worker: InProcessWorker | undefined;
    const workerLogger = logger.child({ service: 'worker' });
    const stopWorker = async (): Promise<void> => {
      const current = worker;
      worker = undefined;
      await current?.stop();
    };
    let starting: Promise<InProcessWorker> | undefined;
    const startWorker = (): Promise<InProcessWorker> => {
      if (worker !== undefined) return Promise.resolve(worker);
      starting ??= startInProcessWorker({
        config,
        logger: workerLogger,
        temporal,
        ...(emulator === undefined ? {} : { emulatorUrl: emulator.url }),
      })
        .then(async (started) => {
          await untilPolling(client, config.temporal.namespace, config.temporal.taskQueue);
          // A worker failing later is reported here; its owner sees it in `done` as well.
          started.done.catch((error: unknown) => workerLogger.error('recording workers failed', { error }));
          worker = started;
          return started;
        })
        .finally(() => {
          starting = undefined;
        });
      return starting;
    };
    closers.push(stopWorker);
    if (options.worker ?? true) await startWorker();
    return {
      config,
      temporal,
      ...(emulator === undefined ? {} : { emulator }),
      gateway,
      client,
      get worker() {
        return worker;
      },
      startWorker,
      stopWorker,
      stop: closeAll,
    };
  } catch (error) {
    await closeAll().catch((closeError: unknown) =>
      logger.warn('local stack: cleanup after a failed start was incomplete', { error: closeError }),
    );
    throw error;
  }
}
