/**
 * Start-parameter validation for every product, used by the client before workflow.start and
 * again by the start activity (activity input is a boundary too). Not pure: it runs zod.
 */
import type { Product } from '../domain/catalog';
import { InvalidRecordingParams } from './errors';
import { recorderFor } from './registry';
import { formatIssues } from './schema-kit';

/**
 * The validated start parameters of `product`, or an {@link InvalidRecordingParams} listing
 * every problem as `<field path>: <rule>` (unknown fields and orchestrator-derived fields
 * such as trtc-cloud `UserId` included).
 */
export function validateStartParams(product: Product, params: unknown): Readonly<Record<string, unknown>> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidRecordingParams(product, ['(root): must be an object of Tencent start parameters']);
  }
  const recorder = recorderFor(product);
  const rest: Record<string, unknown> = { ...(params as Record<string, unknown>) };
  const issues: string[] = [];
  for (const field of recorder.derivedFields) {
    if (field in rest) {
      issues.push(`${field}: set by the orchestrator from the recordId (see domain/identity.ts); do not pass it`);
      delete rest[field];
    }
  }
  const result = recorder.paramsSchema.safeParse(rest);
  if (!result.success) issues.push(...formatIssues(result.error.issues));
  if (issues.length > 0 || !result.success) throw new InvalidRecordingParams(product, issues);
  return result.data;
}
