/** Public surface of cloud/: the Tencent Cloud API 3.0 client, its signer, verifier, errors and config. */
export type {
  CallOptions,
  CloudCaller,
  CloudDomain,
  CloudEndpoint,
  CloudRequest,
  CloudResponse,
  CloudTimeouts,
  Credentials,
} from './types';

// Signing (pure) and server-side verification (the emulator has its own, independent verifier).
export { signRequest, type SignRequestInput } from './signing/sign-request';
export { computeTc3, type Tc3Input, type Tc3Result } from './signing/authorize';
export {
  buildCanonicalHeaders,
  buildCanonicalRequest,
  canonicalHost,
  canonicalize,
  type CanonicalRequestParts,
} from './signing/canonical';
export {
  buildStringToSign,
  credentialScope,
  utcDate,
  TC3_ALGORITHM,
  type StringToSignParts,
} from './signing/string-to-sign';
export { deriveSigningKey, tc3Signature } from './signing/derive-key';
export { hmacSha256, sha256Hex } from './signing/hash';
export { formatAuthorization, type Tc3Authorization } from './signing/authorization';

// Transport.
export {
  TencentCloudClient,
  DEFAULT_TIMEOUTS,
  REQUEST_CLIENT,
  type TencentCloudClientOptions,
} from './transport/client';
export { DEFAULT_ENDPOINT, resolveEndpoint, type ResolvedEndpoint } from './endpoint';
export { serializeJsonBody } from './json-body';
export { CloudCredentials } from './credentials';

// Errors and their classification.
export { CloudError, type CloudCallContext } from './errors/cloud-error';
export { CloudTransportError } from './errors/transport-error';
export { CloudTimeoutError, type TimeoutPhase } from './errors/timeout-error';
export { CloudProviderError } from './errors/provider-error';
export { CloudHttpStatusError } from './errors/http-status-error';
export { CloudResponseSchemaError } from './errors/response-schema-error';
export { classifyCloudError, internalErrorBackoffMs } from './errors/classify';
export type { CallIntent, CloudErrorClassification, CloudErrorKind } from './errors/classification';
export { PROVIDER_CODE_RULES, codeMatches, type ProviderCodeRule } from './errors/provider-codes';

// Configuration.
export { loadCloudConfig, loadCloudPlacement, type CloudConfig, type CloudPlacement } from './config';
export { CloudConfigError } from './config-error';
