/** The queue layout makes the documented per-API limits server-enforced, across all workers. */
import { activityQueueLayout } from '../../../worker/activity-workers';
import { CATALOG, PRODUCTS, activityTaskQueue, type Product, type ProductCatalogEntry } from '../../../domain/catalog';

describe('activityQueueLayout', () => {
  const layout = activityQueueLayout();

  test('gives every product operation exactly one queue, the one workflows address', () => {
    for (const product of PRODUCTS) {
      for (const operation of Object.keys(CATALOG[product].actions) as (keyof (typeof CATALOG)[Product]['actions'])[]) {
        const queue = activityTaskQueue(product, operation);
        const holders = layout.filter((spec) =>
          spec.uses.some((u) => u.product === product && u.operation === operation),
        );
        expect(holders.map((spec) => spec.taskQueue)).toEqual([queue]);
      }
    }
  });

  test('one queue per API: same action name on different services stays apart', () => {
    const names = layout.map((spec) => spec.taskQueue);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['tencent.trtc.CreateCloudRecording', 'tencent.trro.CreateCloudRecording']),
    );
    const trro = layout.find((spec) => spec.taskQueue === 'tencent.trro.CreateCloudRecording');
    expect(trro?.uses).toEqual([{ product: 'trro-cloud', operation: 'start' }]);
  });

  test('sets each queue under its documented limit, by the default head-room (0.6)', () => {
    const rate = (queue: string) => layout.find((spec) => spec.taskQueue === queue)?.maxTaskQueueActivitiesPerSecond;
    expect(rate('tencent.live.CreateLiveRecord')).toBe(200);
    expect(rate('tencent.live.StopLiveRecord')).toBe(80);
    expect(rate('tencent.trtc.StartWebRecord')).toBe(8);
    expect(rate('tencent.tiw.DescribeRunningTasks')).toBe(8);
    expect(layout.find((spec) => spec.taskQueue === 'tencent.trtc.StartWebRecord')?.documentedPerSecond).toBe(20);
    const total = PRODUCTS.reduce((n, p) => n + Object.keys(CATALOG[p].actions).length, 0);
    expect(layout.reduce((n, spec) => n + spec.uses.length, 0)).toBe(total);
  });

  test('scale and overrides adjust limits; the prefix names the queues', () => {
    const scaled = activityQueueLayout({
      prefix: 'prod',
      scale: 0.5,
      headroom: 0,
      overrides: { 'live.CreateLiveRecord': 100 },
    });
    const find = (queue: string) => scaled.find((spec) => spec.taskQueue === queue);
    expect(find('prod.live.CreateLiveRecord')).toMatchObject({
      documentedPerSecond: 500,
      maxTaskQueueActivitiesPerSecond: 50,
    });
    expect(find('prod.trtc.DescribeCloudRecording')?.maxTaskQueueActivitiesPerSecond).toBe(10);
    const spared = activityQueueLayout({ scale: 0.5, headroom: 0.2 });
    // dispatch = limit × scale × (1 − headroom)
    expect(spared.find((spec) => spec.api === 'trtc.StartWebRecord')?.maxTaskQueueActivitiesPerSecond).toBe(8);
  });

  test('rejects a bad scale and overrides naming unknown APIs', () => {
    expect(() => activityQueueLayout({ scale: 0 })).toThrow('rate-limit scale must be in (0, 1], got 0');
    expect(() => activityQueueLayout({ scale: 1.5 })).toThrow('rate-limit scale must be in (0, 1]');
    expect(() => activityQueueLayout({ headroom: 1 })).toThrow('rate-limit headroom must be in [0, 1), got 1');
    expect(() => activityQueueLayout({ headroom: -0.5 })).toThrow('rate-limit headroom must be in [0, 1)');
    expect(() => activityQueueLayout({ overrides: { 'trtc.NoSuchAction': 5 } })).toThrow(
      /RATE_LIMITS names unknown APIs: trtc\.NoSuchAction/,
    );
  });

  test('shares a queue when two products call the same API, and refuses disagreeing limits', () => {
    const twin = (limit: number): Record<Product, ProductCatalogEntry> => ({
      ...CATALOG,
      'trro-cloud': {
        ...CATALOG['trtc-cloud'],
        actions: { start: 'CreateCloudRecording' },
        rateLimitPerSecond: { start: limit },
      },
    });
    const shared = activityQueueLayout({ catalog: twin(20) }).find(
      (spec) => spec.taskQueue === 'tencent.trtc.CreateCloudRecording',
    );
    expect(shared?.uses).toEqual([
      { product: 'trtc-cloud', operation: 'start' },
      { product: 'trro-cloud', operation: 'start' },
    ]);
    expect(shared?.maxTaskQueueActivitiesPerSecond).toBe(8);
    expect(() => activityQueueLayout({ catalog: twin(50) })).toThrow(
      /tencent\.trtc\.CreateCloudRecording: trro-cloud start disagrees with trtc-cloud start/,
    );
  });
});
