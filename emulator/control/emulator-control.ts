/**
 * The in-process control and inspection API: what tests use to drive rooms, streams and the
 * clock, inject faults, and assert on tasks ("exactly one task per recordId", "no task left
 * running"). The HTTP control API (http-routes.ts) is a thin layer over this class.
 */
import { type Product } from '../catalog';
import { type CallbackDispatcher, type Delivery } from '../callbacks/delivery';
import { type CallbackTarget, type CallbackTargets } from '../callbacks/targets';
import { type ClockMode, type EmulatorClock } from '../time/clock';
import { type FaultInjector, type FaultRule, type FaultRuleInput } from './faults';
import { type CallRecord, type Identity, type Journal, type TaskView } from './journal';
import { type ProductModule } from '../products/module';
import { type RateLimiter } from '../http/rate-limit';
import { type SignatureClock } from '../time/signature-clock';
import { trroRoomKey, trtcRoomKey, type Rooms } from '../world/rooms';
import { type LiveStream, type StreamAddress, type Streams } from '../world/streams';

export interface TaskFilter {
  readonly product?: Product;
  readonly running?: boolean;
  /** Every given identity field must match. */
  readonly identity?: Partial<Identity>;
}

export interface CallFilter {
  readonly service?: string;
  readonly action?: string;
  readonly product?: Product;
  readonly taskId?: string;
}

/** Where a TRTC/TIW room participant is. */
export interface RoomAddress {
  readonly sdkAppId: number;
  readonly roomId: string | number;
}

export interface ControlParts {
  readonly clock: EmulatorClock;
  readonly signatureClock: SignatureClock;
  readonly modules: readonly ProductModule[];
  readonly journal: Journal;
  readonly faults: FaultInjector;
  readonly configuredFaults: readonly FaultRuleInput[];
  readonly rateLimiter: RateLimiter;
  readonly dispatcher: CallbackDispatcher;
  readonly targets: CallbackTargets;
  readonly rooms: Rooms;
  readonly streams: Streams;
}

/** What tests and the control HTTP API use to drive and inspect the emulator: rooms, streams, clock, faults, callbacks, tasks and calls. */
export class EmulatorControl {
  constructor(private readonly parts: ControlParts) {}

  // ── inspection ────────────────────────────────────────────────────────────────
  tasks(filter: TaskFilter = {}): TaskView[] {
    return this.parts.modules
      .filter((m) => filter.product === undefined || m.product === filter.product)
      .flatMap((m) => m.tasks())
      .filter((t) => filter.running === undefined || t.running === filter.running)
      .filter((t) =>
        Object.entries(filter.identity ?? {}).every(
          ([k, v]) => v === undefined || t.identity[k as keyof Identity] === v,
        ),
      )
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  task(product: Product, taskId: string): TaskView | undefined {
    return this.tasks({ product }).find((t) => t.taskId === taskId);
  }

  /** Tasks the provider would still bill for. */
  runningTasks(product?: Product): TaskView[] {
    return this.tasks({ ...(product !== undefined ? { product } : {}), running: true });
  }

  calls(filter: CallFilter = {}): CallRecord[] {
    return this.parts.journal
      .calls()
      .filter(
        (c) =>
          (filter.service === undefined || c.service === filter.service) &&
          (filter.action === undefined || c.action === filter.action) &&
          (filter.product === undefined || c.product === filter.product) &&
          (filter.taskId === undefined || c.taskId === filter.taskId),
      );
  }

  rooms(): ReturnType<Rooms['list']> {
    return this.parts.rooms.list();
  }

  streams(): LiveStream[] {
    return this.parts.streams.list();
  }

  callbacks(filter: { product?: Product; taskId?: string } = {}): readonly Delivery[] {
    return this.parts.dispatcher
      .list()
      .filter(
        (d) =>
          (filter.product === undefined || d.product === filter.product) &&
          (filter.taskId === undefined || d.taskId === filter.taskId),
      );
  }

  /** Waits (bounded, real time) until no callback attempt is in flight or due (see CallbackDispatcher.flush). */
  flushCallbacks(timeoutMs?: number): Promise<void> {
    return this.parts.dispatcher.flush(timeoutMs);
  }

  callbackTargets(): Record<string, CallbackTarget> {
    return this.parts.targets.list();
  }

  setCallbackTarget(product: Product, target: CallbackTarget, scope?: string): void {
    this.parts.targets.set(product, target, scope);
  }

  // ── clock ─────────────────────────────────────────────────────────────────────
  now(): number {
    return this.parts.clock.now();
  }

  /** Advances emulated time, firing provider timers in order; returns how many fired. */
  advance(ms: number): number {
    return this.parts.clock.advance(ms);
  }

  setClockMode(mode: ClockMode, factor?: number): void {
    this.parts.clock.setMode(mode, factor);
  }

  /**
   * Puts the server's signature clock `offsetMs` ahead of the callers' (negative = behind):
   * over 5 minutes either way, every signed call gets AuthFailure.SignatureExpire.
   */
  skewSignatureClock(offsetMs: number): void {
    this.parts.signatureClock.setSkew(offsetMs);
  }

  // ── rooms, devices and streams ────────────────────────────────────────────────
  joinRoom(room: RoomAddress, userId: string, media: { audio?: boolean; video?: boolean } = {}): void {
    this.parts.rooms.join(trtcRoomKey(room.sdkAppId, room.roomId), { userId, ...media });
  }

  leaveRoom(room: RoomAddress, userId: string): boolean {
    return this.parts.rooms.leave(trtcRoomKey(room.sdkAppId, room.roomId), userId);
  }

  /** Sets what a user publishes; both false = present but silent. */
  publish(room: RoomAddress, userId: string, media: { audio?: boolean; video?: boolean }): boolean {
    return this.parts.rooms.publish(trtcRoomKey(room.sdkAppId, room.roomId), userId, media);
  }

  boardActivity(room: RoomAddress): void {
    this.parts.rooms.board(trtcRoomKey(room.sdkAppId, room.roomId));
  }

  dismissRoom(room: RoomAddress): boolean {
    return this.parts.rooms.dismiss(trtcRoomKey(room.sdkAppId, room.roomId));
  }

  /** A TRRO device comes online and pushes video (it is the room's anchor). */
  deviceOnline(projectId: string, deviceId: string): void {
    this.parts.rooms.join(trroRoomKey(projectId, deviceId), { userId: deviceId, video: true });
  }

  deviceOffline(projectId: string, deviceId: string): boolean {
    return this.parts.rooms.leave(trroRoomKey(projectId, deviceId), deviceId);
  }

  pushStream(address: StreamAddress): LiveStream {
    return this.parts.streams.push(address);
  }

  stopStream(address: StreamAddress): boolean {
    return this.parts.streams.stop(address);
  }

  /** Ends a task from the provider side (page crash, kicked bot, …). */
  endTask(product: Product, taskId: string, reason?: string): boolean {
    return this.parts.modules.find((m) => m.product === product)?.endTask(taskId, reason) ?? false;
  }

  // ── faults ────────────────────────────────────────────────────────────────────
  addFault(rule: FaultRuleInput): FaultRule {
    return this.parts.faults.add(rule);
  }

  removeFault(id: string): boolean {
    return this.parts.faults.remove(id);
  }

  clearFaults(): void {
    this.parts.faults.clear();
  }

  faults(): FaultRule[] {
    return this.parts.faults.list();
  }

  // ── reset ─────────────────────────────────────────────────────────────────────
  /**
   * Forgets every task, call, room, stream, delivery and timer; restores configured faults
   * and callback targets; clears the signature-clock skew. The simulation clock keeps its
   * time (time never runs backwards).
   */
  reset(): void {
    const p = this.parts;
    p.dispatcher.reset();
    p.clock.clearAll();
    for (const m of p.modules) m.reset();
    p.journal.reset();
    p.rooms.reset();
    p.streams.reset();
    p.rateLimiter.reset();
    p.targets.reset();
    p.faults.clear();
    for (const rule of p.configuredFaults) p.faults.add(rule);
    p.signatureClock.setSkew(0);
  }
}
