/**
 * Invariant 8 on the real stack: a stop that reached the provider but whose answer was lost
 * ("act, then drop") is retried, and the retry's "no such task" is the stop succeeding, never
 * a failed recording. Every product, each with its own stop action dropped once.
 */
import { CATALOG, PRODUCTS, type Product } from '../../domain/catalog';
import { waitForState } from '../../scripts/demo-plans';
import { SCENARIOS } from '../../scripts/scenarios';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

async function stopWithLostAnswer(product: Product, seq: number): Promise<void> {
  const scenario = SCENARIOS[product];
  const identity = scenario.identity(seq);
  const recordId = `it-lost-stop-${product}-${Date.now().toString(36)}`;
  const { service, actions } = CATALOG[product];
  const stopAction = actions.stop ?? '';
  scenario.setUp(t.emulator.control, seq);
  const { recordings } = t.stack.client;
  await recordings.startRecording(scenario.spec(recordId, seq, Date.now(), { collectTimeoutMs: 1_000 }));
  await waitForState(recordings, recordId, 'Recording', 45_000);
  const taskId = (await recordings.status(recordId)).taskId;

  t.emulator.control.addFault({ service, action: stopAction, dropResponse: true, times: 1 });
  await recordings.stop(recordId);
  const result = await recordings.result(recordId, { wait: true });

  expect({ product, state: result?.state, endReason: result?.endReason, taskId: result?.taskId }).toEqual({
    product,
    state: 'Completed',
    endReason: 'stopped-by-request',
    taskId,
  });
  const stops = t.callsOf(stopAction, identity);
  expect(stops[0]).toMatchObject({ outcome: 'ok', responseDropped: true });
  expect(stops.length).toBeGreaterThanOrEqual(2);
  expect(t.emulator.control.tasks({ product, identity, running: true })).toEqual([]);
}

test('a stop whose answer was lost ends Completed / stopped-by-request for every product, with no task left running', async () => {
  await Promise.all(PRODUCTS.map((product, i) => stopWithLostAnswer(product, 60 + i)));
}, 240_000);
