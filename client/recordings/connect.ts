/** Connects a recordings client from the project config: the same data converter as the worker (invariant 5). */
import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../../runtime/codec';
import { type ClientConfig } from '../../runtime/config';
import { temporalConnectionOptions } from '../../runtime/temporal-connection';
import { createRecordingsClient, type RecordingsClient } from './client';

export interface ConnectedRecordings {
  readonly recordings: RecordingsClient;
  /** The underlying Temporal client (the gateway's callback router uses it too). */
  readonly temporal: Client;
  readonly address: string;
  close(): Promise<void>;
}

/**
 * Temporal's address: TEMPORAL_ADDRESS, else the local dev server the worker / `npm start`
 * runs on TEMPORAL_DEV_PORT. Clients never start a dev server themselves.
 */
export function temporalAddress(config: ClientConfig): string {
  return config.temporal.address ?? `127.0.0.1:${config.temporal.devServer.port}`;
}

/**
 * Opens one connection; call `close()` when done (entrypoints do it in `finally`).
 * `lazy`: connect on the first call instead (the CLI: bad input is reported without a server).
 */
export async function connectRecordings(
  config: ClientConfig,
  options: { readonly lazy?: boolean } = {},
): Promise<ConnectedRecordings> {
  const address = temporalAddress(config);
  const connectionOptions = temporalConnectionOptions(config, address);
  const connection =
    options.lazy === true ? Connection.lazy(connectionOptions) : await Connection.connect(connectionOptions);
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverter(config.payloadKeys),
  });
  const recordings = createRecordingsClient({
    client: temporal,
    taskQueue: config.temporal.taskQueue,
    activityQueuePrefix: config.temporal.activityQueuePrefix,
  });
  return { recordings, temporal, address, close: () => connection.close() };
}
