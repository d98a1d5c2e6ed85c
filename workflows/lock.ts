/** Serialises provider control calls (pause, resume, modify, stop) so two never race on one task. */
import { condition } from '@temporalio/workflow';

export class ControlLock {
  private held = false;

  /** Runs `body` once no other control call is in flight. */
  async run<T>(body: () => Promise<T>): Promise<T> {
    await condition(() => !this.held);
    this.held = true;
    try {
      return await body();
    } finally {
      this.held = false;
    }
  }
}
