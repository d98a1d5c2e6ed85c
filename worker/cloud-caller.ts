/**
 * The Tencent Cloud caller a worker's activities use: real Tencent Cloud when credentials
 * are configured, otherwise the local emulator (its well-known test key pair).
 */
import { TencentCloudClient } from '../cloud/index';
import { type ProviderConfig } from '../runtime/config';

/** Where the emulator listens when the provider is the emulator and no endpoint is configured. */
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:4600';

/**
 * The emulator's well-known test key pair; not a secret: it opens nothing but the local
 * emulator. Written out here rather than imported so that production code never loads the
 * emulator (the image does not even contain it); a test keeps it equal to the emulator's own.
 */
export const LOCAL_EMULATOR_CREDENTIALS = {
  secretId: 'AKIDEMULATOR00000000000000000000test',
  secretKey: 'emulator-secret-key-for-local-testing',
} as const;

/** Builds the client for the configured provider; the caller closes it. */
export function createCloudCaller(provider: ProviderConfig, emulatorUrl?: string): TencentCloudClient {
  // The validated cloud config goes in as it is: its credentials holder is kept, never copied.
  if (provider.kind === 'tencent') return new TencentCloudClient(provider.cloud);
  return new TencentCloudClient({
    credentials: LOCAL_EMULATOR_CREDENTIALS,
    region: provider.region,
    endpoint: { kind: 'custom', baseUrl: emulatorUrl ?? provider.endpoint ?? DEFAULT_EMULATOR_URL },
  });
}
