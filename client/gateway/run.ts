/**
 * The gateway process body, embeddable (npm start runs it beside the worker): one Temporal
 * connection, and two surfaces: the recordings API (bearer auth) on GATEWAY_HOST:GATEWAY_PORT and
 * the provider callbacks (their own signatures), on the same listener or on GATEWAY_CALLBACK_PORT.
 */
import { type GatewayConfig } from '../../runtime/config';
import { type JsonLogger } from '../../runtime/logger';
import { connectRecordings } from '../recordings/connect';
import { createTemporalGuard } from './api/temporal-guard';
import { payloadKeyFingerprint } from '../../runtime/payload-key-id';
import { createCallbackReceiver } from './callbacks/receiver';
import { temporalTaskRevealer } from './callbacks/task-revealer';
import { temporalWorkflowRouter } from './callbacks/workflow-router';
import { createGatewayServer, type GatewayServer } from './server';

export interface RunningGateway {
  /** The API's port (and the callbacks', unless `callbackPort` says otherwise). */
  readonly port: number;
  readonly host: string;
  /** Where the callbacks listen when they have their own port. */
  readonly callbackPort?: number;
  /** Stops accepting requests, then closes the Temporal connection. */
  close(): Promise<void>;
}

/** Starts the gateway; the caller owns `close()` (entrypoints call it on a shutdown signal). */
export async function startGateway(
  config: GatewayConfig,
  logger: JsonLogger,
  options: { port?: number; callbackPort?: number } = {},
): Promise<RunningGateway> {
  // Lazy: the gateway comes up (and answers /readyz 503 naming the address) while Temporal is down.
  const connected = await connectRecordings(config, { lazy: true });
  const keyIds = [config.payloadKeys.current, ...(config.payloadKeys.previous ?? [])].map(payloadKeyFingerprint);
  const guard = createTemporalGuard({
    client: connected.temporal,
    address: connected.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    keyIds,
    timeoutMs: config.gateway.temporalTimeoutMs,
  });
  const servers: GatewayServer[] = [];
  const receiver = createCallbackReceiver({
    keys: config.callbackKeys,
    router: temporalWorkflowRouter(connected.temporal),
    revealer: temporalTaskRevealer(connected.temporal, {
      taskQueue: config.temporal.taskQueue,
      activityQueuePrefix: config.temporal.activityQueuePrefix,
    }),
    logger: logger.child({ component: 'callbacks' }),
  });
  const closeAll = async (): Promise<void> => {
    try {
      for (const server of servers) await server.close();
    } finally {
      await guard.drain();
      await receiver.drain();
      await connected.close();
    }
  };
  try {
    const { host, tokens, callbacks } = config.gateway;
    const apiLogger = logger.child({ component: 'api' });
    const separate = callbacks !== undefined || options.callbackPort !== undefined;
    const api = createGatewayServer({
      recordings: connected.recordings,
      tokens,
      guard,
      logger: apiLogger,
      metrics: true,
      ...(config.codec.token === undefined
        ? {}
        : {
            codec: {
              keys: config.payloadKeys,
              token: config.codec.token,
              corsOrigins: config.codec.corsOrigins,
              namespaces: [config.temporal.namespace],
            },
          }),
      ...(separate ? {} : { receiver }),
    });
    servers.push(api);
    const port = await api.listen(options.port ?? config.gateway.port, host);
    let callbackPort: number | undefined;
    if (separate) {
      const callbackServer = createGatewayServer({ receiver, logger: apiLogger });
      servers.push(callbackServer);
      callbackPort = await callbackServer.listen(options.callbackPort ?? callbacks?.port ?? 0, callbacks?.host ?? host);
    }
    const missing = (['trtc', 'tiw', 'css', 'trro'] as const).filter((name) => config.callbackKeys[name] === undefined);
    if (tokens.length === 0) logger.warn('no API tokens configured (GATEWAY_TOKENS): every /v1 route answers 401');
    logger.info('gateway listening', {
      host,
      port,
      ...(callbackPort === undefined ? {} : { callbackPort }),
      temporal: connected.address,
      namespace: config.temporal.namespace,
      payloadKeyId: config.payloadKeys.current.id,
      // Unset keys: those products' callbacks are refused with 503 (never accepted unsigned).
      callbacksNotConfigured: missing,
    });
    return { port, host, ...(callbackPort === undefined ? {} : { callbackPort }), close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
