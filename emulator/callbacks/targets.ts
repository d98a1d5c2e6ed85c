/**
 * Where each product sends callbacks, and with which key. TRTC, web and CSS addresses live in
 * the provider console (so here: config or control API); TIW and TRRO also set them by API
 * (SetOnlineRecordCallback(Key) per SdkAppId, ModifyCallbackUrl per ProjectId).
 */
import { type Product } from '../catalog';

export interface CallbackTarget {
  readonly url?: string;
  readonly key?: string;
}

/** Callback URL and key per product, optionally per scope (SdkAppId / ProjectId); reset restores the configured defaults. */
export class CallbackTargets {
  private readonly targets = new Map<string, CallbackTarget>();

  constructor(private readonly defaults: Readonly<Partial<Record<Product, CallbackTarget>>> = {}) {
    this.reset();
  }

  /** The scoped target (SdkAppId / ProjectId) merged over the product-wide one. */
  get(product: Product, scope?: string): CallbackTarget {
    const base = this.targets.get(product) ?? {};
    const scoped = scope === undefined ? undefined : this.targets.get(`${product}/${scope}`);
    return { ...base, ...scoped };
  }

  /** Sets fields of a target; an empty string removes that field (TIW: empty URL/key deletes it). */
  set(product: Product, patch: CallbackTarget, scope?: string): void {
    const id = scope === undefined ? product : `${product}/${scope}`;
    const next: { url?: string; key?: string } = { ...this.targets.get(id) };
    if (patch.url !== undefined) next.url = patch.url;
    if (patch.key !== undefined) next.key = patch.key;
    if (next.url === '') delete next.url;
    if (next.key === '') delete next.key;
    // For a scope, an explicit empty value must also hide the product-wide default.
    if (scope !== undefined && patch.url === '') next.url = '';
    if (scope !== undefined && patch.key === '') next.key = '';
    this.targets.set(id, next);
  }

  list(): Record<string, CallbackTarget> {
    return Object.fromEntries(
      [...this.targets.entries()].map(([id, t]) => [id, { ...t, ...(t.key ? { key: '(set)' } : {}) }]),
    );
  }

  reset(): void {
    this.targets.clear();
    for (const [product, target] of Object.entries(this.defaults)) this.targets.set(product, { ...target });
  }
}
