/** Task ids in each product's own format (opaque strings, or CSS's integers). */
import { randomBytes, randomInt } from 'node:crypto';

/**
 * TRTC / TRRO style: base64 with `/`→`-` and `=`→`.` (e.g. `-gCTFWtU7t7…4RAQ..`).
 * Random, so ids never repeat across resets.
 */
export function trtcTaskId(): string {
  return randomBytes(50).toString('base64').replace(/\//g, '-').replace(/=/g, '.');
}

/** TIW style: 20 lowercase letters and digits (e.g. `bj0mt2l23osdj300hl30`). */
export function tiwTaskId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** CSS: integer TaskIds, increasing and never reused within one emulator process. */
export class IntegerIds {
  private next: number;
  constructor(start = randomInt(1_000_000, 9_000_000)) {
    this.next = start;
  }
  take(): number {
    return this.next++;
  }
}
