/**
 * The identity a worker polls with, carrying the id of the payload key it seals with. Temporal
 * shows it to anyone who describes the task queue, so the gateway can see, before it accepts a
 * recording, whether the workers would be able to open its payloads (the id is a public name of
 * the key, never the key).
 */
import { hostname } from 'node:os';

const KEY_MARK = ' payload-key=';

/** `<pid>@<host> payload-key=<keyId>`: Temporal's default identity with the key id appended. */
export function workerIdentity(payloadKeyId: string, pid = process.pid, host = hostname()): string {
  return `${pid}@${host}${KEY_MARK}${payloadKeyId}`;
}

/** The payload key id a poller's identity publishes, or `undefined` for a worker that publishes none. */
export function payloadKeyIdOf(identity: string): string | undefined {
  const at = identity.lastIndexOf(KEY_MARK);
  if (at < 0) return undefined;
  const id = identity.slice(at + KEY_MARK.length).trim();
  return id === '' ? undefined : id;
}
