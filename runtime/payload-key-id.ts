/**
 * The payload key's public fingerprint, and how a worker publishes it through Temporal so a
 * gateway can tell, before accepting a recording, whether the workers could decrypt it.
 *
 * The fingerprint is derived from the key bytes (never from PAYLOAD_ENCRYPTION_KEY_ID, which two
 * different keys could share): `sha256:` and the first 16 hex digits of SHA-256(key). A worker
 * puts it in its poller identity (`<pid>@<host> payload-key=sha256:…`), which DescribeTaskQueue
 * returns for every poller of a queue; the worker's /readyz body shows it too.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { type EncryptionKey } from './codec';

/** `sha256:<16 hex>` of the key bytes: names the key without revealing it. */
export function payloadKeyFingerprint(key: EncryptionKey): string {
  return `sha256:${createHash('sha256').update(key.key.reveal()).digest('hex').slice(0, 16)}`;
}

const MARKER = 'payload-key=';

/** The identity every Temporal worker of this process polls with: the SDK's default plus the fingerprint. */
export function workerIdentity(key: EncryptionKey, base = `${process.pid}@${hostname()}`): string {
  return `${base} ${MARKER}${payloadKeyFingerprint(key)}`;
}

/** The fingerprint a poller identity publishes (DescribeTaskQueue `pollers[].identity`), if any. */
export function payloadKeyOfIdentity(identity: string): string | undefined {
  const match = /(?:^|\s)payload-key=(sha256:[0-9a-f]{16})(?:\s|$)/.exec(identity);
  return match?.[1];
}
