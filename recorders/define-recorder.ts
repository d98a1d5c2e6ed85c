/** Builds a product's Recorder from its own code plus what CATALOG and BOUNDS already say about the product. */
import { BOUNDS } from '../domain/bounds';
import { CATALOG, type Product } from '../domain/catalog';
import type { Recorder } from './types';

/** The Recorder fields that are catalog data, not recorder code. */
type CatalogFields = 'product' | 'service' | 'version' | 'capabilities' | 'bounds' | 'ambiguousStart';

/**
 * `parts` plus the product's service, version and capabilities from CATALOG, its bounds from
 * BOUNDS, and its ambiguous-start policy from `repeatedCreateIsSafe`: read from the one table
 * the workflow also plans with (it picks the start's retry policy from the same fact), so
 * they cannot drift.
 */
export function defineRecorder<P>(product: Product, parts: Omit<Recorder<P>, CatalogFields>): Recorder<P> {
  const { service, version, capabilities, repeatedCreateIsSafe } = CATALOG[product];
  const ambiguousStart = repeatedCreateIsSafe ? 'retry-same-identity' : 'report';
  return { product, service, version, capabilities, bounds: BOUNDS[product], ambiguousStart, ...parts };
}
