/**
 * One room-recording task (TRTC on-cloud recording, and TRRO which follows the same spec):
 * the bot in the room, tracks opening and closing as anchors publish, the MaxIdleTime timer
 * that counts only while no anchor is present, exit with a LeaveCode, then uploads and the
 * TRTC-format callbacks 301/307/302/310/305/311/312 (reference §3, §9, §10).
 */
import { randomInt } from 'node:crypto';
import { type Product } from '../catalog';
import { type TimerInfo } from '../time/clock';
import { type FileView, type TaskRecord } from '../control/journal';
import { TrackSet, utcStamp } from './media';
import { type World } from './module';
import { outputFiles, trackBaseName, type NamingInput } from './trtc-cloud/files';
import { type SubscribeStreamUserIds } from './trtc-cloud/schema';
import { activeTracks, type RecordingShape } from './trtc-cloud/subscribe';
import { sendTrtcEvent } from './trtc-events';

export type RecordingPhase = 'running' | 'exited' | 'gone';

export interface RoomRecordingSpec {
  readonly product: Product;
  readonly taskId: string;
  readonly roomKey: string;
  /** TRTC's recording bot; TRRO has none. */
  readonly botUserId?: string;
  readonly shape: RecordingShape;
  readonly maxIdleMs: number;
  readonly naming: NamingInput;
  readonly storage: 'cos' | 'vod';
  /** The VOD (sub-)app whose default domain serves the files (`<app id>.vod2.myqcloud.com`); default the main app. */
  readonly vodAppId?: number;
  /** Callback scope (SdkAppId or ProjectId) and the ids events carry. */
  readonly events: {
    readonly scope: string;
    readonly sdkAppId?: number;
    readonly roomId?: string | number;
    /** TRRO: the device stream the task records, carried in every event's EventInfo. */
    readonly device?: { readonly projectId: string; readonly deviceId: string; readonly videoStreamId: number };
  };
}

/** How long after exit the uploads report (VOD: allow 30 s before use, reference §10). */
const COS_UPLOAD_MS = 2_000;
const VOD_COMMIT_MS = 30_000;
/** The emulated account's APPID, whose VOD main app serves files when no SubAppId is given. */
const VOD_MAIN_APP_ID = 1250000000;

/** The recording side of one TRTC or TRRO task: tracks, idle timer, exit, files and callbacks. */
export class RoomRecording {
  phase: RecordingPhase = 'running';
  leaveCode?: number;
  private readonly tracks = new TrackSet();
  private idleTimer: TimerInfo | undefined;
  private finalFiles: FileView[] | undefined;
  /** Room events before 301 (the bot's own join) must not record anything yet. */
  private started = false;
  /** The current subscription (ModifyCloudRecording overwrites it). */
  private subscribe: SubscribeStreamUserIds | undefined;

  constructor(
    readonly spec: RoomRecordingSpec,
    readonly record: TaskRecord,
    private readonly world: World,
    /** Called once, right after the task exits. */
    private readonly onExit: () => void = () => undefined,
  ) {
    this.subscribe = spec.shape.subscribe;
  }

  /** ModifyCloudRecording: a full overwrite of the subscription, applied at once (reference §3). */
  resubscribe(lists: SubscribeStreamUserIds): void {
    this.subscribe = lists;
    this.sync();
  }

  get owner(): string {
    return `${this.spec.product}/${this.spec.taskId}`;
  }

  /** Bot joins (a namesake already there is replaced: LeaveCode 101 for its task), 301 is sent. */
  start(): void {
    if (this.spec.botUserId !== undefined) {
      this.world.rooms.join(this.spec.roomKey, { userId: this.spec.botUserId, bot: true, owner: this.owner });
    }
    this.started = true;
    this.event(301, { Status: 0 });
    this.sync();
  }

  /** `Idle` (nobody recorded yet publishing), `InProgress`, or `Exited` (reference §3). */
  status(): 'Idle' | 'InProgress' | 'Exited' {
    if (this.phase !== 'running') return 'Exited';
    return this.tracks.recording() ? 'InProgress' : 'Idle';
  }

  /** Re-reads the room: opens/closes tracks and (re)arms the idle timer. */
  sync(): void {
    if (this.phase !== 'running' || !this.started) return;
    const { rooms, clock } = this.world;
    const now = clock.now();
    const shape: RecordingShape = { ...this.spec.shape, subscribe: this.subscribe };
    const firsts = this.tracks.sync(activeTracks(shape, rooms.publishers(this.spec.roomKey)), now);
    if (this.spec.storage === 'cos' && this.spec.naming.containers.includes('hls')) {
      for (const track of firsts) {
        this.event(307, {
          FileName: `${trackBaseName(this.spec.naming.prefix, track)}_${utcStamp(now)}.ts`,
          UserId: track.userId ?? '',
          TrackType: track.trackType,
          BeginTimeStamp: now,
        });
      }
    }
    // MaxIdleTime counts only while no anchor is in the room; a silent anchor is not idle.
    if (rooms.anchors(this.spec.roomKey).length > 0) {
      clock.clearTimer(this.idleTimer);
      this.idleTimer = undefined;
    } else if (this.idleTimer === undefined) {
      this.idleTimer = clock.after(this.spec.maxIdleMs, () => this.exit(99, 'idle-timeout'), `${this.owner} idle`);
    }
  }

  /** Ends recording: bot leaves, 302 with the LeaveCode, uploads reported after a short delay. */
  exit(leaveCode: number, reason: string): void {
    if (this.phase !== 'running') return;
    const { clock, rooms } = this.world;
    const now = clock.now();
    this.phase = 'exited';
    this.leaveCode = leaveCode;
    this.record.endedAt = now;
    this.record.endReason = reason;
    clock.clearTimer(this.idleTimer);
    this.tracks.closeAll(now);
    if (this.spec.botUserId !== undefined) rooms.leaveIfOwned(this.spec.roomKey, this.spec.botUserId, this.owner);
    this.event(302, { LeaveCode: leaveCode });
    this.finalFiles = this.storageFiles(outputFiles(this.tracks.list(), this.spec.naming, now));
    if (this.spec.storage === 'cos') clock.after(COS_UPLOAD_MS, () => this.reportCosUploads(), `${this.owner} upload`);
    else clock.after(VOD_COMMIT_MS, () => this.reportVodCommits(), `${this.owner} vod`);
    this.onExit();
  }

  /** Files so far (running) or as uploaded (after exit). */
  files(): FileView[] {
    return this.finalFiles ?? outputFiles(this.tracks.list(), this.spec.naming, this.world.clock.now());
  }

  /** The index files DescribeCloudRecording lists (COS only; empty for VOD). */
  storageFileList(): { UserId: string; FileName: string; TrackType: string; BeginTimeStamp: number }[] {
    if (this.spec.storage !== 'cos') return [];
    const seen = new Set<string>();
    return this.files()
      .filter(
        (f) =>
          !seen.has(`${f.userId ?? ''}/${f.trackType ?? ''}`) && seen.add(`${f.userId ?? ''}/${f.trackType ?? ''}`),
      )
      .map((f) => ({
        UserId: f.userId ?? '',
        FileName: f.name.split('/').pop() ?? f.name,
        TrackType: f.trackType ?? '',
        BeginTimeStamp: f.startMs,
      }));
  }

  private storageFiles(files: FileView[]): FileView[] {
    if (this.spec.storage === 'cos') return files;
    return files.map((f, i) => {
      const fileId = `5285890${String(randomInt(1e9)).padStart(9, '0')}${String(i).padStart(3, '0')}`;
      const host = `${this.spec.vodAppId ?? VOD_MAIN_APP_ID}.vod2.myqcloud.com`;
      return { ...f, fileId, url: `https://${host}/${fileId}/${f.name.split('/').pop() ?? f.name}` };
    });
  }

  private reportCosUploads(): void {
    const files = this.finalFiles ?? [];
    for (const file of files.filter((f) => f.format !== 'hls')) {
      const name = file.name.split('/').pop() ?? file.name;
      this.event(310, {
        Status: 0,
        FileList: [name],
        FileMessage: [
          {
            FileName: name,
            UserId: file.userId ?? '',
            TrackType: file.trackType ?? '',
            MediaId: file.userId === undefined ? 'mix' : 'main',
            StartTimeStamp: file.startMs,
            EndTimeStamp: file.endMs,
          },
        ],
      });
    }
    if (this.spec.naming.containers.includes('hls')) this.event(305, { Status: 0 });
  }

  private reportVodCommits(): void {
    for (const file of this.finalFiles ?? []) {
      this.event(311, {
        Status: 0,
        Errmsg: '',
        TencentVod: {
          UserId: file.userId ?? '',
          TrackType: file.trackType ?? '',
          MediaId: file.userId === undefined ? 'mix' : 'main',
          FileId: file.fileId ?? '',
          VideoUrl: file.url ?? '',
          CacheFile: file.name.split('/').pop() ?? file.name,
          StartTimeStamp: file.startMs,
          EndTimeStamp: file.endMs,
        },
      });
    }
    this.event(312, { Status: 0 });
  }

  private event(eventType: number, payload: Record<string, unknown>): void {
    sendTrtcEvent(this.world, {
      product: this.spec.product,
      scope: this.spec.events.scope,
      eventGroupId: 3,
      eventType,
      taskId: this.spec.taskId,
      payload,
      ...(this.spec.events.roomId !== undefined ? { roomId: this.spec.events.roomId } : {}),
      ...(this.spec.botUserId !== undefined ? { userId: this.spec.botUserId } : {}),
      ...(this.spec.events.sdkAppId !== undefined ? { sdkAppId: this.spec.events.sdkAppId } : {}),
      ...(this.spec.events.device !== undefined ? { device: this.spec.events.device } : {}),
    });
  }
}
