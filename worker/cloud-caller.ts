/**
 * The Tencent Cloud caller a worker's activities use: real Tencent Cloud when credentials
 * are configured, otherwise the local emulator (its well-known test key pair).
 */
import { TencentCloudClient } from '../cloud/index';
import { DEFAULT_CREDENTIALS } from '../emulator/config';
import { type ProviderConfig } from '../runtime/config';

/** Where the emulator listens when the provider is the emulator and no endpoint is configured. */
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:4600';

/** Builds the client for the configured provider; the caller closes it. */
export function createCloudCaller(provider: ProviderConfig, emulatorUrl?: string): TencentCloudClient {
  // The validated cloud config goes in as it is: its credentials holder is kept, never copied.
  if (provider.kind === 'tencent') return new TencentCloudClient(provider.cloud);
  return new TencentCloudClient({
    credentials: DEFAULT_CREDENTIALS,
    region: provider.region,
    endpoint: { kind: 'custom', baseUrl: emulatorUrl ?? provider.endpoint ?? DEFAULT_EMULATOR_URL },
  });
}
