/** Builds every emulated product module over one shared world. */
import { type ProductModule, type World } from './module';

/** All five products; order is the catalog's. */
export function createProducts(_world: World): ProductModule[] {
  return [];
}
