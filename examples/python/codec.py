"""The orchestrator's payload encryption (runtime/codec.ts) as a temporalio PayloadCodec.

Same format, so a Python caller and the TypeScript workers read each other's payloads:

- An encrypted payload has metadata ``encoding: binary/encrypted`` and ``encryption-key-id: <id>``.
- Its data is ``iv (12 bytes) || AES-256-GCM ciphertext || tag (16 bytes)``, with the associated
  data ``binary/encrypted;encryption-key-id=<id>`` binding the key id to the ciphertext.
- The plaintext is the whole original payload framed (runtime/payload-frame.ts): version byte 1,
  u32 metadata count, then per entry sorted by key (u32 key length, key UTF-8, u32 value length,
  value), then u32 data length and data; all big-endian.
- A key's default id is ``sha256:`` + the first 16 hex digits of SHA-256 of the raw key.
"""

from __future__ import annotations

import hashlib
import os
import struct
from typing import Iterable, Sequence

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

ENCRYPTED_ENCODING = b"binary/encrypted"
KEY_ID_METADATA = "encryption-key-id"
FRAME_VERSION = 1
IV_BYTES = 12
TAG_BYTES = 16
KEY_BYTES = 32


class PayloadDecryptionError(Exception):
    """A payload could not be opened; never carries key material or plaintext."""


def key_id_of(key: bytes) -> str:
    """The id runtime/codec.ts gives a key when none is configured."""
    return "sha256:" + hashlib.sha256(key).hexdigest()[:16]


def frame_payload(payload: Payload) -> bytes:
    parts = [bytes([FRAME_VERSION]), struct.pack(">I", len(payload.metadata))]
    for key in sorted(payload.metadata.keys()):
        key_bytes = key.encode("utf-8")
        value = payload.metadata[key]
        parts += [struct.pack(">I", len(key_bytes)), key_bytes, struct.pack(">I", len(value)), value]
    parts += [struct.pack(">I", len(payload.data)), payload.data]
    return b"".join(parts)


def unframe_payload(frame: bytes) -> Payload:
    offset = 0

    def take(length: int) -> bytes:
        nonlocal offset
        if offset + length > len(frame):
            raise PayloadDecryptionError("payload frame is truncated")
        out = frame[offset : offset + length]
        offset += length
        return out

    def u32() -> int:
        return struct.unpack(">I", take(4))[0]

    version = take(1)[0]
    if version != FRAME_VERSION:
        raise PayloadDecryptionError(f"unknown payload frame version {version}")
    metadata = {}
    for _ in range(u32()):
        key = take(u32()).decode("utf-8")
        metadata[key] = take(u32())
    data = take(u32())
    if offset != len(frame):
        raise PayloadDecryptionError("payload frame has trailing bytes")
    return Payload(metadata=metadata, data=data)


def _associated_data(key_id: str) -> bytes:
    return ENCRYPTED_ENCODING + f";{KEY_ID_METADATA}={key_id}".encode("utf-8")


class EncryptionCodec(PayloadCodec):
    """Seals every payload with the current key; opens payloads sealed with any key it holds."""

    def __init__(self, key: bytes, key_id: str | None = None, previous: Iterable[tuple[bytes, str]] = ()) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError(f"an AES-256 key is {KEY_BYTES} bytes, got {len(key)}")
        self._current_id = key_id or key_id_of(key)
        self._keys = {self._current_id: AESGCM(key)}
        for old_key, old_id in previous:
            self._keys[old_id or key_id_of(old_key)] = AESGCM(old_key)

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self._seal(p) for p in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self._open(p) for p in payloads]

    def _seal(self, payload: Payload) -> Payload:
        iv = os.urandom(IV_BYTES)
        sealed = self._keys[self._current_id].encrypt(iv, frame_payload(payload), _associated_data(self._current_id))
        return Payload(
            metadata={"encoding": ENCRYPTED_ENCODING, KEY_ID_METADATA: self._current_id.encode("utf-8")},
            data=iv + sealed,
        )

    def _open(self, payload: Payload) -> Payload:
        # Payloads written before encryption was on (or by other codecs) pass through unchanged.
        if payload.metadata.get("encoding") != ENCRYPTED_ENCODING:
            return payload
        raw_id = payload.metadata.get(KEY_ID_METADATA)
        if raw_id is None:
            raise PayloadDecryptionError(f"encrypted payload has no {KEY_ID_METADATA}")
        key_id = raw_id.decode("utf-8")
        aead = self._keys.get(key_id)
        if aead is None:
            held = ", ".join(self._keys)
            raise PayloadDecryptionError(f'payload was encrypted with key "{key_id}", which this process does not hold (holds: {held})')
        data = payload.data
        if len(data) < IV_BYTES + TAG_BYTES:
            raise PayloadDecryptionError("encrypted payload is too short")
        try:
            frame = aead.decrypt(data[:IV_BYTES], data[IV_BYTES:], _associated_data(key_id))
        except Exception as error:  # InvalidTag: tampered, corrupt or the wrong key
            raise PayloadDecryptionError(f'encrypted payload failed authentication with key "{key_id}"') from error
        return unframe_payload(frame)
