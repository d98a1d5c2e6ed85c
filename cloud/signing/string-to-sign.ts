/** TC3 date, credential scope and string to sign. */
/** The only algorithm API 3.0 accepts in `Authorization`. */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

/**
 * `YYYY-MM-DD` of a timestamp in UTC. The server derives the date in UTC, so a local date
 * fails around midnight (reference §1.2 step 2).
 */
export function utcDate(timestampSeconds: number): string {
  const date = new Date(timestampSeconds * 1000);
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${date.getUTCFullYear()}-${month}-${day}`;
}

/** `<date>/<service>/tc3_request`. */
export function credentialScope(date: string, service: string): string {
  return `${date}/${service}/tc3_request`;
}

/** Inputs of the string to sign. */
export interface StringToSignParts {
  /** Integer seconds, the same value sent as `X-TC-Timestamp`. */
  readonly timestamp: number;
  readonly service: string;
  /** Lowercase hex SHA-256 of the canonical request. */
  readonly hashedCanonicalRequest: string;
}

/** `TC3-HMAC-SHA256\n<timestamp>\n<scope>\n<hashed canonical request>` (reference §1.2 step 6). */
export function buildStringToSign(parts: StringToSignParts): string {
  const scope = credentialScope(utcDate(parts.timestamp), parts.service);
  return [TC3_ALGORITHM, String(parts.timestamp), scope, parts.hashedCanonicalRequest].join('\n');
}
