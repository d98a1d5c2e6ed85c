/**
 * AES-256-GCM payload encryption for Temporal (invariant 5): workflow and activity inputs
 * carry UserSig, RecordUserSig and storage SecretKeys, and history must never hold them in
 * plain text. Client and worker use the same `dataConverter(keys)`.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { framePayload, unframePayload } from './payload-frame';
import { Secret } from './redact';

/** `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata naming the key that sealed a payload, so keys can rotate. */
export const KEY_ID_METADATA = 'encryption-key-id';
/** Loaded by path (see failure-converter.ts); resolves to .ts or .js as the process runs. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface EncryptionKey {
  /** Public, stable name of the key (stored in each payload's metadata). */
  readonly id: string;
  readonly key: Secret<Buffer>;
}

/** The key that seals new payloads, and older keys that may still open history. */
export interface EncryptionKeyring {
  readonly current: EncryptionKey;
  readonly previous?: readonly EncryptionKey[];
}

/** Raised when a payload cannot be opened; never includes key material or plaintext. */
export class PayloadDecryptionError extends Error {
  override readonly name = 'PayloadDecryptionError';
}

/**
 * Wraps 32 raw key bytes. The id defaults to a SHA-256 fingerprint prefix, which names the
 * key without revealing it, so two processes agree on ids without extra configuration.
 */
export function encryptionKey(bytes: Uint8Array, id?: string): EncryptionKey {
  if (bytes.byteLength !== KEY_BYTES) throw new Error(`an AES-256 key is ${KEY_BYTES} bytes, got ${bytes.byteLength}`);
  const key = Buffer.from(bytes);
  return { id: id ?? `sha256:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`, key: new Secret(key) };
}

/** A PayloadCodec sealing each payload (metadata and data) with AES-256-GCM. */
export class EncryptionCodec implements PayloadCodec {
  private readonly byId: ReadonlyMap<string, EncryptionKey>;

  constructor(private readonly keyring: EncryptionKeyring) {
    this.byId = new Map([keyring.current, ...(keyring.previous ?? [])].map((k) => [k.id, k]));
  }

  // Through then(): a failure must reject the promise, never throw at the call site.
  encode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() => payloads.map((payload) => this.seal(payload)));
  }

  decode(payloads: Payload[]): Promise<Payload[]> {
    return Promise.resolve().then(() => payloads.map((payload) => this.open(payload)));
  }

  private seal(payload: Payload): Payload {
    const { id, key } = this.keyring.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.reveal(), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(id));
    const sealed = Buffer.concat([iv, cipher.update(framePayload(payload)), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id) },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    // Payloads written before encryption was on (or by other codecs) pass through unchanged.
    if (encoding === undefined || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
    const idBytes = payload.metadata?.[KEY_ID_METADATA];
    if (idBytes === undefined) throw new PayloadDecryptionError(`encrypted payload has no ${KEY_ID_METADATA}`);
    const id = Buffer.from(idBytes).toString();
    const entry = this.byId.get(id);
    if (entry === undefined) {
      const held = [...this.byId.keys()].join(', ');
      throw new PayloadDecryptionError(
        `payload was encrypted with key "${id}", which this process does not hold (holds: ${held})`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError('encrypted payload is too short');
    const decipher = createDecipheriv('aes-256-gcm', entry.key.reveal(), data.subarray(0, IV_BYTES), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData(id));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let frame: Buffer;
    try {
      frame = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `encrypted payload failed authentication with key "${id}" (tampered or corrupt)`,
      );
    }
    return unframePayload(frame);
  }
}

/** Binds the key id to the ciphertext, so relabelling a payload with another id fails. */
function associatedData(keyId: string): Buffer {
  return Buffer.from(`${ENCRYPTED_ENCODING};${KEY_ID_METADATA}=${keyId}`);
}

/**
 * The data converter for every Temporal client and worker of this project: payloads
 * encrypted, failure messages and stack traces encoded (then encrypted) too.
 * A pre-built workflow bundle must be built with the same `failureConverterPath`.
 */
export function dataConverter(keys: EncryptionKeyring): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
