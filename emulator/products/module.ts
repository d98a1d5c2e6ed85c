/** The contract between the API pipeline and one emulated product, and the world products share. */
import { type Product } from '../catalog';
import { type CallbackDispatcher } from '../callbacks/delivery';
import { type CallbackTargets } from '../callbacks/targets';
import { type EmulatorClock } from '../time/clock';
import { type EmulatorSettings } from '../config';
import { type CallRecord, type TaskView } from '../control/journal';
import { type Rooms } from '../world/rooms';
import { type Streams } from '../world/streams';
import { type ParamsEncoding } from './validate';

/** One authenticated, admitted call handed to an action handler. */
export interface ActionContext {
  /** The JSON body, or the parameters of a GET query (Tencent field names; strings until validated). */
  readonly params: Readonly<Record<string, unknown>>;
  /** How `params` were sent; `validateParams` reads query strings as the schema's types. */
  readonly encoding: ParamsEncoding;
  readonly region: string | undefined;
  /** The journal entry of this call; handlers link it to the task they touch. */
  readonly call: CallRecord;
}

/**
 * Handles one action synchronously: state changes are atomic with respect to other calls,
 * which is what makes "exactly one task per RecordId" hold under concurrent starts.
 * Returns the `Response` fields (without RequestId) or throws an `ApiError`.
 */
export type ActionHandler = (context: ActionContext) => Record<string, unknown>;

export interface ProductModule {
  /** Its API 3.0 service comes from the catalog (`PRODUCT_SERVICES`). */
  readonly product: Product;
  readonly actions: Readonly<Record<string, ActionHandler>>;
  /** Inspection views of every task the product still remembers. */
  tasks(): TaskView[];
  /** Ends a task the way the provider would on its own (page crash, bot kicked, …); false if unknown. */
  endTask(taskId: string, reason?: string): boolean;
  reset(): void;
}

/** Everything a product needs from the emulator. */
export interface World {
  readonly clock: EmulatorClock;
  readonly rooms: Rooms;
  readonly streams: Streams;
  readonly dispatcher: CallbackDispatcher;
  readonly targets: CallbackTargets;
  readonly settings: EmulatorSettings;
}
