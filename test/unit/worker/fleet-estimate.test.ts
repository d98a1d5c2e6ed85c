/** The worker's fleet estimate: counts per product become poll units against each describe budget. */
import { activityQueueLayout } from '../../../worker/activity-workers';
import { DEFAULT_POLL_BUDGET_SHARE, createFleetEstimate, describeBudgets } from '../../../worker/fleet-estimate';
import { fleetPollUnitMs } from '../../../domain/poll-budget';

test('no unit before the first count; then one from the counted fleet, refreshed when it changes', async () => {
  let live = 10;
  const estimate = createFleetEstimate({ count: () => Promise.resolve(live), budgetPerSecond: { 'trtc-cloud': 8 } });
  expect(estimate.pollUnitMs('trtc-cloud')).toBeUndefined();
  await estimate.refresh();
  expect(estimate.pollUnitMs('trtc-cloud')).toBe(fleetPollUnitMs(10, 8));
  live = 10_000;
  await estimate.refresh();
  expect(estimate.pollUnitMs('trtc-cloud')).toBe(fleetPollUnitMs(10_000, 8));
  // A product without a budget gets no unit and is never counted.
  expect(estimate.pollUnitMs('css-live')).toBeUndefined();
});

test('a failed count keeps the last estimate', async () => {
  let fail = false;
  const estimate = createFleetEstimate({
    count: () => (fail ? Promise.reject(new Error('visibility down')) : Promise.resolve(40)),
    budgetPerSecond: { 'tiw-online': 8 },
  });
  await estimate.refresh();
  fail = true;
  await estimate.refresh();
  expect(estimate.fleet['tiw-online']).toBe(40);
});

test('each product with describe gets a share of its describe queue rate', () => {
  const budgets = describeBudgets(activityQueueLayout());
  // 20/s documented × (1 − 0.6 head-room) = 8/s dispatch, of which the share goes to watch polls.
  expect(budgets['trtc-cloud']).toBeCloseTo(8 * DEFAULT_POLL_BUDGET_SHARE);
  expect(budgets['css-live']).toBeUndefined();
});
