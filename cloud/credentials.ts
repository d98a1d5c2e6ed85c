/** A credentials holder that cannot leak: secrets stay in private fields and every rendering is redacted. */
import { inspect } from 'node:util';
import type { Credentials } from './types';

/** Shows just enough of a SecretId to tell keys apart in logs (`AKID…MPLE`). */
function maskId(secretId: string): string {
  return secretId.length > 12 ? `${secretId.slice(0, 4)}…${secretId.slice(-4)}` : '…';
}

/**
 * Holds a SecretId, SecretKey and optional session token. Getters keep it usable wherever
 * {@link Credentials} is expected, while `JSON.stringify`, `util.inspect`, template strings
 * and `toString()` show only a masked SecretId (house rule: secrets never in logs or errors).
 */
export class CloudCredentials implements Credentials {
  readonly #secretId: string;
  readonly #secretKey: string;
  readonly #token: string | undefined;

  constructor(credentials: Credentials) {
    this.#secretId = credentials.secretId;
    this.#secretKey = credentials.secretKey;
    this.#token = credentials.token;
    Object.freeze(this);
  }

  /** Wraps plain credentials; returns a holder unchanged. */
  static from(credentials: Credentials): CloudCredentials {
    return credentials instanceof CloudCredentials ? credentials : new CloudCredentials(credentials);
  }

  get secretId(): string {
    return this.#secretId;
  }

  get secretKey(): string {
    return this.#secretKey;
  }

  get token(): string | undefined {
    return this.#token;
  }

  toString(): string {
    return `CloudCredentials(${maskId(this.#secretId)}, secretKey: [redacted]${this.#token === undefined ? '' : ', token: [redacted]'})`;
  }

  toJSON(): Record<string, string> {
    return {
      secretId: maskId(this.#secretId),
      secretKey: '[redacted]',
      ...(this.#token === undefined ? {} : { token: '[redacted]' }),
    };
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
