// A scripted ProviderIo: records each call and answers from a queue (data or a thrown error).
import type { ProviderIo } from '../../../recorders/types';

export interface RecordedCall {
  readonly action: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export type Answer = { readonly data: Record<string, unknown> } | { readonly error: unknown };

export class FakeIo implements ProviderIo {
  readonly calls: RecordedCall[] = [];
  heartbeats = 0;
  private readonly answers: Answer[];

  constructor(...answers: Answer[]) {
    this.answers = answers;
  }

  call(action: string, payload: Readonly<Record<string, unknown>>) {
    this.calls.push({ action, payload });
    const answer = this.answers.shift();
    if (answer === undefined) return Promise.reject(new Error(`unexpected call ${action}`));
    if ('error' in answer)
      return Promise.reject(answer.error instanceof Error ? answer.error : new Error(String(answer.error)));
    return Promise.resolve({ data: answer.data, requestId: `req-${this.calls.length}` });
  }

  heartbeat(): void {
    this.heartbeats++;
  }
}
