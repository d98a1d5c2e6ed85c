/**
 * All five products end to end on the real stack (dev server, emulator, gateway with callbacks,
 * workers with the real activities and cloud client), each driven as `npm run demo` drives it
 * and each ending a different way (test/support/lifecycles.ts). Real time, small durations.
 */
import { expectLifecycles, runLifecycles } from '../support/lifecycles';
import { startTestStack, type TestStack } from '../support/stack';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
}, 120_000);
afterAll(async () => {
  await t?.stop();
}, 60_000);

test('every product: start, record, end, files; one provider task each, none left running', async () => {
  expectLifecycles(t, await runLifecycles(t, 'it-life'));
}, 100_000);
