/** Payload encryption: round trip, tamper and wrong-key detection, no plaintext on the wire. */
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import {
  ENCRYPTED_ENCODING,
  EncryptionCodec,
  KEY_ID_METADATA,
  PayloadDecryptionError,
  dataConverter,
  encryptionKey,
} from '../../../runtime/codec';
import { framePayload, unframePayload } from '../../../runtime/payload-frame';

const keyA = encryptionKey(Buffer.alloc(32, 0xa1));
const keyB = encryptionKey(Buffer.alloc(32, 0xb2));
const SECRET = 'UserSig-eJwtzF0LgjAYBeD-sus';

const input = { RecordUserSig: SECRET, StorageParams: { CloudStorage: { SecretKey: 'storage-secret-key-value' } } };
const plain = (): Payload => defaultPayloadConverter.toPayload(input);

async function roundTrip(codec: EncryptionCodec, payload: Payload): Promise<Payload> {
  const [encoded] = await codec.encode([payload]);
  if (encoded === undefined) throw new Error('no payload encoded');
  return encoded;
}

describe('EncryptionCodec', () => {
  test('round trip gives back the same metadata and data', async () => {
    const codec = new EncryptionCodec({ current: keyA });
    const encoded = await roundTrip(codec, plain());
    const [decoded] = await codec.decode([encoded]);
    expect(decoded).toEqual({ metadata: plain().metadata, data: plain().data });
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual(input);
  });

  test('an encoded payload names its encoding and key, and holds no plaintext', async () => {
    const encoded = await roundTrip(new EncryptionCodec({ current: keyA }), plain());
    expect(Buffer.from(encoded.metadata?.encoding ?? []).toString()).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encoded.metadata?.[KEY_ID_METADATA] ?? []).toString()).toBe(keyA.id);
    const wire = Buffer.concat([
      Buffer.from(encoded.data ?? []),
      ...Object.values(encoded.metadata ?? {}).map((v) => Buffer.from(v)),
    ]);
    for (const needle of [SECRET, 'storage-secret-key-value', 'RecordUserSig', 'json/plain']) {
      expect(wire.includes(Buffer.from(needle))).toBe(false);
      expect(wire.toString('base64')).not.toContain(Buffer.from(needle).toString('base64'));
    }
  });

  test('two encodings of the same payload differ (fresh IV each time)', async () => {
    const codec = new EncryptionCodec({ current: keyA });
    const [one, two] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(one?.data ?? []).equals(Buffer.from(two?.data ?? []))).toBe(false);
  });

  test('a flipped ciphertext bit is detected as tampering', async () => {
    const codec = new EncryptionCodec({ current: keyA });
    const encoded = await roundTrip(codec, plain());
    const data = Buffer.from(encoded.data ?? []);
    data[20] = (data[20] ?? 0) ^ 0x01;
    await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow(/failed authentication .*tampered or corrupt/);
  });

  test('relabelling a payload with another key id fails authentication', async () => {
    const encoded = await roundTrip(new EncryptionCodec({ current: keyA }), plain());
    const twin = encryptionKey(Buffer.alloc(32, 0xa1), 'other-id');
    const relabelled = { ...encoded, metadata: { ...encoded.metadata, [KEY_ID_METADATA]: Buffer.from('other-id') } };
    await expect(new EncryptionCodec({ current: twin }).decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  test('the wrong key fails clearly, naming the missing key id and not the key', async () => {
    const encoded = await roundTrip(new EncryptionCodec({ current: keyA }), plain());
    const attempt = new EncryptionCodec({ current: keyB }).decode([encoded]);
    await expect(attempt).rejects.toBeInstanceOf(PayloadDecryptionError);
    await expect(attempt).rejects.toThrow(
      `encrypted with key "${keyA.id}", which this process does not hold (holds: ${keyB.id})`,
    );
  });

  test('a previous key still opens old payloads after rotation', async () => {
    const old = await roundTrip(new EncryptionCodec({ current: keyA }), plain());
    const rotated = new EncryptionCodec({ current: keyB, previous: [keyA] });
    const [decoded] = await rotated.decode([old]);
    expect(defaultPayloadConverter.fromPayload(decoded as Payload)).toEqual(input);
    const fresh = await roundTrip(rotated, plain());
    expect(Buffer.from(fresh.metadata?.[KEY_ID_METADATA] ?? []).toString()).toBe(keyB.id);
  });

  test('unencrypted payloads pass through decode unchanged', async () => {
    const payload = plain();
    await expect(new EncryptionCodec({ current: keyA }).decode([payload])).resolves.toEqual([payload]);
  });

  test('a truncated payload is rejected', async () => {
    const encoded = await roundTrip(new EncryptionCodec({ current: keyA }), plain());
    const codec = new EncryptionCodec({ current: keyA });
    await expect(codec.decode([{ ...encoded, data: Buffer.alloc(10) }])).rejects.toThrow(/too short/);
  });

  test('key ids are fingerprints that do not reveal the key; keys must be 32 bytes', () => {
    expect(keyA.id).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(keyA.id).not.toBe(keyB.id);
    expect(JSON.stringify(keyA)).not.toContain(Buffer.alloc(32, 0xa1).toString('base64'));
    expect(() => encryptionKey(Buffer.alloc(16))).toThrow('an AES-256 key is 32 bytes, got 16');
  });

  test('dataConverter wires the codec and the encoding failure converter', () => {
    const converter = dataConverter({ current: keyA });
    expect(converter.payloadCodecs).toEqual([expect.any(EncryptionCodec)]);
    expect(converter.failureConverterPath).toMatch(/failure-converter\.(ts|js)$/);
  });
});

describe('payload frame', () => {
  test('round trips empty and binary payloads, and rejects truncated or padded frames', () => {
    const binary: Payload = {
      metadata: { encoding: Buffer.from('binary/plain'), 'x-é': new Uint8Array([0, 255]) },
      data: new Uint8Array([1, 2, 3]),
    };
    expect(unframePayload(framePayload(binary))).toEqual(binary);
    expect(unframePayload(framePayload({}))).toEqual({ metadata: {}, data: new Uint8Array() });
    const frame = framePayload(binary);
    expect(() => unframePayload(frame.subarray(0, frame.length - 1))).toThrow('truncated');
    expect(() => unframePayload(Buffer.concat([frame, Buffer.from([0])]))).toThrow('trailing bytes');
    expect(() => unframePayload(Buffer.from([9]))).toThrow('unknown payload frame version 9');
  });
});
