/**
 * The room model behind TRTC, TIW and TRRO recording: who is in a room, who publishes what,
 * and whiteboard activity. Tests drive it through the control API; recorders react to it.
 */
import { type EmulatorClock } from '../time/clock';

/** One participant. Bots are recording robots that a provider task put in the room. */
export interface RoomUser {
  readonly userId: string;
  readonly bot: boolean;
  /** `<product>/<taskId>` of the task that owns a bot. */
  readonly owner?: string;
  readonly joinedAt: number;
  audio: boolean;
  video: boolean;
}

export interface Room {
  readonly key: string;
  readonly users: Map<string, RoomUser>;
  /** Last whiteboard operation (TIW AutoStopTimeout counts it as activity). */
  lastBoardActivityAt?: number;
}

export type RoomEvent =
  | { readonly type: 'changed'; readonly roomKey: string; readonly at: number }
  /** A user joined with an id already present; the earlier one is out (TRTC LeaveCode 101). */
  | { readonly type: 'replaced'; readonly roomKey: string; readonly previous: RoomUser; readonly at: number }
  | {
      readonly type: 'dismissed';
      readonly roomKey: string;
      readonly previous: readonly RoomUser[];
      readonly at: number;
    };

/** Room key of a TRTC / TIW room (RoomId kept as given, string or integer digits). */
export function trtcRoomKey(sdkAppId: number, roomId: string | number): string {
  return `${sdkAppId}/${roomId}`;
}

/** TRRO has no rooms in its API: each device is modelled as a room the device publishes into. */
export function trroRoomKey(projectId: string, deviceId: string): string {
  return `trro/${projectId}/${deviceId}`;
}

/** Every room by key; listeners hear each change, a user replaced by a same-id join, and a dismissed room. */
export class Rooms {
  private readonly rooms = new Map<string, Room>();
  private readonly listeners: ((event: RoomEvent) => void)[] = [];

  constructor(private readonly clock: EmulatorClock) {}

  on(listener: (event: RoomEvent) => void): void {
    this.listeners.push(listener);
  }

  get(key: string): Room | undefined {
    return this.rooms.get(key);
  }

  /** Non-bot users present (an anchor present but silent still counts: reference §9). */
  anchors(key: string): RoomUser[] {
    return [...(this.rooms.get(key)?.users.values() ?? [])].filter((u) => !u.bot);
  }

  /** Non-bot users publishing audio or video. */
  publishers(key: string): RoomUser[] {
    return this.anchors(key).filter((u) => u.audio || u.video);
  }

  join(key: string, user: { userId: string; bot?: boolean; owner?: string; audio?: boolean; video?: boolean }): void {
    const room = this.ensure(key);
    const at = this.clock.now();
    const previous = room.users.get(user.userId);
    room.users.set(user.userId, {
      userId: user.userId,
      bot: user.bot ?? false,
      ...(user.owner !== undefined ? { owner: user.owner } : {}),
      joinedAt: at,
      audio: user.audio ?? false,
      video: user.video ?? false,
    });
    if (previous) this.emit({ type: 'replaced', roomKey: key, previous, at });
    this.emit({ type: 'changed', roomKey: key, at });
  }

  leave(key: string, userId: string): boolean {
    const removed = this.rooms.get(key)?.users.delete(userId) ?? false;
    if (removed) this.emit({ type: 'changed', roomKey: key, at: this.clock.now() });
    return removed;
  }

  /** Removes a bot only if it still belongs to `owner` (a re-entered namesake stays). */
  leaveIfOwned(key: string, userId: string, owner: string): void {
    if (this.rooms.get(key)?.users.get(userId)?.owner === owner) this.leave(key, userId);
  }

  /** Sets what a present user publishes; `{audio:false, video:false}` = gone silent. */
  publish(key: string, userId: string, media: { audio?: boolean; video?: boolean }): boolean {
    const user = this.rooms.get(key)?.users.get(userId);
    if (!user) return false;
    if (media.audio !== undefined) user.audio = media.audio;
    if (media.video !== undefined) user.video = media.video;
    this.emit({ type: 'changed', roomKey: key, at: this.clock.now() });
    return true;
  }

  /** Records a whiteboard operation in the room. */
  board(key: string): void {
    const room = this.ensure(key);
    room.lastBoardActivityAt = this.clock.now();
    this.emit({ type: 'changed', roomKey: key, at: room.lastBoardActivityAt });
  }

  /** Removes everyone (the room is dismissed). */
  dismiss(key: string): boolean {
    const room = this.rooms.get(key);
    if (!room) return false;
    const previous = [...room.users.values()];
    room.users.clear();
    const at = this.clock.now();
    this.emit({ type: 'dismissed', roomKey: key, previous, at });
    this.emit({ type: 'changed', roomKey: key, at });
    return true;
  }

  list(): { key: string; users: RoomUser[]; lastBoardActivityAt?: number }[] {
    return [...this.rooms.values()].map((room) => ({
      key: room.key,
      users: [...room.users.values()].map((u) => ({ ...u })),
      ...(room.lastBoardActivityAt !== undefined ? { lastBoardActivityAt: room.lastBoardActivityAt } : {}),
    }));
  }

  reset(): void {
    this.rooms.clear();
  }

  private ensure(key: string): Room {
    let room = this.rooms.get(key);
    if (!room) {
      room = { key, users: new Map() };
      this.rooms.set(key, room);
    }
    return room;
  }

  private emit(event: RoomEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
