/**
 * One TIW online-recording task: PREPARED → RECORDING ⇄ PAUSED → STOPPED → FINISHED with
 * FinishReason AUTO / USER_CALL / EXCEPTION / FORCE_STOP; AutoStopTimeout on no A/V and no
 * board activity; forced stop after 90 min paused or 24 h (reference §6, §9).
 */
import { type TimerInfo } from '../../time/clock';
import { type FileView, type TaskRecord } from '../../control/journal';
import { mediaBytes, recordedMs, TrackSet } from '../media';
import { type World } from '../module';

export type TiwStatus = 'PREPARED' | 'RECORDING' | 'PAUSED' | 'STOPPED' | 'FINISHED';
export type FinishReason = '' | 'AUTO' | 'USER_CALL' | 'EXCEPTION' | 'FORCE_STOP';

export interface TiwSettings {
  readonly sdkAppId: number;
  readonly roomId: number;
  readonly roomKey: string;
  readonly recordUserId: string;
  readonly groupId: string;
  readonly autoStopMs: number;
  readonly mixStream: boolean;
  readonly audioFileNeeded: boolean;
  readonly width: number;
  readonly height: number;
}

const MAX_PAUSE_MS = 90 * 60_000;
const MAX_TOTAL_MS = 24 * 3_600_000;

/** One TIW task's state machine, timers and recorded media. */
export class TiwTask {
  status: TiwStatus = 'PREPARED';
  finishReason: FinishReason = '';
  startedAt?: number;
  stoppedAt?: number;
  finishedAt?: number;
  exceptionCnt = 0;
  readonly interrupts = new Map<string, number>();
  readonly omitted: { VideoTime: number; PauseTime: number; ResumeTime: number }[] = [];
  private pausedAt?: number;
  /** Last moment someone published A/V (the start counts as activity). */
  private lastAvAt: number;
  private hadPublishers = false;
  private readonly tracks = new TrackSet();
  private readonly timers: Record<'prepare' | 'auto' | 'pause' | 'total', TimerInfo | undefined> = {
    prepare: undefined,
    auto: undefined,
    pause: undefined,
    total: undefined,
  };

  constructor(
    readonly s: TiwSettings,
    readonly record: TaskRecord,
    private readonly world: World,
    private readonly emit: (
      task: TiwTask,
      event: 'OnlineRecordStarted' | 'OnlineRecordStopped' | 'OnlineRecordFinished',
    ) => void,
  ) {
    this.lastAvAt = record.createdAt;
  }

  get owner(): string {
    return `tiw-online/${this.record.taskId}`;
  }

  /** The bot enters the room; recording begins once it is prepared. */
  start(prepareMs: number): void {
    const { clock, rooms } = this.world;
    rooms.join(this.s.roomKey, { userId: this.s.recordUserId, bot: true, owner: this.owner });
    this.timers.prepare = clock.after(prepareMs, () => this.begin(), `${this.owner} prepare`);
    this.timers.total = clock.after(MAX_TOTAL_MS, () => this.stop('FORCE_STOP'), `${this.owner} 24h`);
    this.sync();
  }

  /** True while the bot is in the room (the RecordUserId is taken). */
  active(): boolean {
    return this.status === 'PREPARED' || this.status === 'RECORDING' || this.status === 'PAUSED';
  }

  pause(): void {
    this.status = 'PAUSED';
    this.pausedAt = this.world.clock.now();
    this.timers.pause = this.world.clock.after(
      MAX_PAUSE_MS,
      () => this.stop('FORCE_STOP'),
      `${this.owner} paused 90 min`,
    );
    this.sync();
  }

  resume(): void {
    const now = this.world.clock.now();
    this.omitted.push({
      VideoTime: this.totalTime(this.pausedAt ?? now),
      PauseTime: this.pausedAt ?? now,
      ResumeTime: now,
    });
    this.status = 'RECORDING';
    this.pausedAt = undefined;
    this.lastAvAt = now; // a resume is an operation: the quiet period restarts
    this.world.clock.clearTimer(this.timers.pause);
    this.sync();
  }

  /** Ends recording (STOPPED), then FINISHED after processing. */
  stop(
    reason: Exclude<FinishReason, ''>,
    processingMs = this.world.settings.behaviour.tiwProcessingSeconds * 1000,
  ): void {
    if (!this.active()) return;
    const { clock, rooms } = this.world;
    const now = clock.now();
    if (this.status === 'PAUSED' && this.pausedAt !== undefined)
      this.omitted.push({ VideoTime: this.totalTime(this.pausedAt), PauseTime: this.pausedAt, ResumeTime: now });
    this.status = 'STOPPED';
    this.finishReason = reason;
    this.stoppedAt = now;
    this.record.endedAt = now;
    this.record.endReason = reason;
    for (const timer of Object.values(this.timers)) clock.clearTimer(timer);
    this.tracks.closeAll(now);
    rooms.leaveIfOwned(this.s.roomKey, this.s.recordUserId, this.owner);
    this.emit(this, 'OnlineRecordStopped');
    clock.after(
      processingMs,
      () => {
        this.status = 'FINISHED';
        this.finishedAt = clock.now();
        this.emit(this, 'OnlineRecordFinished');
      },
      `${this.owner} processing`,
    );
  }

  /** A client entered with the RecordUserId: they kick each other (reference §6). */
  interrupted(byUserId: string): void {
    this.exceptionCnt += 1;
    this.interrupts.set(byUserId, (this.interrupts.get(byUserId) ?? 0) + 1);
    this.world.rooms.join(this.s.roomKey, { userId: this.s.recordUserId, bot: true, owner: this.owner });
  }

  /** Re-reads the room: recorded tracks, and the AutoStopTimeout timer. */
  sync(): void {
    if (!this.active()) return;
    const { clock, rooms } = this.world;
    const now = clock.now();
    const publishers = rooms.publishers(this.s.roomKey);
    const recording = this.status === 'RECORDING';
    this.tracks.sync(
      recording
        ? [
            { id: 'board', trackType: 'video' },
            ...publishers.map((u) => ({ id: u.userId, userId: u.userId, trackType: 'audio_video' as const })),
          ]
        : [],
      now,
    );
    if (this.hadPublishers || publishers.length > 0) this.lastAvAt = now;
    this.hadPublishers = publishers.length > 0;
    // No upstream A/V and no whiteboard operation for AutoStopTimeout → AUTO (not while paused).
    clock.clearTimer(this.timers.auto);
    this.timers.auto = undefined;
    if (this.status === 'PAUSED' || publishers.length > 0) return;
    const lastBoard = rooms.get(this.s.roomKey)?.lastBoardActivityAt ?? 0;
    const quietSince = Math.max(this.lastAvAt, lastBoard);
    this.timers.auto = clock.setTimer(
      quietSince + this.s.autoStopMs,
      () => this.stop('AUTO'),
      `${this.owner} auto stop`,
    );
  }

  /** Recorded video length so far, pauses excluded (ms). */
  totalTime(at = this.world.clock.now()): number {
    const board = this.tracks.list().find((t) => t.id === 'board');
    return board ? recordedMs(board, Math.min(at, this.stoppedAt ?? at)) : 0;
  }

  /** Output videos, reported once FINISHED (VideoType 0 camera, 2 board, 3 mix, 4 mp3). */
  videos(): FileView[] {
    if (this.status !== 'FINISHED') return [];
    const base = `https://tiw-record.emulator.local/${this.s.sdkAppId}/${this.record.taskId}`;
    const files: FileView[] = [];
    for (const track of this.tracks.list()) {
      const first = track.sessions[0];
      if (!first) continue;
      const durationMs = recordedMs(track, this.stoppedAt ?? 0);
      const name = track.userId === undefined ? 'whiteboard' : `camera_${track.userId}`;
      files.push({
        name: `${base}/${name}.mp4`,
        url: `${base}/${name}.mp4`,
        ...(track.userId !== undefined ? { userId: track.userId } : {}),
        trackType: track.userId === undefined ? 'board' : 'camera',
        format: 'mp4',
        startMs: first.start,
        endMs: this.stoppedAt ?? first.start,
        durationMs,
        sizeBytes: mediaBytes(durationMs, 1_000_000),
      });
      if (this.s.audioFileNeeded && track.userId !== undefined) {
        files.push({
          name: `${base}/${name}.mp3`,
          url: `${base}/${name}.mp3`,
          userId: track.userId,
          trackType: 'mp3',
          format: 'mp3',
          startMs: first.start,
          endMs: this.stoppedAt ?? first.start,
          durationMs,
          sizeBytes: mediaBytes(durationMs, 64_000),
        });
      }
    }
    const board = files.find((f) => f.trackType === 'board');
    if (this.s.mixStream && board)
      files.push({ ...board, name: `${base}/mix.mp4`, url: `${base}/mix.mp4`, trackType: 'mix' });
    return files;
  }

  private begin(): void {
    if (this.status !== 'PREPARED') return;
    this.status = 'RECORDING';
    this.startedAt = this.world.clock.now();
    this.emit(this, 'OnlineRecordStarted');
    this.sync();
  }
}
