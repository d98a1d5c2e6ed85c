/** Lenient zod pieces for provider bodies (callbacks and responses): numbers that arrive as strings, optional everything. */
import { z } from 'zod';
import { stableHash } from '../domain/stable-hash';

/** A number the provider sometimes sends as a decimal string (`RoomId`, `EventTs`). */
export const looseNumber = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);

/** A string the provider sometimes sends as a number (TRTC `RoomId` of integer rooms). */
export const looseString = z.union([z.string(), z.number().transform(String)]);

/** An optional text field; the provider's `null` and `""` both mean absent. */
export const optText = z
  .string()
  .nullish()
  .transform((v) => (v === null || v === '' ? undefined : v));

/** Seconds or milliseconds since the epoch, normalised to milliseconds. */
export function toEpochMs(value: number): number {
  return value < 1e11 ? value * 1000 : value;
}

/** A dedupe key that survives provider retries: built from fields that do not change per retry. */
export function eventIdOf(parts: readonly (string | number | undefined)[], content?: unknown): string {
  const base = parts.map((p) => (p === undefined ? '' : String(p))).join(':');
  return content === undefined ? base : `${base}:${stableHash(JSON.stringify(content) ?? '')}`;
}

/** Drops `undefined` members so events stay plain JSON with only the fields that were known. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
