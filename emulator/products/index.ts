/** Builds every emulated product module over one shared world. */
import { type ProductModule, type World } from './module';
import { createTrtcCloud } from './trtc-cloud/index';
import { createTrtcWeb } from './trtc-web/index';
import { createTiwOnline } from './tiw-online/index';
import { createCssLive } from './css-live/index';
import { createTrroCloud } from './trro-cloud/index';

/** All five products; order is the catalog's. */
export function createProducts(world: World): ProductModule[] {
  return [
    createTrtcCloud(world),
    createTrtcWeb(world),
    createTiwOnline(world),
    createCssLive(world),
    createTrroCloud(world),
  ];
}
