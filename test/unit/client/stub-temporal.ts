// A stand-in Temporal Client for library and HTTP tests: records start/signal/update calls, scripted answers.
import type { Client } from '@temporalio/client';
import { RecordingLifecycle } from '../../../workflows/lifecycle';
import { defaultPayloadConverter } from '@temporalio/common';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';

export interface StubCall {
  readonly op: string;
  readonly workflowId?: string;
  readonly name?: string;
  readonly args?: unknown[];
  readonly options?: Record<string, unknown>;
}

/** A running recording's status query answer (the workflow's own shape, epoch ms). */
const RUNNING_STATUS = {
  ...RecordingLifecycle.create({}, 1_700_000_000_000).snapshot(),
  state: 'Recording',
  recordId: 'lesson-42',
  product: 'trtc-cloud',
  expiryPolicy: 'stop-before-expiry',
};

/** Only the members the library touches; anything else is a test bug and throws. */
export function stubTemporal(
  script: {
    startError?: Error;
    describeStatus?: string;
    queryAnswer?: unknown;
    /** The start input of an existing workflow (read back to compare a repeated start); none by default. */
    storedInput?: unknown;
  } = {},
) {
  const calls: StubCall[] = [];
  const handle = (workflowId: string) => ({
    workflowId,
    signal: (def: { name: string }, ...args: unknown[]) => {
      calls.push({ op: 'signal', workflowId, name: def.name, args });
      return Promise.resolve();
    },
    executeUpdate: (def: { name: string }, options?: { args?: unknown[] }) => {
      calls.push({ op: 'update', workflowId, name: def.name, args: options?.args ?? [] });
      return Promise.resolve(script.queryAnswer ?? RUNNING_STATUS);
    },
    query: (def: { name: string }) => {
      calls.push({ op: 'query', workflowId, name: def.name });
      return Promise.resolve(script.queryAnswer ?? RUNNING_STATUS);
    },
    describe: () => Promise.resolve({ status: { name: script.describeStatus ?? 'RUNNING' } }),
    result: () => Promise.resolve({ state: 'Completed' }),
  });
  const client = {
    options: { namespace: 'default', loadedDataConverter: loadDataConverter() },
    workflowService: {
      getWorkflowExecutionHistory: () => {
        calls.push({ op: 'history' });
        if (script.storedInput === undefined) return Promise.reject(Object.assign(new Error('not found'), { code: 5 }));
        const payload = defaultPayloadConverter.toPayload(script.storedInput);
        return Promise.resolve({
          history: { events: [{ workflowExecutionStartedEventAttributes: { input: { payloads: [payload] } } }] },
        });
      },
    },
    workflow: {
      start: (type: string, options: Record<string, unknown>) => {
        calls.push({ op: 'start', name: type, options });
        return script.startError === undefined
          ? Promise.resolve(handle(String(options['workflowId'])))
          : Promise.reject(script.startError);
      },
      getHandle: (workflowId: string) => handle(workflowId),
      list: (options: Record<string, unknown>) => {
        calls.push({ op: 'list', options });
        return {
          [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true as const, value: undefined }) }),
        };
      },
    },
    schedule: {
      list: () => {
        calls.push({ op: 'schedule.list' });
        return {
          [Symbol.asyncIterator]: () => ({ next: () => Promise.resolve({ done: true as const, value: undefined }) }),
        };
      },
      getHandle: (scheduleId: string) => {
        const op = (name: string) => () => {
          calls.push({ op: `schedule.${name}`, workflowId: scheduleId });
          return Promise.resolve();
        };
        return { pause: op('pause'), unpause: op('unpause'), delete: op('delete') };
      },
      create: (options: Record<string, unknown>) => {
        calls.push({ op: 'schedule.create', options });
        return Promise.resolve({ scheduleId: options['scheduleId'] });
      },
    },
  };
  return { client: client as unknown as Client, calls };
}
