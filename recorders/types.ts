/**
 * The one interface every product recorder implements: its parameter schema, capabilities,
 * bounds, the lifecycle calls it supports, its idempotency rule and how it reads callbacks.
 * Recorders know the product; activities/ knows Temporal (cancellation, heartbeats, failures).
 */
import type { z } from 'zod';
import type {
  ProviderEvent,
  ProviderIdentity,
  RecoverTaskOutcome,
  RunningTask,
  TaskObservation,
  TaskRef,
} from '../domain/contract';
import type { CloudResponse } from '../cloud/types';
import type { ProductBounds } from '../domain/bounds';
import type { Product, ProductCapabilities } from '../domain/catalog';

/**
 * How a recorder reaches the provider; the activity builds it (service, version, region,
 * cancellation signal and time-out are bound in). One `call` is one signed request.
 */
export interface ProviderIo {
  call(action: string, payload: Readonly<Record<string, unknown>>): Promise<CloudResponse<unknown>>;
  /** Tells Temporal the activity is alive; used between the calls of a multi-call operation. */
  heartbeat(details?: unknown): void;
}

/** Everything a start (or a recovery of a start) needs; params are already validated. */
export interface StartRequest<P> {
  readonly recordId: string;
  readonly attempt: number;
  readonly region?: string;
  readonly params: P;
  readonly identity: ProviderIdentity;
  /** Activity clock just before the request left: a lower bound of the TaskId issue time. */
  readonly requestedAtMs: number;
}

/** The started task and the RequestId of the call that created it. */
export interface StartResult {
  readonly task: TaskRef;
  readonly requestId: string;
}

/**
 * What to do when a start may or may not have reached the provider (time-out, reset, 5xx):
 * - `retry-same-identity`: send the same request again. Safe because the provider dedupes
 *   (web RecordId → TaskExist, TIW RecordUserId → ResourceInUse) or replaces the previous
 *   bot (TRTC same UserId → 302 LeaveCode 101).
 * - `report`: never resend blindly; return `ambiguous` so the workflow bounds the risk
 *   (css-live: no identity key, a duplicate bills twice).
 */
export type AmbiguousStartPolicy = 'retry-same-identity' | 'report';

/** One product's recorder; build it with defineRecorder (define-recorder.ts) and look it up with recorderFor. */
export interface Recorder<P = Readonly<Record<string, unknown>>> {
  readonly product: Product;
  readonly service: string;
  readonly version: string;
  readonly capabilities: ProductCapabilities;
  readonly bounds: ProductBounds;
  /** Start parameters with Tencent's field names (validation.ts formats its issues). */
  readonly paramsSchema: z.ZodType<P>;
  /** Fields the orchestrator derives and the caller must not set (e.g. trtc-cloud `UserId`). */
  readonly derivedFields: readonly string[];
  /** From `CATALOG.repeatedCreateIsSafe` (define-recorder.ts). */
  readonly ambiguousStart: AmbiguousStartPolicy;
  /** The docs demand a new identity (next attempt) after a provider-reported start error (web). */
  readonly newIdentityAfterStartError: boolean;
  /** Plain statement of what this product can and cannot guarantee about duplicates. */
  readonly exactlyOnce: string;
  /**
   * Stop answers that mean "no such task" when they come to a retried stop (an earlier attempt
   * whose answer was lost), for products without a dedicated not-found code: that earlier
   * attempt stopped the task. The generic not-found codes (cloud/errors) apply to every attempt.
   */
  readonly goneOnStopRetry: readonly string[];

  start(io: ProviderIo, request: StartRequest<P>): Promise<StartResult>;
  /** Finds the task a lost or refused start created; `unsupported` when only callbacks can tell. */
  recover(io: ProviderIo, request: StartRequest<P>): Promise<RecoverTaskOutcome>;
  describe?(io: ProviderIo, task: TaskRef): Promise<TaskObservation>;
  /** Full overwrite: `changes` carries complete values (validated by the recorder). */
  modify?(io: ProviderIo, task: TaskRef, changes: Readonly<Record<string, unknown>>): Promise<void>;
  pause?(io: ProviderIo, task: TaskRef): Promise<void>;
  resume?(io: ProviderIo, task: TaskRef): Promise<void>;
  stop(io: ProviderIo, task: TaskRef): Promise<{ readonly requestId: string }>;
  /** Every task of the app the provider lists as running (the orphan sweep); absent where the provider cannot list. */
  listRunning?(io: ProviderIo, sdkAppId: number): Promise<RunningTask[]>;
  /**
   * A verified callback body mapped to common terms; `undefined` when the body is not a
   * recording event of this product (other event groups, malformed bodies).
   */
  interpretCallback(body: unknown): ProviderEvent | undefined;
}
