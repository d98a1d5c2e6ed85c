/** The Tencent Cloud API 3.0 client: serialize once, sign, send over a keep-alive undici Agent, parse. */
import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { version } from '../../package.json';
import { CloudCredentials } from '../credentials';
import { DEFAULT_ENDPOINT, resolveEndpoint } from '../endpoint';
import { serializeJsonBody } from '../json-body';
import { signRequest } from '../signing/sign-request';
import type {
  CallOptions,
  CloudCaller,
  CloudEndpoint,
  CloudRequest,
  CloudResponse,
  CloudTimeouts,
  Credentials,
} from '../types';
import { parseCloudResponse } from './response';
import { send } from './send';

/** `X-TC-RequestClient`, shaped like the SDK's `SDK_NODEJS_<ver>` but naming this project. */
export const REQUEST_CLIENT = `RECORDING_ORCHESTRATOR_NODEJS_${version}`;

/** 6 s each: the TRTC per-call server time-out (reference §3); clients should not give up sooner. */
export const DEFAULT_TIMEOUTS: CloudTimeouts = { connectMs: 6_000, headersMs: 6_000, bodyMs: 6_000 };

/** Client settings; a {@link CloudConfig} from `loadCloudConfig` fits as it is. */
export interface TencentCloudClientOptions {
  readonly credentials: Credentials;
  /** Default `X-TC-Region`; a request's own region wins. */
  readonly region?: string;
  /** Mainland domain unless told otherwise. */
  readonly endpoint?: CloudEndpoint;
  readonly timeouts?: Partial<CloudTimeouts>;
  readonly language?: string;
  /** Clock in epoch ms for `X-TC-Timestamp` (tests pass a fixed one). */
  readonly now?: () => number;
  /** `X-TC-TraceId` per call; a fresh UUID v4 by default. */
  readonly newTraceId?: () => string;
  readonly requestClient?: string;
  /** Larger answers are refused as malformed (default 8 MiB). */
  readonly maxResponseBytes?: number;
  /** Keep-alive sockets per origin (default 16). */
  readonly connectionsPerOrigin?: number;
}

/**
 * Implements {@link CloudCaller}. One undici Agent keeps a keep-alive pool per endpoint origin;
 * call {@link close} when done. Errors are the cloud/ taxonomy (see classifyCloudError).
 */
export class TencentCloudClient implements CloudCaller {
  readonly #credentials: CloudCredentials;
  readonly #options: TencentCloudClientOptions;
  readonly #timeouts: CloudTimeouts;
  readonly #agent: Agent;

  constructor(options: TencentCloudClientOptions) {
    this.#credentials = CloudCredentials.from(options.credentials);
    this.#options = { ...options, credentials: this.#credentials };
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#agent = new Agent({
      connect: { timeout: this.#timeouts.connectMs },
      headersTimeout: this.#timeouts.headersMs,
      bodyTimeout: this.#timeouts.bodyMs,
      connections: options.connectionsPerOrigin ?? 16,
    });
  }

  /** Signs and sends one call; resolves with `Response` minus `RequestId`, plus the `RequestId`. */
  async call<T = Record<string, unknown>>(request: CloudRequest, options: CallOptions = {}): Promise<CloudResponse<T>> {
    const target = resolveEndpoint(request.service, this.#options.endpoint ?? DEFAULT_ENDPOINT);
    const body = Buffer.from(serializeJsonBody(request.payload), 'utf8');
    const traceId = (this.#options.newTraceId ?? randomUUID)();
    const headers = signRequest({
      service: request.service,
      host: target.host,
      action: request.action,
      version: request.version,
      region: request.region ?? this.#options.region,
      timestamp: Math.floor((this.#options.now ?? Date.now)() / 1000),
      body,
      credentials: this.#credentials,
      language: this.#options.language,
      requestClient: this.#options.requestClient ?? REQUEST_CLIENT,
      traceId,
    });
    const context = { service: request.service, action: request.action, traceId };
    const { maxResponseBytes = 8 * 1024 * 1024 } = this.#options;
    const sendInput = { origin: target.origin, headers, body, timeouts: this.#timeouts, maxResponseBytes };
    const answer = await send(
      this.#agent,
      { ...sendInput, signal: options.signal, budgetMs: options.timeoutMs },
      context,
    );
    return parseCloudResponse<T>(answer.status, answer.text, context);
  }

  /** Closes every pooled connection; in-flight calls finish first. */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  toString(): string {
    return 'TencentCloudClient';
  }
}
