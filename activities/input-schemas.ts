/** zod schemas of the activity inputs (activity input is a boundary: histories can hold anything). */
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { PRODUCTS } from '../domain/catalog';
import { formatIssues } from '../recorders/schema-kit';
import type {
  DescribeTaskInput,
  ListRunningInput,
  ModifyTaskInput,
  StartTaskInput,
  TaskControlInput,
} from '../domain/contract';
import { FAILURE_TYPES } from './failures';

const product = z.enum(PRODUCTS);
const params = z.record(z.string(), z.unknown());

const identity = z.strictObject({
  botUserId: z.string().min(1).optional(),
  webRecordId: z.string().min(1).optional(),
  recordUserId: z.string().min(1).optional(),
});

const taskRef = z.strictObject({
  product,
  taskId: z.string().min(1),
  region: z.string().min(1).optional(),
  sdkAppId: z.int().positive().optional(),
  roomId: z.string().min(1).optional(),
  streamName: z.string().min(1).optional(),
  identity,
  controlExpiresAtMs: z.number().optional(),
});

const startInput = z.strictObject({
  product,
  recordId: z.string().min(1),
  attempt: z.int().nonnegative(),
  region: z.string().min(1).optional(),
  params,
  identity: identity.optional(),
});

export const INPUT_SCHEMAS = {
  start: startInput,
  // RecoverTaskInput is StartTaskInput: a recovery repeats the start's identity derivation.
  recover: startInput,
  describe: z.strictObject({ task: taskRef }),
  modify: z.strictObject({ task: taskRef, changes: params }),
  control: z.strictObject({ task: taskRef }),
  listRunning: z.strictObject({
    product,
    sdkAppId: z.int().positive(),
    region: z.string().min(1).optional(),
  }),
} satisfies Record<
  string,
  z.ZodType<StartTaskInput | DescribeTaskInput | ModifyTaskInput | TaskControlInput | ListRunningInput>
>;

/** Parses an activity input; a mismatch is a programming error, so it is non-retryable. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, activity: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw ApplicationFailure.create({
    type: FAILURE_TYPES.invalidInput,
    message: `${activity} input: ${formatIssues(result.error.issues).join('; ')}`,
    nonRetryable: true,
  });
}
