/**
 * The Temporal connection options every process uses (worker NativeConnection, client Connection):
 * the address plus TLS, mTLS and the Temporal Cloud API key from the validated config.
 */
import { type TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { type ClientConfig } from './config';

export interface TemporalConnectionOptions {
  readonly address: string;
  /** Absent: plain TCP (the local dev server). */
  readonly tls?: TLSConfig;
  readonly apiKey?: string;
}

/** Options for `Connection.connect` / `NativeConnection.connect` to `address` with the configured security. */
export function temporalConnectionOptions(config: ClientConfig, address: string): TemporalConnectionOptions {
  const { tls, apiKey } = config.temporal;
  return {
    address,
    ...(tls === undefined
      ? {}
      : {
          tls: {
            ...(tls.serverName === undefined ? {} : { serverNameOverride: tls.serverName }),
            ...(tls.ca === undefined ? {} : { serverRootCACertificate: tls.ca }),
            ...(tls.clientCert === undefined
              ? {}
              : { clientCertPair: { crt: tls.clientCert.crt, key: tls.clientCert.key.reveal() } }),
          },
        }),
    ...(apiKey === undefined ? {} : { apiKey: apiKey.reveal() }),
  };
}
