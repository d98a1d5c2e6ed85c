/** The live-stream model behind CSS recording: which streams are being pushed, session by session. */
import { randomUUID } from 'node:crypto';
import { type EmulatorClock } from '../time/clock';

/** One pushed stream; a new push of the same name starts a new session. */
export interface LiveStream {
  readonly domain: string;
  readonly app: string;
  readonly stream: string;
  pushing: boolean;
  sessionId: string;
  startedAt: number;
  stoppedAt?: number;
}

export interface StreamAddress {
  /** Empty = any domain (CreateLiveRecord's DomainName is optional). */
  readonly domain?: string;
  readonly app?: string;
  readonly stream: string;
}

export type StreamEvent = { readonly type: 'push' | 'stop'; readonly stream: LiveStream; readonly at: number };

const DEFAULT_APP = 'live';

/** True when a recording task addressed by `task` covers the pushed stream `s`. */
export function streamMatches(task: StreamAddress, s: LiveStream): boolean {
  return (
    task.stream === s.stream &&
    (task.app ?? DEFAULT_APP) === s.app &&
    (task.domain === undefined || task.domain === '' || task.domain === s.domain)
  );
}

/** Every live stream by domain/app/name; listeners hear each push and stop. */
export class Streams {
  private readonly streams = new Map<string, LiveStream>();
  private readonly listeners: ((event: StreamEvent) => void)[] = [];

  constructor(private readonly clock: EmulatorClock) {}

  on(listener: (event: StreamEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Starts (or restarts) a push; returns the live session. */
  push(address: StreamAddress): LiveStream {
    const domain = address.domain ?? '';
    const app = address.app ?? DEFAULT_APP;
    const key = `${domain}/${app}/${address.stream}`;
    const at = this.clock.now();
    const existing = this.streams.get(key);
    if (existing?.pushing) return existing;
    const live: LiveStream = {
      domain,
      app,
      stream: address.stream,
      pushing: true,
      sessionId: randomUUID(),
      startedAt: at,
    };
    this.streams.set(key, live);
    this.emit({ type: 'push', stream: live, at });
    return live;
  }

  /** Ends a push; false when that stream is not being pushed. */
  stop(address: StreamAddress): boolean {
    const key = `${address.domain ?? ''}/${address.app ?? DEFAULT_APP}/${address.stream}`;
    const live = this.streams.get(key);
    if (!live?.pushing) return false;
    const at = this.clock.now();
    live.pushing = false;
    live.stoppedAt = at;
    this.emit({ type: 'stop', stream: live, at });
    return true;
  }

  /** Streams currently pushing that a task addressed by `task` would record. */
  pushing(task: StreamAddress): LiveStream[] {
    return [...this.streams.values()].filter((s) => s.pushing && streamMatches(task, s));
  }

  list(): LiveStream[] {
    return [...this.streams.values()].map((s) => ({ ...s }));
  }

  reset(): void {
    this.streams.clear();
  }

  private emit(event: StreamEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
