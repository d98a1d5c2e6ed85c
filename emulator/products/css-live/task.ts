/**
 * One CSS CreateLiveRecord task: armed for [StartTime, EndTime) (scheduled) or now..≤30 min
 * (highlight); records every push of its stream inside the window, one session per push,
 * files split at record_interval (reference §7).
 */
import { type TimerInfo } from '../../time/clock';
import { type FileView, type TaskRecord } from '../../control/journal';
import { type LiveStream } from '../../world/streams';
import { mediaBytes, splitInterval } from '../media';
import { type World } from '../module';

export type CssState = 'scheduled' | 'waiting' | 'recording' | 'ended' | 'deleted';

export interface CssSettings {
  readonly taskId: number;
  readonly streamName: string;
  readonly appName: string;
  readonly domainName?: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly highlight: boolean;
  readonly fileFormat: string;
  readonly audioOnly: boolean;
  readonly recordIntervalMs: number;
  readonly streamParam: string;
}

export interface CssSession {
  readonly stream: LiveStream;
  readonly start: number;
  end?: number;
}

/** Hooks for callbacks: a session started/ended, a file was produced. */
export interface CssObserver {
  sessionStarted(task: CssTask, session: CssSession): void;
  sessionEnded(task: CssTask, session: CssSession, files: FileView[]): void;
}

const VIDEO_BPS = 2_000_000;
const AUDIO_BPS = 128_000;

/** One CSS task: its window timers, the sessions it recorded and their files. */
export class CssTask {
  state: CssState = 'scheduled';
  readonly sessions: CssSession[] = [];
  private readonly timers: TimerInfo[] = [];

  constructor(
    readonly s: CssSettings,
    readonly record: TaskRecord,
    private readonly world: World,
    private readonly observer: CssObserver,
  ) {}

  /** Arms the window timers; a window already open starts now. */
  arm(): void {
    const { clock } = this.world;
    this.timers.push(clock.setTimer(this.s.startMs, () => this.open(), `css-live/${this.s.taskId} start`));
    this.timers.push(clock.setTimer(this.s.endMs, () => this.end('end-time'), `css-live/${this.s.taskId} end`));
    if (this.s.startMs <= clock.now()) this.open();
  }

  /** Not ended and not deleted: the task still counts as live. */
  live(): boolean {
    return this.state === 'scheduled' || this.state === 'waiting' || this.state === 'recording';
  }

  /** Inside its window (what DeleteLiveRecord refuses). */
  windowOpen(): boolean {
    return this.state === 'waiting' || this.state === 'recording';
  }

  /** A push or stop of a matching stream while the window is open. */
  onStream(event: 'push' | 'stop', stream: LiveStream): void {
    if (!this.windowOpen()) return;
    if (event === 'push') this.startSession(stream);
    else this.endSession(stream.sessionId);
  }

  /** Ends the task (EndTime reached, or StopLiveRecord). */
  end(reason: string): void {
    if (!this.live()) return;
    const { clock } = this.world;
    for (const session of this.sessions.filter((s) => s.end === undefined)) this.endSession(session.stream.sessionId);
    for (const timer of this.timers) clock.clearTimer(timer);
    this.state = 'ended';
    this.record.endedAt = clock.now();
    this.record.endReason = reason;
  }

  /** DeleteLiveRecord: the task record goes away (and a scheduled task never records). */
  delete(): void {
    for (const timer of this.timers) this.world.clock.clearTimer(timer);
    this.state = 'deleted';
  }

  files(): FileView[] {
    const now = this.world.clock.now();
    return this.sessions.flatMap((session) => this.sessionFiles(session, session.end ?? now));
  }

  private open(): void {
    if (this.state !== 'scheduled') return;
    this.state = 'waiting';
    for (const stream of this.world.streams.pushing({
      stream: this.s.streamName,
      app: this.s.appName,
      ...(this.s.domainName ? { domain: this.s.domainName } : {}),
    })) {
      this.startSession(stream);
    }
  }

  private startSession(stream: LiveStream): void {
    if (this.sessions.some((s) => s.stream.sessionId === stream.sessionId && s.end === undefined)) return;
    const session: CssSession = { stream, start: this.world.clock.now() };
    this.sessions.push(session);
    this.state = 'recording';
    this.observer.sessionStarted(this, session);
  }

  private endSession(sessionId: string): void {
    const session = this.sessions.find((s) => s.stream.sessionId === sessionId && s.end === undefined);
    if (!session) return;
    session.end = this.world.clock.now();
    if (!this.sessions.some((s) => s.end === undefined)) this.state = 'waiting';
    this.observer.sessionEnded(this, session, this.sessionFiles(session, session.end));
  }

  private sessionFiles(session: CssSession, end: number): FileView[] {
    const format = this.s.fileFormat;
    const pieces =
      format === 'hls' ? [{ start: session.start, end }] : splitInterval(session.start, end, this.s.recordIntervalMs);
    const bps = this.s.audioOnly || format === 'aac' || format === 'mp3' ? AUDIO_BPS : VIDEO_BPS;
    return pieces.map((p) => {
      const fileId = `${this.s.taskId}${String(p.start).slice(-9)}`;
      return {
        name: `${this.s.streamName}_${p.start}.${format === 'hls' ? 'm3u8' : format}`,
        url: `http://1250000000.vod2.myqcloud.com/emulator/${fileId}/f0.${format === 'hls' ? 'm3u8' : format}`,
        fileId,
        trackType: this.s.audioOnly ? 'audio' : 'audio_video',
        format,
        startMs: p.start,
        endMs: p.end,
        durationMs: p.end - p.start,
        sizeBytes: mediaBytes(p.end - p.start, bps),
      };
    });
  }
}
