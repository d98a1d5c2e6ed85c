/**
 * The gateway process body, embeddable (npm start runs it beside the worker): one Temporal
 * connection, the recordings API, the callback receiver, listening on GATEWAY_HOST:GATEWAY_PORT.
 */
import { type GatewayConfig } from '../../runtime/config';
import { type JsonLogger } from '../../runtime/logger';
import { connectRecordings } from '../recordings/connect';
import { createCallbackReceiver } from './callbacks/receiver';
import { temporalWorkflowRouter } from './callbacks/workflow-router';
import { createGatewayServer } from './server';

export interface RunningGateway {
  readonly port: number;
  readonly host: string;
  /** Stops accepting requests, then closes the Temporal connection. */
  close(): Promise<void>;
}

/** Starts the gateway; the caller owns `close()` (entrypoints call it on a shutdown signal). */
export async function startGateway(
  config: GatewayConfig,
  logger: JsonLogger,
  options: { port?: number } = {},
): Promise<RunningGateway> {
  const connected = await connectRecordings(config);
  try {
    const receiver = createCallbackReceiver({
      keys: config.callbackKeys,
      router: temporalWorkflowRouter(connected.temporal),
      logger: logger.child({ component: 'callbacks' }),
    });
    const gateway = createGatewayServer({ recordings: connected.recordings, receiver, logger });
    const { host } = config.gateway;
    const port = await gateway.listen(options.port ?? config.gateway.port, host);
    const missing = (['trtc', 'tiw', 'css', 'trro'] as const).filter((name) => config.callbackKeys[name] === undefined);
    logger.info('gateway listening', {
      host,
      port,
      temporal: connected.address,
      namespace: config.temporal.namespace,
      callbacksNotConfigured: missing,
    });
    return {
      port,
      host,
      close: async () => {
        try {
          await gateway.close();
        } finally {
          await connected.close();
        }
      },
    };
  } catch (error) {
    await connected.close();
    throw error;
  }
}
