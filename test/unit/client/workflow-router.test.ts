// The Temporal router caches lookups by keys one recording holds, never by keys several share.
import type { Client } from '@temporalio/client';
import { isSharedKey } from '../../../domain/search-attributes';
import { temporalWorkflowRouter } from '../../../client/gateway/callbacks/workflow-router';

/** A client whose visibility answers from `index` (key → running workflow ids) and counts queries. */
function stubVisibility(index: Map<string, string[]>) {
  const queries: string[] = [];
  const client = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>): Promise<T> => fn(),
    workflow: {
      list: ({ query }: { query: string }) => {
        queries.push(query);
        const ids = [...index.entries()].filter(([key]) => query.includes(`'${key}'`)).flatMap(([, v]) => v);
        const infos = ids.map((workflowId) => ({ workflowId, status: { name: 'RUNNING' } }));
        return {
          [Symbol.asyncIterator]: () => {
            let at = 0;
            return {
              next: () => Promise.resolve(at < infos.length ? { done: false, value: infos[at++] } : { done: true }),
            };
          },
        };
      },
    },
  };
  return { client: client as unknown as Client, queries };
}

test('device and stream keys are shared; TaskId, bot and RecordUserId keys are not', () => {
  expect(['device:p/d', 'stream:s'].map(isSharedKey)).toEqual([true, true]);
  expect(['task:t', 'bot:b', 'ruser:r', 'web:w'].map(isSharedKey)).toEqual([false, false, false, false]);
});

test('a TaskId lookup is cached; a device lookup is asked again, so a recording started later is found', async () => {
  const index = new Map([
    ['task:t1', ['recording:a']],
    ['device:p/d', ['recording:a']],
  ]);
  const { client, queries } = stubVisibility(index);
  const router = temporalWorkflowRouter(client);
  expect(await router.findWorkflows(['task:t1'])).toEqual(['recording:a']);
  expect(await router.findWorkflows(['task:t1'])).toEqual(['recording:a']);
  expect(queries).toHaveLength(1);

  expect(await router.findWorkflows(['device:p/d'])).toEqual(['recording:a']);
  index.set('device:p/d', ['recording:a', 'recording:b']); // a second recording of the device starts
  expect(await router.findWorkflows(['device:p/d'])).toEqual(['recording:a', 'recording:b']);
  expect(queries).toHaveLength(3);
});
