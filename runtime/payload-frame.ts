/**
 * Serialises a Temporal payload (metadata map + data) to one byte string and back, so the
 * encryption codec can seal the metadata too (it names the payload's type and encoding).
 * Layout: version byte, u32 metadata count, then (u32 key length, key UTF-8, u32 value
 * length, value) per entry sorted by key, then u32 data length and data. Big-endian.
 */
import { type Payload } from '@temporalio/common';

const FRAME_VERSION = 1;

/** Bytes of one payload; throws for payloads this frame cannot carry whole. */
export function framePayload(payload: Payload): Buffer {
  if (
    payload.externalPayloads !== undefined &&
    payload.externalPayloads !== null &&
    payload.externalPayloads.length > 0
  ) {
    // Not used here; refusing is safer than silently dropping the references.
    throw new Error('cannot encrypt a payload that references external storage');
  }
  const parts: Buffer[] = [Buffer.from([FRAME_VERSION])];
  const entries = Object.entries(payload.metadata ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  parts.push(u32(entries.length));
  for (const [key, value] of entries) {
    const keyBytes = Buffer.from(key, 'utf8');
    parts.push(u32(keyBytes.length), keyBytes, u32(value.byteLength), Buffer.from(value));
  }
  const data = payload.data ?? new Uint8Array();
  parts.push(u32(data.byteLength), Buffer.from(data));
  return Buffer.concat(parts);
}

/** The payload a frame holds; throws on any malformed or truncated frame. */
export function unframePayload(frame: Uint8Array): Payload {
  const reader = new Reader(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
  const version = reader.bytes(1)[0];
  if (version !== FRAME_VERSION) throw new Error(`unknown payload frame version ${String(version)}`);
  const count = reader.u32();
  const metadata: Record<string, Uint8Array> = {};
  for (let i = 0; i < count; i += 1) {
    const key = reader.bytes(reader.u32()).toString('utf8');
    metadata[key] = new Uint8Array(reader.bytes(reader.u32()));
  }
  const data = new Uint8Array(reader.bytes(reader.u32()));
  if (!reader.atEnd()) throw new Error('payload frame has trailing bytes');
  return { metadata, data };
}

function u32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
}

class Reader {
  private offset = 0;

  constructor(private readonly buffer: Buffer) {}

  u32(): number {
    const value = this.bytes(4).readUInt32BE(0);
    return value;
  }

  bytes(length: number): Buffer {
    if (this.offset + length > this.buffer.length) throw new Error('payload frame is truncated');
    const out = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  atEnd(): boolean {
    return this.offset === this.buffer.length;
  }
}
