/** Builds a product's Recorder from its own code plus what CATALOG and BOUNDS already say about the product. */
import { BOUNDS } from '../domain/bounds';
import { CATALOG, type Product } from '../domain/catalog';
import type { Recorder } from './types';

/** The Recorder fields that are catalog data, not recorder code. */
type CatalogFields = 'product' | 'service' | 'version' | 'capabilities' | 'bounds';

/**
 * `parts` plus the product's service, version and capabilities from CATALOG and its bounds
 * from BOUNDS: read from the one table the workflow also plans with, so they cannot drift.
 */
export function defineRecorder<P>(product: Product, parts: Omit<Recorder<P>, CatalogFields>): Recorder<P> {
  const { service, version, capabilities } = CATALOG[product];
  return { product, service, version, capabilities, bounds: BOUNDS[product], ...parts };
}
