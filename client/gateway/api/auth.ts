/**
 * Bearer tokens with two scopes: `read` (status, result, list) and `write` (everything; write may
 * read). Tokens are compared as SHA-256 digests with timingSafeEqual, so neither the length nor
 * the content of a configured token shows in the time an answer takes.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors';

export type Scope = 'read' | 'write';

export interface ApiToken {
  readonly scope: Scope;
  /** The token; held as a Secret in config (runtime/redact.ts). */
  readonly token: { reveal(): string };
}

export interface Authenticator {
  /** Resolves the `Authorization` header to a scope, or throws 401/403 as an ApiError. */
  authorize(header: string | undefined, needed: Scope): void;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

const CHALLENGE = { 'www-authenticate': 'Bearer realm="recordings"' };

/** An authenticator over `tokens` (none configured: every protected route answers 401). */
export function createAuthenticator(tokens: readonly ApiToken[]): Authenticator {
  const known = tokens.map(({ scope, token }) => ({ scope, digest: digest(token.reveal()) }));
  return {
    authorize(header, needed) {
      const match = /^Bearer ([^\s]+)$/i.exec(header ?? '');
      if (match?.[1] === undefined) {
        throw new ApiError(
          401,
          'unauthorized',
          'authorization',
          known.length === 0 ? 'no API tokens are configured (GATEWAY_TOKENS)' : 'must be "Bearer <token>"',
          undefined,
          CHALLENGE,
        );
      }
      const presented = digest(match[1]);
      // Every configured token is compared, whatever matches first: the time says nothing of which.
      let scope: Scope | undefined;
      for (const entry of known) {
        if (timingSafeEqual(entry.digest, presented) && scope !== 'write') scope = entry.scope;
      }
      if (scope === undefined) {
        throw new ApiError(401, 'unauthorized', 'authorization', 'must be a configured token', undefined, CHALLENGE);
      }
      if (needed === 'write' && scope !== 'write') {
        throw new ApiError(403, 'forbidden', 'authorization', 'needs a token with the write scope');
      }
    },
  };
}
