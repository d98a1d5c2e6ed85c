/** Every API call the emulator answered, and the tasks each call touched: what tests inspect. */
import { type Product } from '../catalog';

/** The idempotency identities a call or task carries (reference §8). */
export interface Identity {
  sdkAppId?: number;
  roomId?: string;
  /** trtc-web RecordId. */
  recordId?: string;
  /** trtc-cloud bot UserId. */
  userId?: string;
  /** tiw-online RecordUserId. */
  recordUserId?: string;
  /** css-live StreamName. */
  streamName?: string;
  projectId?: string;
  deviceId?: string;
}

/** One API call as the emulator saw and answered it. */
export interface CallRecord {
  readonly seq: number;
  readonly requestId: string;
  readonly service: string;
  readonly action: string;
  /** HTTP method: `POST` (JSON body) or `GET` (query string). */
  readonly method: string;
  /** Emulated epoch ms when the call was handled. */
  readonly at: number;
  /** Wall-clock epoch ms (rate limits and load tests reason in real time). */
  readonly wallAt: number;
  product?: Product;
  taskId?: string;
  identity: Identity;
  /** `ok`, or the error code answered. */
  outcome: string;
  httpStatus?: number;
  /** Ids of fault rules that fired. */
  faults?: string[];
  /** The provider acted but the caller saw a connection reset. */
  responseDropped?: boolean;
}

/** What every product task keeps in common. */
export interface TaskRecord {
  readonly product: Product;
  readonly taskId: string;
  readonly createdAt: number;
  identity: Identity;
  endedAt?: number;
  endReason?: string;
  readonly calls: CallRecord[];
}

/** An output file as the product reports it. */
export interface FileView {
  readonly name: string;
  readonly userId?: string;
  readonly trackType?: string;
  readonly format: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly durationMs: number;
  readonly sizeBytes: number;
  readonly url?: string;
  readonly fileId?: string;
}

/** The inspection view of one task. */
export interface TaskView {
  readonly product: Product;
  readonly taskId: string;
  /** The product's own status word (e.g. `InProgress`, `RECORDING`, `scheduled`). */
  readonly status: string;
  /** True while the provider would still bill for it. */
  readonly running: boolean;
  readonly createdAt: number;
  readonly endedAt?: number;
  readonly endReason?: string;
  readonly identity: Identity;
  readonly files: readonly FileView[];
  readonly calls: readonly CallRecord[];
  readonly detail: Readonly<Record<string, unknown>>;
}

/** The view fields every product copies from its task record; the product adds status, running, files and detail. */
export function recordView(
  record: TaskRecord,
): Pick<TaskView, 'product' | 'taskId' | 'createdAt' | 'endedAt' | 'endReason' | 'identity' | 'calls'> {
  return {
    product: record.product,
    taskId: record.taskId,
    createdAt: record.createdAt,
    ...(record.endedAt !== undefined ? { endedAt: record.endedAt } : {}),
    ...(record.endReason !== undefined ? { endReason: record.endReason } : {}),
    identity: record.identity,
    calls: record.calls,
  };
}

/** Calls kept in the global log; older ones drop off (tasks keep their own calls). */
const MAX_CALLS = 100_000;

/** Append-only call log (cleared by reset). */
export class Journal {
  private seq = 0;
  private readonly log: CallRecord[] = [];

  open(fields: Omit<CallRecord, 'seq' | 'identity' | 'outcome'>): CallRecord {
    const call: CallRecord = { ...fields, seq: ++this.seq, identity: {}, outcome: 'pending' };
    this.log.push(call);
    if (this.log.length > MAX_CALLS) this.log.splice(0, this.log.length - MAX_CALLS);
    return call;
  }

  calls(): readonly CallRecord[] {
    return this.log;
  }

  reset(): void {
    this.log.length = 0;
  }
}

/** Links a call to the task it touched (both directions) and merges identities. */
export function touch(call: CallRecord, task: TaskRecord): void {
  call.product = task.product;
  call.taskId = task.taskId;
  call.identity = { ...task.identity, ...call.identity };
  if (!task.calls.includes(call)) task.calls.push(call);
}
