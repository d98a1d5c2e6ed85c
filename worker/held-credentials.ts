/** Tencent Cloud credentials that cannot be printed: the config's form of the provider key pair. */
import { inspect } from 'node:util';
import type { Credentials } from '../cloud/types';
import { REDACTED } from './redact';

/**
 * Credentials whose fields are getters over private fields: usable wherever `Credentials`
 * is expected, invisible to JSON.stringify, util.inspect and string conversion.
 */
export class HeldCredentials implements Credentials {
  readonly #secretId: string;
  readonly #secretKey: string;
  readonly #token: string | undefined;

  constructor(secretId: string, secretKey: string, token: string | undefined) {
    this.#secretId = secretId;
    this.#secretKey = secretKey;
    this.#token = token;
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

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Credentials(${REDACTED})`;
  }
}
